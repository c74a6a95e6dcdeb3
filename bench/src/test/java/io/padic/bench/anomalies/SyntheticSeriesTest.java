package io.padic.bench.anomalies;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.api.analytics.anomalies.AnomalyDetector;
import io.padic.api.analytics.anomalies.AnomalySettings;
import io.padic.bench.anomalies.ScheduledCheck.Flag;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** The anomaly quality tool's series: seasonality, reproducible draws, where steps go, and how they are checked. */
class SyntheticSeriesTest {

    @Test
    void theSeasonalityAveragesToTheLevelOverAWeekWithAThreeToOneDay() {
        double sum = 0;
        for (int h = 0; h < SyntheticSeries.HOURS_PER_WEEK; h++) {
            sum += SyntheticSeries.season(h);
        }
        assertEquals(1, sum / SyntheticSeries.HOURS_PER_WEEK, 1e-9);
        assertEquals(3, SyntheticSeries.season(15) / SyntheticSeries.season(3), 1e-9, "Monday 15:00 over 03:00");
        assertEquals(0.75 / 1.1, SyntheticSeries.season(5 * 24 + 15) / SyntheticSeries.season(15), 1e-9, "Saturday");
    }

    @Test
    void theSameSeedDrawsTheSameCountsAndTheSegmentsOfEachDimensionAddUpToTheTotal() {
        Buckets first = SyntheticSeries.hourly(100, 2, List.of(), 1, RandomSource.XO_RO_SHI_RO_128_PP.create(7L));
        Buckets again = SyntheticSeries.hourly(100, 2, List.of(), 1, RandomSource.XO_RO_SHI_RO_128_PP.create(7L));

        assertArrayEquals(first.total(), again.total());
        for (int b = 0; b < first.size(); b++) {
            double[] by = new double[5];
            for (int s = 0; s < 5; s++) {
                by[s] = first.bySegment()[s][b];
            }
            assertEquals(first.total()[b], by[0] + by[1] + by[2]);
            assertEquals(first.total()[b], by[3] + by[4]);
        }
        assertEquals(2 * 168 * 100, Arrays.stream(first.total()).sum(), 3 * Math.sqrt(2 * 168 * 100));
    }

    @Test
    void aStepMovesTheSeriesByHalfItsExpectedValueAllInItsSegment() {
        int hours = 4 * 168;
        Buckets plain = SyntheticSeries.hourly(1000, 4, List.of(), 1, RandomSource.XO_RO_SHI_RO_128_PP.create(1L));
        Buckets up = SyntheticSeries.hourly(1000, 4, List.of(new Injection("meta:country=FR", 1, 0, hours)), 1,
                RandomSource.XO_RO_SHI_RO_128_PP.create(2L));
        Buckets down = SyntheticSeries.hourly(1000, 4, List.of(new Injection("objectType:order", -1, 0, hours)), 1,
                RandomSource.XO_RO_SHI_RO_128_PP.create(3L));
        double expected = Arrays.stream(plain.total()).sum();
        double tolerance = 4 * Math.sqrt(1.5 * expected);

        assertEquals(1.5 * expected, Arrays.stream(up.total()).sum(), tolerance);
        assertEquals(0.5 * expected, Arrays.stream(down.total()).sum(), tolerance);
        assertEquals(0.7 * expected, Arrays.stream(up.bySegment()[2]).sum(), tolerance, "FR: 0.2 + 0.5");
        assertEquals(0.55 * expected, Arrays.stream(up.bySegment()[0]).sum(), tolerance, "US unchanged");
        assertEquals(0.2 * expected, Arrays.stream(down.bySegment()[3]).sum(), tolerance, "orders: 0.7 − 0.5");
    }

    @Test
    void stepsGoIntoDistinctWeeksFromTheFourthOnAndFallsIntoSegmentsHoldingOverHalf() {
        for (long seed = 0; seed < 200; seed++) {
            List<Injection> steps = SyntheticSeries.plan(RandomSource.XO_RO_SHI_RO_128_PP.create(seed), 3, 8, 3, 168,
                    2, 6);
            Set<Integer> weeks = new HashSet<>();
            for (Injection step : steps) {
                assertTrue(step.start() >= 3 * 168 && step.length() >= 2 && step.length() <= 6, step.toString());
                assertEquals(step.start() / 168, (step.start() + step.length() - 1) / 168, "within its week");
                assertTrue(weeks.add(step.start() / 168), "one step a week: " + steps);
                assertTrue(step.sign() > 0 || SyntheticSeries.weight(step.segment()) > 0.5, step.toString());
            }
        }
    }

    @Test
    void theScheduledCheckComparesEachBucketWithTheSameBucketOfThePreviousWeeksOnlyFromTheFourthWeek() {
        double[] total = new double[6 * 7];
        Arrays.fill(total, 1000);
        total[7 + 2] = 3000; // week 2, day 3: only one week before it
        total[3 * 7 + 4] = 3000; // week 4, day 5: three weeks before it
        double[][] bySegment = {total.clone()};
        Buckets daily = new Buckets(total, List.of("meta:country=US"), bySegment);

        List<Flag> flags = ScheduledCheck.run(new AnomalyDetector(AnomalySettings.defaults()), daily, 7, 8);

        assertEquals(List.of(25), flags.stream().map(Flag::bucket).toList(),
                "later weeks' day 5 have one peer of 3000 among 1000s");
        assertEquals(1000, flags.getFirst().verdict().expected());
        assertEquals("meta:country=US", flags.getFirst().verdict().explanation().getFirst().segment());
    }

    @Test
    void dayNoiseMakesWholeDaysBusierOrQuieter() {
        double quiet = spreadOfDays(SyntheticSeries.hourly(1000, 8, List.of(), 1, 0,
                RandomSource.XO_RO_SHI_RO_128_PP.create(9L)));
        double noisy = spreadOfDays(SyntheticSeries.hourly(1000, 8, List.of(), 1, 0.2,
                RandomSource.XO_RO_SHI_RO_128_PP.create(9L)));

        assertTrue(quiet < 0.02, "Poisson noise alone: " + quiet);
        assertTrue(noisy > 0.1 && noisy < 0.3, "a fifth of the level from day to day: " + noisy);
    }

    /** The standard deviation of each day's count over its expected count. */
    private static double spreadOfDays(Buckets hourly) {
        Buckets daily = hourly.summed(24);
        double[] ratios = new double[daily.size()];
        for (int d = 0; d < daily.size(); d++) {
            double expected = 0;
            for (int h = d * 24; h < d * 24 + 24; h++) {
                expected += 1000 * SyntheticSeries.season(h);
            }
            ratios[d] = daily.total()[d] / expected;
        }
        double mean = Arrays.stream(ratios).average().orElseThrow();
        return Math.sqrt(Arrays.stream(ratios).map(r -> (r - mean) * (r - mean)).sum() / (ratios.length - 1));
    }

    @Test
    void dailySeriesAreTheSumsOfTheirDays() {
        Buckets hourly = SyntheticSeries.hourly(20, 1, List.of(), 1, RandomSource.XO_RO_SHI_RO_128_PP.create(5L));
        Buckets daily = hourly.summed(24);

        assertEquals(7, daily.size());
        assertEquals(Arrays.stream(hourly.total(), 24, 48).sum(), daily.total()[1]);
        assertEquals(Arrays.stream(hourly.bySegment()[4], 0, 24).sum(), daily.bySegment()[4][0]);
    }
}
