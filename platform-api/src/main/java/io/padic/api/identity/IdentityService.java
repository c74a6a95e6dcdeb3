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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** Sign-up, log-in and sessions. A session token is shown once and kept only as its digest (I8). */
@ApplicationScoped
public class IdentityService {

    public static final String SESSION_PREFIX = "pds";
    private static final String GENERIC_LOGIN_FAILURE = "The e-mail or password is wrong";

    private final IdentityRepository users;
    private final TenantRepository tenants;
    private final SessionRepository sessions;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final SignInLimits limits;
    private final AuditLog audit;
    private final Duration sessionLifetime;

    public IdentityService(IdentityRepository users, TenantRepository tenants, SessionRepository sessions,
            PasswordHasher hasher, PasswordPolicy policy, SignInLimits limits, AuditLog audit, PadicConfig config) {
        this.audit = audit;
        this.users = users;
        this.tenants = tenants;
        this.sessions = sessions;
        this.hasher = hasher;
        this.policy = policy;
        this.limits = limits;
        this.sessionLifetime = config.auth().sessionLifetime();
    }

    public record SignedIn(User user, String token, Tenant tenant) {
    }

    /** Creates the user, a personal workspace they own, and a first session. */
    public SignedIn signUp(String email, String password, String name, String clientAddress) {
        String normalized = normalize(email);
        limits.beginSignUp(clientAddress);
        policy.check(password, normalized, name);
        if (users.findByEmail(normalized).isPresent()) {
            throw ApiProblem.conflict("An account with this e-mail exists already");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        User user = new User();
        user.id = RandomIds.next("usr");
        user.email = normalized;
        user.name = name.trim();
        user.passwordHash = hasher.hash(password);
        user.createdAt = now;

        Tenant tenant = new Tenant();
        tenant.id = RandomIds.next("ten");
        tenant.name = user.name + "'s workspace";
        tenant.personal = true;
        tenant.members.add(new Tenant.Membership(user.id, Role.OWNER));
        tenant.createdAt = now;
        user.tenantIds.add(tenant.id);
        users.insertNew(user);
        tenants.persist(tenant);
        audit.record(tenant.id, user.actor(), AuditAction.ACCOUNT_SIGNED_UP, Target.workspace(tenant.id, tenant.name));
        return new SignedIn(user, newSession(user.id), tenant);
    }

    /**
     * A known and an unknown e-mail take the same path: the same limits, and a bcrypt check of the same cost
     * (against a dummy hash when there is no account), so neither the answer nor its time tells them apart.
     */
    public SignedIn logIn(String email, String password, String clientAddress) {
        String normalized = normalize(email);
        SignInLimits.Attempt attempt = limits.beginLogIn(normalized, clientAddress);
        boolean failed = false;
        try {
            User user = users.findByEmail(normalized).orElse(null);
            if (!hasher.matches(password, user == null ? null : user.passwordHash)) {
                failed = true;
                if (user != null) {
                    recordSignIn(user, AuditAction.SIGNIN_FAILED);
                }
                throw ApiProblem.unauthorized(GENERIC_LOGIN_FAILURE);
            }
            String token = newSession(user.id);
            recordSignIn(user, AuditAction.SIGNIN_SUCCEEDED);
            return new SignedIn(user, token, null);
        } finally {
            if (!failed) {
                limits.giveBack(attempt); // only failed attempts count; a busy server's refusal is not one
            }
        }
    }

    /**
     * A sign-in belongs to no workspace, so it is recorded in each of the user's (docs/design.md#audit-log). A failure
     * for an e-mail with no account is recorded nowhere: nothing is kept under an address that no one owns.
     */
    private void recordSignIn(User user, AuditAction action) {
        for (String tenantId : user.tenantIds) {
            audit.record(tenantId, user.actor(), action, null);
        }
    }

    public void logOut(String token) {
        sessions.deleteById(Digests.sha256(token));
    }

    /** The user behind a session token, or 401. */
    public User userForToken(String token) {
        Session session = token.startsWith(SESSION_PREFIX + "_") ? sessions.findById(Digests.sha256(token)) : null;
        if (session == null || session.expiresAt.isBefore(Instant.now())) {
            throw ApiProblem.unauthorized("Sign in again: the session token is missing, unknown or expired");
        }
        User user = users.findById(session.userId);
        if (user == null) {
            throw ApiProblem.unauthorized("Sign in again: the session token is missing, unknown or expired");
        }
        return user;
    }

    public List<Tenant> tenantsOf(User user) {
        return tenants.list("_id in ?1", user.tenantIds);
    }

    private String newSession(String userId) {
        String token = RandomIds.secret(SESSION_PREFIX);
        Session session = new Session();
        session.id = Digests.sha256(token);
        session.userId = userId;
        session.createdAt = Instant.now();
        session.expiresAt = session.createdAt.plus(sessionLifetime);
        sessions.persist(session);
        return token;
    }

    private static String normalize(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
