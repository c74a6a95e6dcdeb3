package io.padic.api.identity;

import io.padic.api.audit.AuditAction;
import io.padic.api.audit.AuditLog;
import io.padic.api.audit.Target;
import io.padic.api.common.ApiProblem;
import io.padic.api.common.PadicConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/**
 * Password reset and e-mail verification by links sent by mail (docs/design.md#one-time-links). A reset request
 * answers the same whether the account exists or not, takes the same limits, and mails in the background.
 */
@ApplicationScoped
public class AccountLinks {

    private final IdentityRepository users;
    private final SessionService sessions;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final OneTimeTokens tokens;
    private final AccountMails mails;
    private final MailLimits limits;
    private final PadicConfig.Mail config;
    private final AuditLog audit;

    public AccountLinks(IdentityRepository users, SessionService sessions, PasswordHasher hasher,
            PasswordPolicy policy, OneTimeTokens tokens, AccountMails mails, MailLimits limits, PadicConfig config, AuditLog audit) {
        this.audit = audit;
        this.users = users;
        this.sessions = sessions;
        this.hasher = hasher;
        this.policy = policy;
        this.tokens = tokens;
        this.mails = mails;
        this.limits = limits;
        this.config = config.mail();
    }

    /** Mails a reset link if an account has this e-mail; tells nothing either way. */
    public void requestPasswordReset(String email, String clientAddress) {
        String normalized = email.trim().toLowerCase(Locale.ROOT);
        limits.beginReset(normalized, clientAddress);
        users.findByEmail(normalized).ifPresent(user -> {
            String token = tokens.issue(OneTimeToken.Purpose.PASSWORD_RESET, config.passwordResetLifetime(), t -> {
                t.userId = user.id;
                t.email = user.email;
            });
            mails.passwordReset(user.email, token);
        });
    }

    /**
     * Sets a new password with a reset link's token and ends every session of the user. The password is checked
     * before the token is used, so a refused password leaves the link working. Using the link also proves the
     * e-mail address.
     */
    public User resetPassword(String token, String password) {
        OneTimeToken peeked = tokens.peek(token, OneTimeToken.Purpose.PASSWORD_RESET);
        User user = users.findById(peeked.userId);
        if (user == null) {
            throw OneTimeTokens.expired();
        }
        policy.check(password, user.email, user.name);
        String hash = hasher.hash(password);
        OneTimeToken used = tokens.use(token, OneTimeToken.Purpose.PASSWORD_RESET);
        users.setPassword(used.userId, hash);
        sessions.signOutAll(users.findById(used.userId), null);
        users.markEmailVerified(used.userId, used.email);
        audit.recordForAccount(user.tenantIds, user.actor(), AuditAction.PASSWORD_RESET, Target.member(user.id,
                user.email));
        return user;
    }

    /** Mails a verification link to the user's address (after sign-up, and when they ask again). */
    public void sendVerification(User user) {
        String token = tokens.issue(OneTimeToken.Purpose.EMAIL_VERIFICATION, config.verificationLifetime(), t -> {
            t.userId = user.id;
            t.email = user.email;
        });
        mails.verification(user.email, token);
    }

    /** Another verification mail for the signed-in user; 409 when the address is verified already. */
    public void resendVerification(User user) {
        if (user.emailVerified) {
            throw ApiProblem.conflict("Your e-mail address is verified already");
        }
        limits.beginResend(user.id);
        sendVerification(user);
    }

    /** Marks the address the link was sent to verified, if it is still the user's. */
    public void verifyEmail(String token) {
        OneTimeToken used = tokens.use(token, OneTimeToken.Purpose.EMAIL_VERIFICATION);
        if (!users.markEmailVerified(used.userId, used.email)) {
            throw OneTimeTokens.used("was sent to an address the account no longer has");
        }
        User user = users.findById(used.userId);
        audit.recordForAccount(user.tenantIds, user.actor(), AuditAction.EMAIL_VERIFIED, Target.member(user.id,
                user.email));
    }
}
