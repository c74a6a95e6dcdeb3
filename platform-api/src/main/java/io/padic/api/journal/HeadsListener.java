package io.padic.api.journal;

/**
 * Told by every write, synchronously, once the heads it raised are in the store and before the write is
 * acknowledged ({@code objects/KnownHeads} raises their notes in Redis: docs/design.md#warm-reads-without-the-store).
 */
public interface HeadsListener {

    /** For writers made outside CDI (tests that play several processes on one store). */
    HeadsListener NONE = heads -> { };

    void raised(HeadsRaised heads);
}
