package io.padic.bench;

import java.time.Duration;

/** The load tool's waiting and timing, one way for every phase. */
final class Waits {

    private Waits() {
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Seconds since {@code startedNanos} (a {@link System#nanoTime()}). */
    static double secondsSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
