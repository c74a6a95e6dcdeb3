package io.padic.embedded;

import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;

/**
 * How big the store file is and how much of it is live: H2's share of the file in live chunks, times the
 * share of live pages in those chunks. Dead pages are what compaction gives back.
 */
public record StoreFileStats(long fileBytes, int livePercent) {

    static StoreFileStats of(MVStore store) {
        FileStore<?> file = store.getFileStore();
        if (file == null) {
            return new StoreFileStats(0, 100);
        }
        return new StoreFileStats(file.size(), file.getFillRate() * file.getChunksFillRate() / 100);
    }

    /** Bytes of the file that hold live pages. */
    public long liveBytes() {
        return fileBytes * livePercent / 100;
    }
}
