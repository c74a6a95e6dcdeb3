package io.padic.api.identity;

import io.padic.api.audit.AuditAction;
import io.padic.api.audit.AuditLog;
import io.padic.api.audit.Target;
import io.padic.api.common.ApiProblem;
import io.padic.api.common.Digests;
import io.padic.api.common.PadicConfig;
import io.padic.api.common.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The second factor: enrol (a new secret, shown once), confirm with a first code (then ten recovery codes, shown
 * once), check a code at sign-in or re-authentication, turn off. Wrong codes count against the account's sign-in
 * limit like wrong passwords, so a stolen password does not buy a million guesses at the code.
 */
@ApplicationScoped
public class TotpService {

    private final IdentityRepository users;
    private final AccountSecurityRepository accounts;
    private final SecretBox box;
    private final SignInLimits limits;
    private final AuthClock clock;
    private final String issuer;
    private final AuditLog audit;

    public TotpService(IdentityRepository users, AccountSecurityRepository accounts, SecretBox box,
            SignInLimits limits, AuthClock clock, PadicConfig config, AuditLog audit) {
        this.audit = audit;
        this.users = users;
        this.accounts = accounts;
        this.box = box;
        this.limits = limits;
        this.clock = clock;
        this.issuer = config.auth().totpIssuer();
    }

    public record Enrolment(String secret, String otpauthUri, String qrSvg) {
    }

    public record Status(boolean enabled, boolean pending, Instant enabledAt, int recoveryCodesLeft) {
    }

    /** What a code turned out to be. */
    public enum Check {
        TOTP, RECOVERY_CODE, REUSED, WRONG;

        public boolean accepted() {
            return this == TOTP || this == RECOVERY_CODE;
        }
    }

    public Status status(User user) {
        User.SecondFactor f = fresh(user).totp;
        return f == null ? new Status(false, false, null, 0)
                : new Status(f.enabled, !f.enabled && f.pendingSealedSecret != null, f.enabledAt,
                        f.recoveryCodes == null ? 0 : f.recoveryCodes.size());
    }

    /** A new secret, kept sealed until a first code confirms it; starting again replaces an unconfirmed one. */
    public Enrolment start(User user) {
        byte[] secret = TotpCodes.newSecret();
        if (!accounts.startTotp(user.id, box.seal(secret, user.id))) {
            throw alreadyOn();
        }
        String uri = TotpCodes.uri(issuer, user.email, secret);
        return new Enrolment(TotpCodes.base32(secret), uri, QrSvg.of(uri));
    }

    /** Turns TOTP on if {@code code} is the pending secret's; answers the recovery codes (shown only here). */
    public List<String> confirm(User user, String code) {
        User.SecondFactor f = fresh(user).totp;
        if (f != null && f.enabled) {
            throw alreadyOn();
        }
        if (f == null || f.pendingSealedSecret == null) {
            throw new ApiProblem(409, "conflict", "Conflict", "Start the enrolment first (POST /v1/me/totp)");
        }
        OptionalLong step = TotpCodes.matchingStep(box.open(f.pendingSealedSecret, user.id), code, clock.now());
        if (step.isEmpty()) {
            throw ApiProblem.invalid("code", "is not the current code of the new secret; check the phone's clock"
                    + " and type the 6 digits the app shows now");
        }
        List<String> codes = TotpCodes.newRecoveryCodes();
        List<String> digests = codes.stream().map(c -> Digests.sha256(TotpCodes.normalizeRecoveryCode(c))).toList();
        if (!accounts.confirmTotp(user.id, f.pendingSealedSecret, step.getAsLong(), digests, clock.now())) {
            throw ApiProblem.conflict("The enrolment changed during this request (started again elsewhere?);"
                    + " start it again");
        }
        audit.recordForAccount(user.tenantIds, user.actor(), AuditAction.SECOND_FACTOR_ENABLED,
                Target.member(user.id, user.email));
        return codes;
    }

    /** Turns TOTP off; needs a current code or a recovery code. */
    public void disable(User user, String code, String clientAddress) {
        if (!fresh(user).totpOn()) {
            throw new ApiProblem(409, "conflict", "Conflict", "TOTP is not on for this account");
        }
        Check check = checkLimited(user, code, clientAddress);
        if (!check.accepted()) {
            throw wrongCode(check, "code");
        }
        accounts.disableTotp(user.id);
        audit.recordForAccount(user.tenantIds, user.actor(), AuditAction.SECOND_FACTOR_DISABLED,
                Target.member(user.id, user.email));
    }

    /**
     * Checks a TOTP code or a recovery code and uses it up; a miss takes one attempt from the account's and the
     * address's sign-in limits (429 once over).
     */
    public Check checkLimited(User user, String code, String clientAddress) {
        SignInLimits.Attempt attempt = limits.beginLogIn(user.email, clientAddress);
        Check check = check(user, code);
        if (check.accepted()) {
            limits.giveBack(attempt);
        }
        return check;
    }

    private Check check(User user, String code) {
        User.SecondFactor f = fresh(user).totp;
        if (f == null || !f.enabled || code == null) {
            return Check.WRONG;
        }
        if (TotpCodes.looksLikeTotp(code)) {
            OptionalLong step = TotpCodes.matchingStep(box.open(f.sealedSecret, user.id), code, clock.now());
            if (step.isEmpty()) {
                return Check.WRONG;
            }
            // The step, raised by one conditional update: of two uses of one code (any processes), one wins.
            return accounts.advanceStep(user.id, step.getAsLong()) ? Check.TOTP : Check.REUSED;
        }
        String normalized = TotpCodes.normalizeRecoveryCode(code);
        if (normalized.length() != 10) {
            return Check.WRONG;
        }
        return accounts.useRecoveryCode(user.id, Digests.sha256(normalized)) ? Check.RECOVERY_CODE : Check.WRONG;
    }

    /** The problem for a refused code, naming the field it came in. */
    static ApiProblem wrongCode(Check check, String field) {
        String message = check == Check.REUSED
                ? "was used already; wait for the next code (they change every 30 seconds)"
                : "is not a current TOTP code or an unused recovery code";
        return new ApiProblem(422, check == Check.REUSED ? "code-reused" : "code-wrong", "The code was refused",
                field + " " + message, List.of(new ApiProblem.FieldError(field, message)), Map.of());
    }

    private static ApiProblem alreadyOn() {
        return new ApiProblem(409, "conflict", "Conflict", "TOTP is on already; turn it off first to enrol again");
    }

    private User fresh(User user) {
        User now = users.findById(user.id);
        if (now == null) {
            throw ApiProblem.unauthorized("Sign in again: the account is gone");
        }
        return now;
    }
}
