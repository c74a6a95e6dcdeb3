package io.padic.api.analytics.anomalies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The anomaly detector on hand-made observations (docs/design.md#anomaly-detector): steps flag with their sign,
 * baseline and the segment that moved; noise, short histories, tiny series and peers that never vary do not.
 */
class AnomalyDetectorTest {

    private static final AnomalyDetector DETECTOR = new AnomalyDetector(AnomalySettings.defaults());

    /** Checkout events per hour by country: US and DE steady, FR as given. */
    private static Observation byCountry(double frActual, double... frPeers) {
        double[] us = {60, 58, 62, 61, 59};
        double[] de = {25, 27, 24, 26, 25};
        double[] total = new double[frPeers.length];
        for (int i = 0; i < total.length; i++) {
            total[i] = us[i] + de[i] + frPeers[i];
        }
        return new Observation(60 + 25 + frActual, total, List.of(
                new SegmentObservation("meta:country=US", 60, us),
                new SegmentObservation("meta:country=DE", 25, de),
                new SegmentObservation("meta:country=FR", frActual, frPeers)));
    }

    @Test
    void aStepUpInOneSegmentFlagsUpwardsAndNamesIt() {
        Verdict verdict = DETECTOR.check(byCountry(70, 20, 18, 21, 19, 20)).orElseThrow();

        assertEquals(105, verdict.expected());
        assertEquals(155, verdict.actual());
        assertTrue(verdict.score() >= AnomalySettings.defaults().threshold(), "score " + verdict.score());
        assertEquals("meta:country=FR", verdict.explanation().getFirst().segment());
        assertEquals(1.0, verdict.explanation().getFirst().share());
        assertEquals(1, verdict.explanation().size(), "FR alone covers the change: " + verdict.explanation());
    }

    @Test
    void aStepDownFlagsDownwardsWithANegativeScore() {
        Observation observation = new Observation(52, new double[] {101, 98, 104, 100, 97}, List.of(
                new SegmentObservation("objectType:order", 20, new double[] {70, 69, 72, 70, 68}),
                new SegmentObservation("objectType:subscription", 32, new double[] {31, 29, 32, 30, 29})));

        Verdict verdict = DETECTOR.check(observation).orElseThrow();

        assertEquals(100, verdict.expected());
        assertTrue(verdict.score() <= -AnomalySettings.defaults().threshold(), "score " + verdict.score());
        assertEquals(List.of(new Share("objectType:order", 1.0)), verdict.explanation(),
                "subscriptions went up a little, so they do not explain a fall");
    }

    @Test
    void theExplanationListsTheLargestSharesFirstUntilTheyCoverMostOfTheChange() {
        double[] flat = {100, 100, 100, 100};
        Observation spread = new Observation(500, new double[] {400, 400, 400, 400}, List.of(
                new SegmentObservation("a", 130, flat), new SegmentObservation("b", 125, flat),
                new SegmentObservation("c", 120, flat), new SegmentObservation("d", 125, flat)));
        List<Share> explanation = DETECTOR.check(spread).orElseThrow().explanation();
        assertEquals(List.of(new Share("a", 0.3), new Share("b", 0.25), new Share("d", 0.25)), explanation,
                "three at most, ties by name");

        Observation two = new Observation(500, new double[] {400, 400, 400, 400}, List.of(
                new SegmentObservation("a", 150, flat), new SegmentObservation("b", 140, flat),
                new SegmentObservation("c", 110, flat), new SegmentObservation("d", 100, flat)));
        assertEquals(List.of(new Share("a", 0.5), new Share("b", 0.4)),
                DETECTOR.check(two).orElseThrow().explanation(), "0.9 covers 80%, so c is not listed");

        Observation overshoot = new Observation(500, new double[] {400, 400, 400, 400}, List.of(
                new SegmentObservation("a-less", 210, flat), new SegmentObservation("z-more", 230, flat),
                new SegmentObservation("m-fell", 60, flat)));
        assertEquals(List.of(new Share("z-more", 1.0)), DETECTOR.check(overshoot).orElseThrow().explanation(),
                "both rose more than the series did: the one that rose most comes first");
    }

    @Test
    void aSegmentWithoutPeersForSomeWeeksCountsThemAsNothing() {
        Observation observation = new Observation(300, new double[] {200, 200, 200, 200}, List.of(
                new SegmentObservation("meta:plan=new", 100, new double[] {})));

        assertEquals(List.of(new Share("meta:plan=new", 1.0)), DETECTOR.check(observation).orElseThrow().explanation());
    }

    @Property
    void noiseWithinTheScaleDoesNotFlag(@ForAll("peers") double[] peers,
            @ForAll @DoubleRange(min = -2, max = 2) double deviations) {
        double expected = median(peers);
        double actual = Math.max(0, expected + deviations * Math.sqrt(expected));

        assertEquals(Optional.empty(), DETECTOR.check(new Observation(actual, peers)));
    }

    @Property
    void fewerThanThreeWeeksOfPeersNeverFlag(@ForAll @Size(max = 2) List<@IntRange(max = 1000) Integer> peers,
            @ForAll @DoubleRange(max = 1e9) double actual) {
        double[] values = peers.stream().mapToDouble(Integer::doubleValue).toArray();

        assertEquals(Optional.empty(), DETECTOR.check(new Observation(actual, values)));
    }

    @Test
    void aTinySeriesRelativeJumpsDoNotFlag() {
        assertEquals(Optional.empty(), DETECTOR.check(new Observation(8, 2, 1, 3, 2, 2)), "4× of 2 events an hour");
        assertEquals(Optional.empty(), DETECTOR.check(new Observation(32, 20, 22, 18, 21, 19)), "+60% of 20");
        assertEquals(Optional.empty(), DETECTOR.check(new Observation(9, 20, 22, 18, 21, 19)), "−55% of 20");
        assertTrue(DETECTOR.check(new Observation(2000, 1000, 1020, 985, 1010, 990)).isPresent(), "+100% of 1000");
    }

    @Test
    void peersThatNeverVaryFlagOnlyBeyondTheirPoissonNoise() {
        assertEquals(Optional.empty(), DETECTOR.check(new Observation(108, 100, 100, 100, 100)), "MAD 0, +8");
        assertEquals(Optional.empty(), DETECTOR.check(new Observation(0, 0, 0, 0)), "nothing ever");
        assertEquals(Optional.empty(), DETECTOR.check(new Observation(3, 0, 0, 0)), "a few where none were");

        Verdict appeared = DETECTOR.check(new Observation(40, 0, 0, 0, 0)).orElseThrow();
        assertEquals(0, appeared.expected());
        assertTrue(Double.isFinite(appeared.score()) && appeared.score() > 0, "score " + appeared.score());
        Verdict halved = DETECTOR.check(new Observation(50, 100, 100, 100, 100)).orElseThrow();
        assertTrue(halved.score() < 0, "score " + halved.score());
    }

    @Test
    void onlyTheNewestMaxWeeksPeersMakeTheBaseline() {
        double[] peers = {100, 100, 100, 100, 100, 100, 100, 100, 900, 900, 900, 900, 900, 900, 900, 900, 900};

        assertEquals(Optional.empty(), DETECTOR.check(new Observation(100, peers)));
        assertEquals(100, DETECTOR.check(new Observation(900, peers)).orElseThrow().expected());
    }

    @Provide
    Arbitrary<double[]> peers() {
        return Arbitraries.integers().between(0, 5000).flatMap(level -> Arbitraries.doubles()
                .between(-1.5, 1.5).map(z -> Math.max(0, Math.round(level + z * Math.sqrt(level))))
                .array(double[].class).ofMinSize(3).ofMaxSize(8));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
