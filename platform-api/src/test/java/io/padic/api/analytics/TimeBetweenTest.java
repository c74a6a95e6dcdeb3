package io.padic.api.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Times between events, counted in logarithmic buckets, read back within 1% (docs/design.md#analytics). */
class TimeBetweenTest {

    private static Map<Long, Long> counted(long... millis) {
        Map<Long, Long> counts = new HashMap<>();
        for (long m : millis) {
            counts.merge(TimeBetween.key(m), 1L, Long::sum);
        }
        return counts;
    }

    @Test
    void anyTimeFromAMillisecondToTenYearsReadsBackWithinOnePercent() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            long millis = (long) Math.pow(10, random.nextDouble(0, 11.5)); // 1 ms to ~10 years
            double read = TimeBetween.seconds(counted(millis), 50) * 1000;
            assertTrue(Math.abs(read - millis) <= millis / 100.0 + 0.5, millis + " ms read back as " + read);
        }
    }

    @Test
    void percentilesAreNearestRankAndZeroStaysZero() {
        Map<Long, Long> counts = counted(60_000, 3_600_000, 60_000);
        assertEquals(60, TimeBetween.seconds(counts, 50), 0.6);
        assertEquals(3600, TimeBetween.seconds(counts, 90), 36);
        assertEquals(0, TimeBetween.seconds(counted(0, 0, -5, 1000), 50));
        assertEquals(1, TimeBetween.seconds(counted(0, 0, -5, 1000), 99), 0.01);
    }

    @Test
    void aFactorOfTenTakesAboutOneHundredAndThirtyBuckets() {
        long buckets = TimeBetween.key(600_000_000) - TimeBetween.key(60_000_000); // a week to ten weeks
        assertTrue(buckets >= 120 && buckets <= 135, buckets + " buckets");
    }
}
