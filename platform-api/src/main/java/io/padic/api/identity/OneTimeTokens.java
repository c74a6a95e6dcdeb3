package io.padic.api.identity;

import io.padic.api.common.ApiProblem;
import io.padic.api.common.Digests;
import io.padic.api.common.RandomIds;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;

/**
 * The tokens of links sent by mail: random, shown only in the mail, stored only as the SHA-256 digest that is the
 * document's {@code _id}, single-use and expiring (docs/design.md#one-time-links). A token that is unknown, used or
 * expired is refused with a problem that says which, naming the field {@code token}.
 */
@ApplicationScoped
public class OneTimeTokens {

    private final OneTimeTokenRepository tokens;

    public OneTimeTokens(OneTimeTokenRepository tokens) {
        this.tokens = tokens;
    }

    /** Stores a new token for {@code purpose}, valid for {@code lifetime}; returns the token itself (shown once). */
    public String issue(OneTimeToken.Purpose purpose, Duration lifetime, Consumer<OneTimeToken> details) {
        String token = RandomIds.secret(prefix(purpose));
        OneTimeToken stored = new OneTimeToken();
        stored.id = Digests.sha256(token);
        stored.purpose = purpose;
        stored.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        stored.expiresAt = stored.createdAt.plus(lifetime);
        details.accept(stored);
        tokens.persist(stored);
        return token;
    }

    /** Uses the token up (one conditional update), or refuses it saying why. */
    public OneTimeToken use(String token, OneTimeToken.Purpose purpose) {
        return tokens.use(Digests.sha256(token), purpose, Instant.now()).orElseThrow(() -> refusal(token, purpose));
    }

    /** The token if it could still be used, without using it; else the refusal {@link #use} would give. */
    public OneTimeToken peek(String token, OneTimeToken.Purpose purpose) {
        OneTimeToken stored = tokens.findById(Digests.sha256(token));
        if (stored == null || stored.purpose != purpose || stored.usedAt != null
                || !stored.expiresAt.isAfter(Instant.now())) {
            throw refusal(token, purpose);
        }
        return stored;
    }

    /** Marks the token used after the fact (an invitation is used up by the change of its workspace). */
    public void markUsed(String digest, OneTimeToken.Purpose purpose) {
        tokens.use(digest, purpose, Instant.now());
    }

    /** Why a token could not be used, read after the fact. */
    private ApiProblem refusal(String token, OneTimeToken.Purpose purpose) {
        OneTimeToken stored = tokens.findById(Digests.sha256(token));
        if (stored == null || stored.purpose != purpose) {
            return new ApiProblem(404, "link-unknown", "Unknown link", "This link is not one we sent; check that "
                    + "it was copied whole", List.of(new ApiProblem.FieldError("token", "is unknown")), null);
        }
        if (stored.usedAt != null) {
            return used("has been used already");
        }
        return expired();
    }

    static ApiProblem used(String how) {
        return new ApiProblem(410, "link-used", "Link already used", "This link " + how + "; each link works once",
                List.of(new ApiProblem.FieldError("token", how)), null);
    }

    static ApiProblem expired() {
        return new ApiProblem(410, "link-expired", "Link expired", "This link has expired; ask for a new one",
                List.of(new ApiProblem.FieldError("token", "has expired")), null);
    }

    private static String prefix(OneTimeToken.Purpose purpose) {
        return switch (purpose) {
            case PASSWORD_RESET -> "pdr";
            case EMAIL_VERIFICATION -> "pdv";
            case INVITATION -> "pdi";
        };
    }
}
