package io.padic.bench.anomalies;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.padic.api.analytics.anomalies.Share;
import io.padic.api.analytics.anomalies.Verdict;
import io.padic.bench.anomalies.ScheduledCheck.Flag;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The anomaly quality tool's counting, on hand-made steps and flags. */
class QualityTallyTest {

    private static final String FR = "meta:country=FR";
    private static final String US = "meta:country=US";

    private static Flag flag(int bucket, String... explanation) {
        List<Share> shares = java.util.Arrays.stream(explanation).map(s -> new Share(s, 0.9)).toList();
        return new Flag(bucket, new Verdict(100, 150, 4, shares));
    }

    @Test
    void everyFlagOnASeriesWithoutStepsIsFalseAndCountsPerSeriesAndWeekChecked() {
        QualityTally tally = new QualityTally();
        tally.addClean(List.of(flag(600), flag(700), flag(800)), 5 * 168, 168);
        tally.addClean(List.of(flag(900), flag(901)), 5 * 168, 168);
        tally.addClean(List.of(), 5 * 168, 168);

        assertEquals(5 / 15.0, tally.falseFlagsPerSeriesWeek(), 1e-12);
        assertEquals(3, tally.cleanSeries());
        assertEquals(Double.NaN, tally.recall(), "no steps, no recall");
    }

    @Test
    void aStepIsFoundByAFlagOnAnyOfItsBucketsAndTheFirstSuchFlagGivesDelayAndExplanation() {
        QualityTally tally = new QualityTally();
        List<Injection> steps = List.of(new Injection(FR, 1, 510, 3), new Injection(US, -1, 700, 2),
                new Injection(US, -1, 900, 4));
        List<Flag> flags = List.of(flag(509, FR), flag(511, FR, US), flag(512, US), flag(600), flag(903, FR, US),
                flag(904, US));
        tally.addInjected(steps, flags, 5 * 168, 168);

        assertEquals(3, tally.injections());
        assertEquals(2, tally.found(), "the second step has no flag on 700 or 701");
        assertEquals(2 / 3.0, tally.recall(), 1e-12);
        assertEquals(0.5, tally.namedFirstRate(), "510's first flag (511) names FR; 900's (903) names FR, not US");
        assertEquals(1, tally.delayPercentile(50));
        assertEquals(3, tally.delayPercentile(90));
        assertEquals(3, tally.delayPercentile(100));
        assertEquals(0, tally.flaggedInFirstBucketRate());
        assertEquals(3 / 5.0, tally.strayFlagsPerSeriesWeek(), 1e-12, "509, 600 and 904 fall beside the steps");
    }

    @Test
    void delaysAreNearestRankPercentiles() {
        QualityTally tally = new QualityTally();
        List<Injection> steps = List.of(new Injection(FR, 1, 0, 4), new Injection(FR, 1, 10, 4),
                new Injection(FR, 1, 20, 4), new Injection(FR, 1, 30, 4));
        tally.addInjected(steps, List.of(flag(0, FR), flag(10, FR), flag(21, FR), flag(33, FR)), 168, 168);

        assertEquals(0, tally.delayPercentile(50));
        assertEquals(3, tally.delayPercentile(90));
        assertEquals(0.5, tally.flaggedInFirstBucketRate());
        assertEquals(1.0, tally.namedFirstRate());
    }

    @Test
    void targetsHoldOnlyWhenEveryFigureIsWithinItsBound() {
        QualityTally good = new QualityTally();
        good.addClean(List.of(flag(600)), 168, 168);
        assertEquals(true, AnomalyQuality.meets(good), "one false flag in a week, no steps");

        QualityTally noisy = new QualityTally();
        noisy.addClean(List.of(flag(600), flag(601)), 168, 168);
        assertEquals(false, AnomalyQuality.meets(noisy), "two false flags in a week");

        QualityTally missed = new QualityTally();
        missed.addInjected(List.of(new Injection(FR, 1, 0, 2)), List.of(), 168, 168);
        assertEquals(false, AnomalyQuality.meets(missed), "recall 0");

        QualityTally late = new QualityTally();
        late.addInjected(List.of(new Injection(FR, 1, 0, 4)), List.of(flag(2, FR)), 168, 168);
        assertEquals(false, AnomalyQuality.meets(late), "found two buckets late");
    }
}
