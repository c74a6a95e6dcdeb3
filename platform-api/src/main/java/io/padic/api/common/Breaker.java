package io.padic.api.common;

import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A circuit breaker in front of an optional dependency (Redis): when a call fails, callers go on without it,
 * and for {@code retryAfter} no call waits on it at all; then one call tries again. It logs once when the
 * dependency goes away and once when it answers again, in the caller's words.
 */
public final class Breaker {

    private final long retryAfterNanos;
    private final String whileDown;
    private final String whenBack;
    private volatile long skipUntil;
    private volatile boolean down;

    /** {@code whileDown} says what happens meanwhile; {@code whenBack} what is in use again. */
    public Breaker(Duration retryAfter, String whileDown, String whenBack) {
        this.retryAfterNanos = retryAfter.toNanos();
        this.whileDown = whileDown;
        this.whenBack = whenBack;
    }

    /** The call's result, or empty when the dependency is skipped or the call failed (which opens the breaker). */
    public <T> Optional<T> call(Supplier<T> call) {
        if (skips()) {
            return Optional.empty();
        }
        try {
            T result = call.get();
            succeeded();
            return Optional.ofNullable(result);
        } catch (RuntimeException e) {
            failed(e);
            return Optional.empty();
        }
    }

    /** True while calls are skipped: the dependency failed less than {@code retryAfter} ago. */
    public boolean skips() {
        return down && System.nanoTime() - skipUntil < 0;
    }

    public boolean isDown() {
        return down;
    }

    public void succeeded() {
        if (down) {
            down = false;
            Log.info("Redis answers again: " + whenBack);
        }
    }

    public void failed(RuntimeException e) {
        skipUntil = System.nanoTime() + retryAfterNanos;
        if (!down) {
            down = true;
            Log.warnf("Redis failed (%s): %s", e.getMessage(), whileDown);
        }
    }
}
