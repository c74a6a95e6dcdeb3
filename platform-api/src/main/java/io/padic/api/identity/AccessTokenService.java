package io.padic.api.identity;

import io.padic.api.audit.AuditAction;
import io.padic.api.audit.AuditLog;
import io.padic.api.audit.Target;
import io.padic.api.common.ApiProblem;
import io.padic.api.common.Digests;
import io.padic.api.common.PadicConfig;
import io.padic.api.common.RandomIds;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Personal access tokens: created (the secret shown once, kept as its digest, I8), listed, revoked, and
 * checked on each request. Each expires; the longest lifetime is padic.auth.token-max-days.
 */
@ApplicationScoped
public class AccessTokenService {

    private static final Duration NOTE_USE_EVERY = Duration.ofMinutes(1);

    private final AccessTokenRepository tokens;
    private final AccountSecurityRepository accounts;
    private final AuthClock clock;
    private final int maxDays;
    private final int perUser;
    private final AuditLog audit;

    public AccessTokenService(AccessTokenRepository tokens, AccountSecurityRepository accounts, AuthClock clock,
            PadicConfig config, AuditLog audit) {
        this.audit = audit;
        this.tokens = tokens;
        this.accounts = accounts;
        this.clock = clock;
        this.maxDays = config.auth().tokenMaxDays();
        this.perUser = config.auth().tokensPerUser();
    }

    public record Created(AccessToken token, String secret) {
    }

    public Created create(User user, String name, List<String> scopes, int expiresInDays) {
        for (int i = 0; i < scopes.size(); i++) {
            if (!TokenScopes.ALL.contains(scopes.get(i))) {
                throw ApiProblem.invalid("scopes[" + i + "]", "must be one of " + TokenScopes.ALL);
            }
        }
        if (expiresInDays < 1 || expiresInDays > maxDays) {
            throw ApiProblem.invalid("expiresInDays", "must be between 1 and " + maxDays);
        }
        String secret = RandomIds.secret(AccessToken.SECRET_PREFIX);
        Instant now = clock.now();
        AccessToken token = new AccessToken();
        token.id = Digests.sha256(secret);
        token.tokenId = RandomIds.next("tok");
        token.userId = user.id;
        token.name = name.trim();
        token.scopes = List.copyOf(new LinkedHashSet<>(scopes));
        token.hint = secret.substring(0, 8) + "…" + secret.substring(secret.length() - 4);
        token.createdAt = now;
        token.expiresAt = now.plus(Duration.ofDays(expiresInDays));
        // The user lists the digest first (within the quota, one conditional update); the lookup record last, so a
        // token that works is always listed.
        if (!accounts.addToken(user.id, token.id, perUser)) {
            throw new ApiProblem(429, "quota-exceeded", "Quota exceeded", "You hold " + perUser + " personal access"
                    + " tokens; revoke one to create another (padic.auth.tokens-per-user = " + perUser + ")", null,
                    java.util.Map.of("quota", "auth.tokens-per-user", "limit", perUser));
        }
        tokens.persist(token);
        audit.recordForAccount(user.tenantIds, user.actor(), AuditAction.ACCESS_TOKEN_CREATED,
                Target.accessToken(token.tokenId, token.name));
        return new Created(token, secret);
    }

    /** The user's tokens that work, newest first. */
    public List<AccessToken> list(User user) {
        Instant now = clock.now();
        return tokens.byDigests(user.tokenDigests).stream().filter(t -> t.expiresAt.isAfter(now))
                .sorted(Comparator.comparing((AccessToken t) -> t.createdAt).reversed()).toList();
    }

    public void revoke(User user, String tokenId) {
        AccessToken token = tokens.byDigests(user.tokenDigests).stream().filter(t -> t.tokenId.equals(tokenId))
                .findFirst().orElseThrow(() -> ApiProblem.notFound("Token " + tokenId));
        // The lookup record goes first: from then on the token neither works nor is listed.
        tokens.deleteById(token.id);
        accounts.removeToken(user.id, token.id);
        audit.recordForAccount(user.tenantIds, user.actor(), AuditAction.ACCESS_TOKEN_REVOKED,
                Target.accessToken(token.tokenId, token.name));
    }

    /** The live token of a secret, or 401. */
    public AccessToken authenticate(String secret) {
        AccessToken token = tokens.findById(Digests.sha256(secret));
        Instant now = clock.now();
        if (token == null) {
            throw ApiProblem.unauthorized("The personal access token is unknown or revoked");
        }
        if (!token.expiresAt.isAfter(now)) {
            throw ApiProblem.unauthorized("The personal access token expired at " + token.expiresAt
                    + "; create a new one");
        }
        if (token.lastUsedAt == null || !token.lastUsedAt.plus(NOTE_USE_EVERY).isAfter(now)) {
            tokens.touch(token.id, now.minus(NOTE_USE_EVERY), now);
        }
        return token;
    }
}
