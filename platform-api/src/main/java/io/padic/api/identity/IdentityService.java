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
import java.util.Map;

/** Sign-up, log-in (with its second step when TOTP is on) and re-authentication. A session token is shown once and kept only as its digest (I8). */
@ApplicationScoped
public class IdentityService {

    public static final String SESSION_PREFIX = "pds";
    private static final String GENERIC_LOGIN_FAILURE = "The e-mail or password is wrong";

    private final IdentityRepository users;
    private final TenantRepository tenants;
    private final SessionService sessions;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final SignInLimits limits;
    private final AuditLog audit;
    private final TotpService totp;
    private final PendingLoginRepository pending;
    private final AuthClock clock;
    private final Duration secondFactorWindow;

    public IdentityService(IdentityRepository users, TenantRepository tenants, SessionService sessions,
            PasswordHasher hasher, PasswordPolicy policy, SignInLimits limits, TotpService totp,
            PendingLoginRepository pending, AuthClock clock, AuditLog audit, PadicConfig config) {
        this.audit = audit;
        this.users = users;
        this.tenants = tenants;
        this.sessions = sessions;
        this.hasher = hasher;
        this.policy = policy;
        this.limits = limits;
        this.totp = totp;
        this.pending = pending;
        this.clock = clock;
        this.secondFactorWindow = config.auth().secondFactorWindow();
    }

    public record SignedIn(User user, String token, Tenant tenant) {
    }

    public SignedIn signUp(String email, String password, String name, String clientAddress) {
        return signUp(email, password, name, new SessionService.Client(clientAddress, null));
    }

    /** Creates the user, a personal workspace they own, and a first session. */
    public SignedIn signUp(String email, String password, String name, SessionService.Client client) {
        String normalized = normalize(email);
        limits.beginSignUp(client.address());
        policy.check(password, normalized, name);
        if (users.findByEmail(normalized).isPresent()) {
            throw ApiProblem.conflict("An account with this e-mail exists already");
        }
        User user = newUser(RandomIds.next("usr"), normalized, name, hasher.hash(password), false);
        return createAccount(user, client);
    }

    /** A user not stored yet; {@code passwordHash} is null for an account made by a single sign-on. */
    User newUser(String id, String normalizedEmail, String name, String passwordHash, boolean emailVerified) {
        User user = new User();
        user.id = id;
        user.email = normalizedEmail;
        user.name = name.trim();
        user.passwordHash = passwordHash;
        user.emailVerified = emailVerified;
        user.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return user;
    }

    /** Stores the user (409 if the e-mail is taken meanwhile) with a personal workspace they own, and signs in. */
    SignedIn createAccount(User user, SessionService.Client client) {
        Tenant tenant = new Tenant();
        tenant.id = RandomIds.next("ten");
        tenant.name = user.name + "'s workspace";
        tenant.personal = true;
        tenant.members.add(new Tenant.Membership(user.id, Role.OWNER));
        tenant.createdAt = user.createdAt;
        user.tenantIds.add(tenant.id);
        users.insertNew(user);
        tenants.persist(tenant);
        audit.record(tenant.id, user.actor(), AuditAction.ACCOUNT_SIGNED_UP, Target.workspace(tenant.id, tenant.name));
        return new SignedIn(user, sessions.open(user.id, client), tenant);
    }

    /**
     * A known and an unknown e-mail take the same path: the same limits, and a bcrypt check of the same cost
     * (against a dummy hash when there is no account), so neither the answer nor its time tells them apart.
     * With TOTP on, the right password answers 401 {@code second-factor-needed} with a short-lived
     * {@code mfaToken} for {@link #finishLogIn} instead of a session.
     */
    public SignedIn logIn(String email, String password, String clientAddress) {
        return logIn(email, password, new SessionService.Client(clientAddress, null));
    }

