package io.padic.api.identity;

import io.netty.util.NetUtil;
import io.padic.api.common.ApiProblem;
import io.padic.api.common.Digests;
import io.padic.api.common.PadicConfig;
import io.padic.api.common.RateLimit;
import io.padic.api.limits.SharedBuckets;
import io.padic.api.limits.Waits;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Slows online guessing: failed log-ins per account and per client address, and sign-ups per client address,
 * each at most N per window (padic.auth.limits.*). An unknown e-mail is limited like a known one, so the
 * limit tells nothing about which accounts exist. Over a limit: 429 naming it, with Retry-After.
 */
@ApplicationScoped
public class SignInLimits {

    private final SharedBuckets buckets;
    private final PadicConfig.AuthLimits config;

    public SignInLimits(SharedBuckets buckets, PadicConfig config) {
        this.buckets = buckets;
        this.config = config.auth().limits();
    }

    /** The attempts a log-in took; given back if it succeeds, so only failures count. */
    public record Attempt(List<Taken> taken) {
    }

    record Taken(String key, RateLimit limit) {
    }

    /** Takes one attempt from the account's and the address's bucket, or answers 429. */
    public Attempt beginLogIn(String normalizedEmail, String clientAddress) {
        List<Taken> taken = new ArrayList<>(2);
        try {
            take(taken, "login-per-account", "account:" + Digests.sha256(normalizedEmail), config.loginPerAccount(),
                    "Too many failed sign-ins for this e-mail address");
            take(taken, "login-per-address", "login-address:" + addressKey(clientAddress), config.loginPerAddress(),
                    "Too many failed sign-ins from your network address");
        } catch (ApiProblem refused) {
            giveBack(new Attempt(taken));
            throw refused;
        }
        return new Attempt(taken);
    }

    public void giveBack(Attempt attempt) {
        attempt.taken().forEach(t -> buckets.giveBack(t.key(), t.limit()));
    }

    /** Takes one sign-up attempt from the address's bucket, or answers 429. */
    public void beginSignUp(String clientAddress) {
        take(new ArrayList<>(1), "signup-per-address", "signup-address:" + addressKey(clientAddress),
                config.signupPerAddress(), "Too many sign-ups from your network address");
    }

    private void take(List<Taken> taken, String name, String key, RateLimit limit, String what) {
        Duration wait = buckets.take(key, limit).orElse(null);
        if (wait != null) {
            throw ApiProblem.tooManyRequests(name, what + " (limit " + name + ": at most " + limit.attempts() + " in "
                    + Waits.describe(limit.window()) + "); try again in " + Waits.describe(wait), wait);
        }
        taken.add(new Taken(key, limit));
    }

    /** IPv6 clients are limited per /64, the block one subscriber usually holds, so they cannot rotate addresses. */
    static String addressKey(String address) {
        byte[] bytes = address == null ? null : NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            return String.valueOf(address); // not an IP literal (a Unix socket, say): limit by what the server saw
        }
        if (bytes.length == 16) {
            Arrays.fill(bytes, 8, 16, (byte) 0);
            return NetUtil.bytesToIpAddress(bytes) + "/64";
        }
        return NetUtil.bytesToIpAddress(bytes);
    }
}
