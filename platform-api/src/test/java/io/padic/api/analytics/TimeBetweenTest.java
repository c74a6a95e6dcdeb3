package io.padic.api.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Times between events, counted in logarithmic buckets, read back within 2%, and kept as {@link TimeCounts}
 * binaries that add up like the counts they stand for (docs/design.md#analytics).
 */
class TimeBetweenTest {

    private static Map<Long, Long> counted(long... millis) {
        Map<Long, Long> counts = new HashMap<>();
        for (long m : millis) {
            counts.merge(TimeBetween.key(m), 1L, Long::sum);
        }
        return counts;
    }

    @Test
    void anyTimeFromAMillisecondToTenYearsReadsBackWithinTwoPercent() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            long millis = (long) Math.pow(10, random.nextDouble(0, 11.5)); // 1 ms to ~10 years
            double read = TimeBetween.seconds(counted(millis), 50) * 1000;
            assertTrue(Math.abs(read - millis) <= millis / 50.0 + 0.5, millis + " ms read back as " + read);
        }
    }

    @Test
    void percentilesAreNearestRankAndZeroStaysZero() {
        Map<Long, Long> counts = counted(60_000, 3_600_000, 60_000);
        assertEquals(60, TimeBetween.seconds(counts, 50), 1.2);
        assertEquals(3600, TimeBetween.seconds(counts, 90), 72);
        assertEquals(0, TimeBetween.seconds(counted(0, 0, -5, 1000), 50));
        assertEquals(1, TimeBetween.seconds(counted(0, 0, -5, 1000), 99), 0.02);
    }

    @Test
    void aFactorOfTenTakesAboutSixtyBuckets() {
        long buckets = TimeBetween.key(600_000_000) - TimeBetween.key(60_000_000); // a week to ten weeks
        assertTrue(buckets >= 55 && buckets <= 65, buckets + " buckets");
    }

    @Test
    void countsKeptAsABinaryAddUpAcrossFlushesAndReadBackTheSamePercentiles() {
        SplittableRandom random = new SplittableRandom(11);
        Map<Long, Long> all = new HashMap<>();
        TimeCounts kept = TimeCounts.EMPTY;
        for (int flush = 0; flush < 50; flush++) {
            Map<Long, Long> added = new HashMap<>();
            for (int i = 0; i < 200; i++) {
                long millis = random.nextInt(20) == 0 ? 0 : (long) Math.pow(10, random.nextDouble(0, 10));
                added.merge(TimeBetween.key(millis), 1L, Long::sum);
            }
            added.forEach((key, n) -> all.merge(key, n, Long::sum));
            kept = TimeCounts.decode(kept.plus(added).encode());
        }
        for (double percentile : new double[] {1, 5, 50, 90, 99, 100}) {
            assertEquals(TimeBetween.seconds(all, percentile), TimeBetween.seconds(kept.addTo(new long[0]), percentile),
                    "p" + percentile);
        }
        assertEquals(all.size(), kept.size());
        assertTrue(kept.encode().length < 3 * kept.size(), kept.encode().length + " bytes for " + kept.size() + " keys");
    }

    @Test
    void aHiddenEventTakesItsTimeBackOut() {
        TimeCounts counted = TimeCounts.EMPTY.plus(Map.of(TimeBetween.key(60_000), 2L, TimeBetween.key(5_000), 1L));
        TimeCounts hidden = TimeCounts.decode(counted.plus(Map.of(TimeBetween.key(5_000), -1L)).encode());
        assertEquals(1, hidden.size());
        assertEquals(60, TimeBetween.seconds(hidden.addTo(new long[0]), 1), 1.2);
    }
}
