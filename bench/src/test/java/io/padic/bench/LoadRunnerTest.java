package io.padic.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Counts only: how fast anything runs here is never asserted. */
class LoadRunnerTest {

    private final LoadRunner runner = new LoadRunner(Options.Threads.PLATFORM, ProcessHandle.current().pid());

    @Test
    void aCountBoundPhaseRunsExactlyThatManyDistinctIterations() {
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        Measurement m = runner.run("count", 4, Duration.ZERO, Duration.ZERO, 1000, (c, n) -> seen.add(n));
        assertEquals(1000, m.count());
        assertEquals(0, m.errors());
        assertEquals(1000, seen.size());
    }

    @Test
    void failuresAreCountedApartFromLatencies() {
        Measurement m = runner.run("failing", 2, Duration.ZERO, Duration.ZERO, 10, (c, n) -> {
            if (n % 2 == 0) {
                throw new IllegalStateException("even");
            }
        });
        assertEquals(5, m.count());
        assertEquals(5, m.errors());
        assertTrue(m.firstError().contains("even"));
    }

    @Test
    void warmUpIterationsAreNotMeasuredAndIdsDoNotRepeat() {
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        Measurement m = runner.run("warm", 2, Duration.ofMillis(50), Duration.ZERO, 20, (c, n) -> {
            if (!seen.add(n)) {
                throw new IllegalStateException("iteration " + n + " repeated");
            }
        });
        assertEquals(20, m.count());
        assertEquals(0, m.errors());
    }
}
