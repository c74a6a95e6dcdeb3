package io.padic.api.fold;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What reads cost: cache hits and misses, folds computed and the events they applied, snapshots written.
 * Exported as metrics ({@code /q/metrics}); tests read them to see how much work a read did.
 */
@ApplicationScoped
public class FoldStats {

    private final Counter localHits;
    private final Counter hits;
    private final Counter misses;
    private final Counter folds;
    private final Counter applied;
    private final Counter snapshotsWritten;
    private final Counter snapshotsDropped;

    public FoldStats(MeterRegistry registry) {
        this.localHits = Counter.builder("padic.cache.local.hits")
                .description("Reads answered from this process's own copy of recently served states")
                .register(registry);
        this.hits = Counter.builder("padic.cache.hits").description("Reads answered from the Redis cache")
                .register(registry);
        this.misses = Counter.builder("padic.cache.misses").description("Reads the Redis cache could not answer")
                .register(registry);
        this.folds = Counter.builder("padic.folds").description("Folds computed (cache and snapshot misses)")
                .register(registry);
        this.applied = Counter.builder("padic.fold.events.applied").description("Events applied by reducers")
                .register(registry);
        this.snapshotsWritten = Counter.builder("padic.snapshots.written").description("Snapshots stored")
                .register(registry);
        this.snapshotsDropped = Counter.builder("padic.snapshots.dropped")
                .description("Snapshots not stored because the writer was busy or the store failed")
                .register(registry);
    }

    public void localHit() {
        localHits.increment();
    }

    public long localHits() {
        return (long) localHits.count();
    }

    public void hit() {
        hits.increment();
    }

    public void miss() {
        misses.increment();
    }

    public void foldStarted() {
        folds.increment();
    }

    public void applied(int events) {
        applied.increment(events);
    }

    public void snapshotWritten() {
        snapshotsWritten.increment();
    }

    public void snapshotDropped() {
        snapshotsDropped.increment();
    }

    public long hits() {
        return (long) hits.count();
    }

    public long misses() {
        return (long) misses.count();
    }

    public long folds() {
        return (long) folds.count();
    }

    public long eventsApplied() {
        return (long) applied.count();
    }

    public long snapshotsWritten() {
        return (long) snapshotsWritten.count();
    }
}
