package io.padic.api.identity;

import io.padic.api.common.ApiProblem;
import io.padic.api.common.Digests;
import io.padic.api.common.PadicConfig;
import io.padic.api.common.RateLimit;
import io.padic.api.limits.SharedBuckets;
import io.padic.api.limits.Waits;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * How many mails a request may cause (padic.mail.reset-per-*, padic.mail.resend-per-user), in the buckets that
 * sign-in limits use: password-reset requests per e-mail address (known or not, so the limit tells nothing about
 * which accounts exist) and per client address, verification mails per user. Over a limit: 429 naming it.
 */
@ApplicationScoped
public class MailLimits {

    private final SharedBuckets buckets;
    private final PadicConfig.Mail config;

    public MailLimits(SharedBuckets buckets, PadicConfig config) {
        this.buckets = buckets;
        this.config = config.mail();
    }

    public void beginReset(String normalizedEmail, String clientAddress) {
        take("reset-per-address", "reset-address:" + SignInLimits.addressKey(clientAddress), config.resetPerAddress(),
                "Too many password-reset requests from your network address");
        take("reset-per-account", "reset-account:" + Digests.sha256(normalizedEmail), config.resetPerAccount(),
                "Too many password-reset requests for this e-mail address");
    }

    public void beginResend(String userId) {
        take("resend-per-user", "resend-user:" + userId, config.resendPerUser(),
                "Too many verification mails asked for");
    }

    private void take(String name, String key, RateLimit limit, String what) {
        Duration wait = buckets.take(key, limit).orElse(null);
        if (wait != null) {
            throw ApiProblem.tooManyRequests(name, what + " (limit " + name + ": at most " + limit.attempts() + " in "
                    + Waits.describe(limit.window()) + "); try again in " + Waits.describe(wait), wait);
        }
    }
}
