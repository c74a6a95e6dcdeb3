package io.padic.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreTool;

/**
 * Gives the store file's dead pages back when the store opens, before it serves anyone: every change writes
 * new pages and leaves the old ones dead in their chunks, and H2's own background compaction is off because
 * it raced long scans ("Chunk N not found", h2database#4383). While nothing runs, H2's offline tool copies the
 * live pages into a new file that replaces the old one (a crash half way leaves the old file, or the new one,
 * whole: {@link MVStoreTool#compactCleanUp} finishes the swap at the next open).
 */
final class StoreCompaction {

    /** Below this the file is left alone: a compaction would cost more start-up time than the space it frees. */
    static final long MIN_FILE_BYTES = 16L << 20;
    /** Compact once less than this share of the file holds live pages. */
    static final int MIN_LIVE_PERCENT = 50;

    private StoreCompaction() {
    }

    /** Compacts {@code file} if it is big enough and mostly dead; returns its figures before and after. */
    static Compaction atOpen(Path file) {
        MVStoreTool.compactCleanUp(file.toString());
        StoreFileStats before = measure(file);
        if (before.fileBytes() < MIN_FILE_BYTES || before.livePercent() >= MIN_LIVE_PERCENT) {
            return new Compaction(before, before, false);
        }
        MVStoreTool.compact(file.toString(), false);
        return new Compaction(before, measure(file), true);
    }

    /** The file's size and live share as H2 sees them; a missing file is empty. */
    static StoreFileStats measure(Path file) {
        try {
            if (!Files.exists(file) || Files.size(file) == 0) {
                return new StoreFileStats(0, 100);
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
}
