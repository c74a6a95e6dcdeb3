package io.padic.api.identity;

import io.padic.api.audit.AuditAction;
import io.padic.api.audit.AuditLog;
import io.padic.api.audit.Target;
import io.padic.api.common.ApiProblem;
import io.padic.api.common.Digests;
import io.padic.api.common.PadicConfig;
import io.padic.api.common.RandomIds;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Sign-in with an identity provider's ID token (docs/design.md#sign-in-sessions-and-tokens). A linked identity
 * signs in to its account; an unlinked one links to the account of its e-mail only when the provider says it
 * verified that e-mail and the account confirmed it too, and otherwise, when no account has the e-mail, creates
 * one. The token is checked here (IdTokens) and works once.
 */
@ApplicationScoped
public class SingleSignOn {

    private static final Duration WAIT_FOR_TWIN = Duration.ofSeconds(3);

    private final IdTokens tokens;
    private final IdentityLinkRepository links;
    private final IdentityRepository users;
    private final IdentityService identity;
    private final SignInLimits limits;
    private final AuditLog audit;
    private final AuthClock clock;
    private final Duration maxTokenAge;

    public SingleSignOn(IdTokens tokens, IdentityLinkRepository links, IdentityRepository users,
            IdentityService identity, SignInLimits limits, AuditLog audit, AuthClock clock, PadicConfig config) {
        this.tokens = tokens;
        this.links = links;
        this.users = users;
        this.identity = identity;
        this.limits = limits;
        this.audit = audit;
        this.clock = clock;
        this.maxTokenAge = config.auth().sso().maxTokenAge();
    }

    public boolean configured() {
        return tokens.configured();
    }

    /** A session for the ID token's identity (or, with TOTP on, 401 second-factor-needed as a password log-in). */
    public IdentityService.SignedIn signIn(String idToken, SessionService.Client client) {
        IdTokens.Identity who = tokens.verify(idToken);
        // Each ID token is exchanged once: a copy that leaked from a browser or a log opens nothing.
        if (!links.useTokenOnce(Digests.sha256(idToken), clock.now().plus(maxTokenAge).plusSeconds(120))) {
            throw ApiProblem.unauthorized("This sign-in was used already; sign in again");
        }
        for (int attempt = 0; ; attempt++) {
            Optional<User> linked = linkedUser(who);
            if (linked.isPresent()) {
                return identity.signInProven(linked.get(), client);
            }
            try {
                return linkOrCreate(who, client);
            } catch (RaceLost lost) {
                if (attempt == 2) {
                    throw ApiProblem.busy("The sign-in met another one for the same account; try again",
                            Duration.ofSeconds(1));
                }
            }
        }
    }

    /** Thrown when a concurrent sign-in or sign-up changed what this one read; the caller starts again. */
    private static final class RaceLost extends RuntimeException {
        RaceLost() {
            super(null, null, false, false);
        }
    }

    private Optional<User> linkedUser(IdTokens.Identity who) {
        IdentityLink link = links.findById(IdentityLink.keyOf(who.issuer(), who.subject()));
        if (link == null) {
            return Optional.empty();
        }
        User user = awaitUser(link.userId);
        if (user == null) {
            // A first sign-in stopped between its link and its account: the link leads nowhere, so it goes.
            links.delete("_id = ?1 and userId = ?2", link.id, link.userId);
            throw new RaceLost();
        }
        return Optional.of(user);
    }

    private IdentityService.SignedIn linkOrCreate(IdTokens.Identity who, SessionService.Client client) {
        if (who.email() == null || who.email().isBlank()) {
            throw ApiProblem.invalid("idToken", "carries no e-mail claim: give PAdic's client the 'email' scope at"
                    + " the identity provider");
        }
        String email = IdentityService.normalize(who.email());
        if (email.indexOf('@') < 1 || email.length() > 254) {
            throw ApiProblem.invalid("idToken", "carries an e-mail claim that is not an e-mail address");
        }
        Optional<User> existing = users.findByEmail(email);
        if (existing.isPresent()) {
            return linkExisting(who, existing.get(), client);
        }
        limits.beginSignUp(client.address());
        String userId = RandomIds.next("usr");
        IdentityLink link = links.link(who.issuer(), who.subject(), userId, clock.now());
        if (!link.userId.equals(userId)) {
            throw new RaceLost(); // a twin first sign-in linked it: use its account
        }
        User user = identity.newUser(userId, email, nameOf(who, email), null, who.emailVerified());
        try {
            return identity.createAccount(user, client);
        } catch (ApiProblem taken) {
            // A password sign-up took the e-mail between the lookup and the insert.
            links.deleteById(link.id);
            throw new RaceLost();
        }
    }

    private IdentityService.SignedIn linkExisting(IdTokens.Identity who, User user, SessionService.Client client) {
        if (!who.emailVerified()) {
            throw new ApiProblem(409, "sso-email-unverified", "E-mail not verified by the identity provider",
                    "An account with " + user.email + " exists. The identity provider has not verified that this"
                            + " e-mail address is yours, so its sign-in cannot open that account; log in with the"
                            + " account's password", null, Map.of("email", user.email));
        }
        if (!user.emailVerified) {
            // Otherwise whoever signed up with someone else's address first would share the owner's account.
            throw new ApiProblem(409, "sso-account-unconfirmed", "Account e-mail not confirmed",
                    "An account with " + user.email + " exists but its e-mail address was never confirmed, so it"
                            + " cannot be linked; log in with its password and confirm the address (or reset the"
                            + " password through the mailed link), then use single sign-on again", null,
                    Map.of("email", user.email));
        }
        IdentityLink link = links.link(who.issuer(), who.subject(), user.id, clock.now());
        if (!link.userId.equals(user.id)) {
            throw new RaceLost();
        }
        audit.recordForAccount(user.tenantIds, user.actor(), AuditAction.SSO_LINKED,
                Target.identityProvider(who.issuer()));
        return identity.signInProven(user, client);
    }

    /** The account a link names; a twin sign-in may still be creating it, for a moment. */
    private User awaitUser(String userId) {
        Instant giveUp = Instant.now().plus(WAIT_FOR_TWIN);
        for (long pause = 10; ; pause = Math.min(pause * 2, 200)) {
            User user = users.findById(userId);
            if (user != null || Instant.now().isAfter(giveUp)) {
                return user;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private static String nameOf(IdTokens.Identity who, String email) {
        String name = who.name() == null || who.name().isBlank() ? email.substring(0, email.indexOf('@')) : who.name();
        return name.length() > 200 ? name.substring(0, 200) : name;
    }

    @Scheduled(every = "1h", delayed = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetExchangedTokens() {
        if (configured()) {
            links.forgetTokensExpiredBefore(clock.now());
        }
    }
}
