package io.padic.embedded;

import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;

/**
 * How big the store file is and how it is used: the share of the file in chunks ({@code usedPercent}; the
 * rest is free space that new chunks reuse) and the share of live pages in those chunks ({@code
 * chunksLivePercent}; dead pages are what compaction gives back).
 */
public record StoreFileStats(long fileBytes, int usedPercent, int chunksLivePercent) {

    static StoreFileStats of(MVStore store) {
        FileStore<?> file = store.getFileStore();
        if (file == null) {
            return empty();
        }
        return new StoreFileStats(file.size(), file.getFillRate(), file.getChunksFillRate());
    }

    static StoreFileStats empty() {
        return new StoreFileStats(0, 100, 100);
    }

    /** The share of the whole file that holds live pages. */
    public int livePercent() {
        return usedPercent * chunksLivePercent / 100;
    }
}
