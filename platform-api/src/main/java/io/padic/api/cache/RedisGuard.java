package io.padic.api.cache;

import io.padic.api.common.Breaker;
import io.padic.api.common.PadicConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A circuit breaker in front of Redis. The cache is an optimisation: when a call fails, reads go on without
 * it, and for {@code padic.cache.retry-after} no request waits on Redis at all; then one call tries again.
 */
@ApplicationScoped
public class RedisGuard {

    private final Breaker breaker;

    public RedisGuard(PadicConfig config) {
        this.breaker = new Breaker(config.cache().retryAfter(),
                "reads go on from snapshots and events until it answers again", "the object cache is back in use");
    }

    /** The call's result, or empty when Redis is skipped or the call failed (which opens the breaker). */
    public <T> Optional<T> call(Supplier<T> call) {
        return breaker.call(call);
    }

    /** Runs a call whose result does not matter; false if it was skipped or failed. */
    public boolean run(Runnable call) {
        return call(() -> {
            call.run();
            return Boolean.TRUE;
        }).isPresent();
    }

    /** True while {@link #call} skips Redis; a call made without it (a reactive one) should skip it too. */
    public boolean skips() {
        return breaker.skips();
    }

    /** True while reads are answered without the cache. */
    public boolean isDown() {
        return breaker.isDown();
    }

    /** A call made without {@link #call} (a reactive one) failed: as if it had gone through it. */
    public void failed(Throwable failure) {
        breaker.failed(failure instanceof RuntimeException e ? e : new IllegalStateException(failure));
    }

    void succeeded() {
        breaker.succeeded();
    }
}
