package io.padic.api.identity;

import io.padic.api.limits.RateLimit;
import io.smallrye.config.ConfigMapping;

/** {@code padic.auth.limits.*}: how many sign-in and sign-up attempts are let through (docs/operations.md, "Limits"). */
@ConfigMapping(prefix = "padic.auth.limits")
public interface SignInLimitsConfig {

    /** Failed log-ins per e-mail address, known or not. */
    RateLimit loginPerAccount();

    /** Failed log-ins per client address, whatever the e-mail. */
    RateLimit loginPerAddress();

    /** Sign-up attempts per client address. */
    RateLimit signupPerAddress();

    /** How many buckets a process keeps while Redis is down. */
    long localMaxKeys();
}
