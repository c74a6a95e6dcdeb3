package io.padic.api.journal;

import io.padic.api.common.PadicConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/** Forgets Idempotency-Keys once they are older than the retention (at least 24 h, docs/design.md#i3-idempotency). */
@ApplicationScoped
public class IdempotencyExpiry {
    private static final Duration MINIMUM = Duration.ofHours(24);

    private final IdempotencyRepository idempotency;
    private final Duration retention;

    public IdempotencyExpiry(IdempotencyRepository idempotency, PadicConfig config) {
        this.idempotency = idempotency;
        Duration retention = config.idempotency().retention();
        this.retention = retention.compareTo(MINIMUM) < 0 ? MINIMUM : retention;
    }

    @Scheduled(every = "${padic.idempotency.sweep-every}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        long forgotten = idempotency.forgetBefore(Instant.now().minus(retention));
        if (forgotten > 0) {
            Log.infof("Forgot %d idempotency key(s) older than %s", forgotten, retention);
        }
    }
}
