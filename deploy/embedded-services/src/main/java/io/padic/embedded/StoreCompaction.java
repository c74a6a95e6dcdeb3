package io.padic.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreTool;

/**
 * Keeps the store file near the size of its live data. Every commit writes the changed pages as a new chunk
 * and leaves the old pages dead; a chunk is reused only once all its pages are dead, so chunks that keep a
 * few live pages make the file grow. H2's background compaction is off, because it raced long scans ("Chunk
 * N not found", h2database#4383: it drops old versions a scan may still read). Here it runs only where no
 * command can: while serving, in short steps during which the backend runs no command, that rewrite the
 * live pages of mostly dead chunks so their space is reused; and when the store opens, before it serves,
 * with H2's offline copy of the live pages into a new file, which also gives the freed space back to the
 * file system (a crash during the copy leaves the old file or the new one whole; {@link
 * MVStoreTool#compactCleanUp} finishes the swap at the next open).
 */
final class StoreCompaction implements AutoCloseable {

    /** Below this the file is left alone: compacting would cost more than the space it gives back. */
    static final long MIN_FILE_BYTES = 16L << 20;
    /** Compact once less than this share of the chunks (online) or of the file (at open) holds live pages. */
    static final int MIN_LIVE_PERCENT = 50;
    /** An online step rewrites the live pages of chunks less full than this. */
    static final int REWRITE_BELOW_PERCENT = 80;
    /** Live pages one round of a step rewrites; a step pauses commands for a few such rounds at most. */
    static final int ROUND_BYTES = 4 << 20;
    static final int MAX_ROUNDS_PER_STEP = 2;
    static final Duration CHECK_EVERY = Duration.ofSeconds(5);
    /** A map of its own (not a collection: those are named "databases.…"), written to age the rewritten chunks. */
    private static final String MARKER_MAP = "padic-compaction";

    private final MVStore store;
    private final DurableH2Backend backend;
    private final ScheduledExecutorService timer;
    private volatile boolean held;

    private StoreCompaction(MVStore store, DurableH2Backend backend) {
        this.store = store;
        this.backend = backend;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "padic-store-compaction");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Compacts {@code file} (open nowhere) if it is big enough and mostly dead; returns its figures before and after. */
    static Compaction atOpen(Path file) {
        MVStoreTool.compactCleanUp(file.toString());
        StoreFileStats before = measure(file);
        if (before.fileBytes() < MIN_FILE_BYTES || before.livePercent() >= MIN_LIVE_PERCENT) {
            return new Compaction(before, before, false);
        }
        MVStoreTool.compact(file.toString(), false);
        return new Compaction(before, measure(file), true);
    }

    /** Starts the online steps: a check every {@link #CHECK_EVERY}, a step when the chunks are mostly dead. */
    static StoreCompaction whileServing(MVStore store, DurableH2Backend backend) {
        StoreCompaction compaction = new StoreCompaction(store, backend);
        long every = CHECK_EVERY.toMillis();
        compaction.timer.scheduleWithFixedDelay(compaction::stepIfWorthIt, every, every, TimeUnit.MILLISECONDS);
        return compaction;
    }

    void hold(boolean held) {
        this.held = held;
    }

    private void stepIfWorthIt() {
        try {
            if (held || store.isClosed()) {
                return;
            }
            StoreFileStats stats = StoreFileStats.of(store);
            if (stats.fileBytes() >= MIN_FILE_BYTES && stats.chunksLivePercent() < MIN_LIVE_PERCENT) {
                step();
            }
        } catch (RuntimeException e) {
            // The next check tries again; a store that cannot write says so on the next command.
            System.err.println("padic: a store compaction step failed: " + e);
        }
    }

    /**
     * One online step, while no command runs: rewrites the live pages of mostly dead chunks (a few rounds at
     * most), then commits a few versions so that the chunks left dead are freed for reuse at once.
     */
    void step() {
        backend.exclusively(() -> {
            int retention = store.getRetentionTime();
            // No command runs, so no scan reads an old version: nothing needs to be kept for one.
            store.setRetentionTime(0);
            try {
                for (int round = 0; round < MAX_ROUNDS_PER_STEP && store.compact(REWRITE_BELOW_PERCENT, ROUND_BYTES);
                        round++) {
                    store.commit();
                }
                MVMap<String, Long> marker = store.openMap(MARKER_MAP);
                for (int version = 0; version <= store.getVersionsToKeep(); version++) {
                    marker.put("version", store.getCurrentVersion());
                    store.commit();
                }
            } finally {
                store.setRetentionTime(retention);
            }
        });
    }

    /** The file's size and live share as H2 sees them; a missing file is empty. */
    static StoreFileStats measure(Path file) {
        try {
            if (!Files.exists(file) || Files.size(file) == 0) {
                return StoreFileStats.empty();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            return StoreFileStats.of(store);
        } finally {
            store.close();
        }
    }

    /** Stops the timer and waits for a step in progress, so the store is not closed under it. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