    public SignedIn logIn(String email, String password, SessionService.Client client) {
        String normalized = normalize(email);
        SignInLimits.Attempt attempt = limits.beginLogIn(normalized, client.address());
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
            return signInProven(user, client);
        } finally {
            if (!failed) {
                limits.giveBack(attempt); // only failed attempts count; a busy server's refusal is not one
            }
        }
    }

    /**
     * The first factor is proven (a password, or a provider's ID token): a session, or with TOTP on, 401
     * {@code second-factor-needed} with the token for {@link #finishLogIn}.
     */
    SignedIn signInProven(User user, SessionService.Client client) {
        if (user.totpOn()) {
            throw secondFactorNeeded(user);
        }
        SignedIn in = new SignedIn(user, sessions.open(user.id, client), null);
        recordSignIn(user, AuditAction.SIGNIN_SUCCEEDED);
        return in;
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

    private ApiProblem secondFactorNeeded(User user) {
        String token = RandomIds.secret(PendingLogin.SECRET_PREFIX);
        PendingLogin login = new PendingLogin();
        login.id = Digests.sha256(token);
        login.userId = user.id;
        login.expiresAt = clock.now().plus(secondFactorWindow);
        pending.persist(login);
        return new ApiProblem(401, "second-factor-needed", "Second factor needed", "The password is right; send a"
                + " code from your authenticator app or a recovery code with this mfaToken to"
                + " POST /v1/auth/login/second-factor", null,
                Map.of("mfaToken", token, "expiresAt", login.expiresAt.toString()));
    }

    /** What finished a two-step log-in: a TOTP code or a recovery code. */
    public record SecondStep(SignedIn signedIn, TotpService.Check usedCode) {
    }

    /** The second step of a log-in with TOTP on: a current code or an unused recovery code opens the session. */
    public SecondStep finishLogIn(String mfaToken, String code, SessionService.Client client) {
        String digest = mfaToken.startsWith(PendingLogin.SECRET_PREFIX + "_") ? Digests.sha256(mfaToken) : null;
        PendingLogin login = digest == null ? null : pending.findById(digest);
        if (login != null && !login.expiresAt.isAfter(clock.now())) {
            pending.deleteById(login.id);
            login = null;
        }
        User user = login == null ? null : users.findById(login.userId);
        if (user == null) {
            throw ApiProblem.unauthorized("The sign-in's second step expired or was used; log in again");
        }
        TotpService.Check check = totp.checkLimited(user, code, client.address());
        if (!check.accepted()) {
            recordSignIn(user, AuditAction.SIGNIN_FAILED);
            throw TotpService.wrongCode(check, "code");
        }
        // One finish per first step, also when two arrive together.
        if (!pending.deleteById(login.id)) {
            throw ApiProblem.unauthorized("The sign-in's second step expired or was used; log in again");
        }
        SecondStep step = new SecondStep(new SignedIn(user, sessions.open(user.id, client), null), check);
        recordSignIn(user, AuditAction.SIGNIN_SUCCEEDED);
        return step;
    }

    /**
     * Marks the session recently authenticated after a right password or TOTP code (or recovery code); wrong ones
     * count against the sign-in limits. Answers until when it counts as recent.
     */
    public Instant reauthenticate(User user, Session session, String password, String code, String clientAddress) {
        if (password == null && code == null) {
            throw ApiProblem.invalid("password", "send the account's password, or a TOTP code as 'code'");
        }
        if (password != null) {
            String hash = users.findById(user.id).passwordHash;
            if (hash == null) {
                throw ApiProblem.invalid("password", "this account has no password (it signs in through single"
                        + " sign-on): set one through 'Forgot your password?', or confirm with a TOTP code");
            }
            SignInLimits.Attempt attempt = limits.beginLogIn(user.email, clientAddress);
            if (!hasher.matches(password, hash)) {
                throw ApiProblem.invalid("password", "is wrong");
            }
            limits.giveBack(attempt);
        } else {
            TotpService.Check check = totp.checkLimited(user, code, clientAddress);
            if (!check.accepted()) {
                throw TotpService.wrongCode(check, "code");
            }
        }
        return sessions.reauthenticated(session);
    }

    public List<Tenant> tenantsOf(User user) {
        return tenants.list("_id in ?1", user.tenantIds);
    }

    static String normalize(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
