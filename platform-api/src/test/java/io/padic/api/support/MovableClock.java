package io.padic.api.support;

import io.padic.api.identity.AuthClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.time.Duration;
import java.time.Instant;

/**
 * The auth clock moved forward by a test, so timeouts of minutes or days are crossed without waiting. Enabled only
 * by a test profile that names it ({@link MovableClockProfile}); every other test runs the real clock.
 */
@Alternative
@ApplicationScoped
public class MovableClock extends AuthClock {

    private volatile Duration offset = Duration.ZERO;

    @Override
    public Instant now() {
        return super.now().plus(offset);
    }

    public void move(Duration by) {
        offset = offset.plus(by);
    }

    public void reset() {
        offset = Duration.ZERO;
    }
}
