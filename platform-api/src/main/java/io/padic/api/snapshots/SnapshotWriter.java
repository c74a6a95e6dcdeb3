package io.padic.api.snapshots;

import io.padic.api.common.PadicConfig;
import io.padic.api.fold.FoldStats;
import io.padic.api.fold.KnownState;
import io.padic.api.fold.StateLine;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Stores snapshots off the request path: one background thread and a bounded queue. A snapshot that is
 * dropped (queue full) or fails is only a missed shortcut: reads stay correct and a later fold that passes
 * the same seq writes it again.
 */
@ApplicationScoped
public class SnapshotWriter {

    private final SnapshotRepository snapshots;
    private final FoldStats stats;
    private final long every;
    private final ThreadPoolExecutor executor;

    public SnapshotWriter(SnapshotRepository snapshots, FoldStats stats, PadicConfig config) {
        long every = config.snapshots().every();
        if (every < 1) {
            throw new IllegalArgumentException("padic.snapshots.every must be 1 or more, not " + every);
        }
        this.snapshots = snapshots;
        this.stats = stats;
        this.every = every;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.snapshots().queue()), Thread.ofPlatform().name("padic-snapshots").daemon(true).factory());
    }

    /** N: snapshots are taken at seqs that are multiples of it. */
    public long every() {
        return every;
    }

    public void writeLater(StateLine line, List<KnownState> states) {
        if (states.isEmpty()) {
            return;
        }
        try {
            executor.execute(() -> write(line, states));
        } catch (RejectedExecutionException e) {
            states.forEach(s -> stats.snapshotDropped());
        }
    }

    private void write(StateLine line, List<KnownState> states) {
        for (KnownState state : states) {
            try {
                snapshots.insert(line, state);
                stats.snapshotWritten();
            } catch (RuntimeException e) {
                stats.snapshotDropped();
                Log.warnf("Snapshot of %s/%s at seq %d not stored: %s", line.projectId(), line.objectId(),
                        state.seq(), e.getMessage());
            }
        }
    }

    /** Lets queued snapshots finish for a moment at shutdown; what is left is written by later folds. */
    @PreDestroy
    void stop() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
