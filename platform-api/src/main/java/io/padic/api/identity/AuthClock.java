package io.padic.api.identity;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The time that sessions, re-authentication, TOTP steps and personal access tokens are judged by. One bean, so a
 * test can replace it (an alternative) and move time instead of waiting for a timeout.
 */
@ApplicationScoped
public class AuthClock {

    public Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
