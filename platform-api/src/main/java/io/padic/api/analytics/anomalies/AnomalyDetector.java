package io.padic.api.analytics.anomalies;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.commons.statistics.descriptive.Median;

/**
 * Flags a bucket whose value is far from its seasonal baseline and says which segments moved (docs/design.md#anomaly-detector).
 * Pure: no clock, no store; the caller forms the observation as a bucket closes.
 *
 * <p>Baseline: the median of the peers (the newest {@code maxWeeks}). Score: the distance from it on the scale of
 * Anscombe's transform 2√(x + 3/8), on which counting (Poisson) noise has a spread of 1 at any count, over the
 * larger of the peers' MAD there (as a standard deviation) and that 1 — the Poisson floor —, widened by
 * √(1 + π/2n) because the baseline is itself the median of n noisy counts. A bucket flags when |score| reaches the
 * threshold and the change reaches both minimum changes, so that a tiny series' relative jumps and peers that never
 * vary (MAD 0) do not flag on noise.
 */
public final class AnomalyDetector {

    /** MAD × this estimates the standard deviation of normally distributed values. */
    static final double MAD_TO_SIGMA = 1.4826;
    /** Copying: the peers are the caller's (an observation's arrays), never reordered. */
    private static final Median MEDIAN = Median.withDefaults().withCopy(true);

    private final AnomalySettings settings;

    public AnomalyDetector(AnomalySettings settings) {
        this.settings = settings;
    }

    /** A verdict when the bucket is flagged; empty when not, and always with fewer than {@code minWeeks} peers. */
    public Optional<Verdict> check(Observation observation) {
        double[] peers = newest(observation.peers());
        if (peers.length < settings.minWeeks()) {
            return Optional.empty();
        }
        double expected = median(peers);
        double change = observation.actual() - expected;
        double score = (stabilised(observation.actual()) - stabilised(expected)) / scale(peers, expected);
        boolean flagged = Math.abs(score) >= settings.threshold()
                && Math.abs(change) >= settings.minChange()
                && Math.abs(change) >= settings.minRelativeChange() * Math.abs(expected);
        if (!flagged) {
            return Optional.empty();
        }
        return Optional.of(new Verdict(expected, observation.actual(), score, explain(observation, change)));
    }

    private double[] newest(double[] peers) {
        return peers.length > settings.maxWeeks() ? Arrays.copyOf(peers, settings.maxWeeks()) : peers;
    }

    private static double median(double[] values) {
        return MEDIAN.evaluate(values);
    }

    /**
     * Anscombe's transform, 2√(x + 3/8): a Poisson count's spread is about 1 on its scale whatever the count, and its
     * tails are nearly symmetric, so a rise of a small count is not flagged more readily than a fall.
     */
    private static double stabilised(double count) {
        return 2 * Math.sqrt(Math.max(count, 0) + 0.375);
    }

    /**
     * The peers' spread on the stabilised scale: their MAD as a standard deviation, at least 1 (Poisson noise alone);
     * widened by √(1 + π/2n) because the baseline is itself the median of n noisy counts.
     */
    private static double scale(double[] peers, double expected) {
        double centre = stabilised(expected);
        double[] deviations = new double[peers.length];
        for (int i = 0; i < peers.length; i++) {
            deviations[i] = Math.abs(stabilised(peers[i]) - centre);
        }
        double spread = Math.max(MAD_TO_SIGMA * median(deviations), 1);
        return spread * Math.sqrt(1 + Math.PI / (2 * peers.length));
    }

    /**
     * The segments that moved the way the series did, by their change (actual − median of their peers) over the
     * series' change, largest first, until they cover {@code coverage} of it or {@code maxSegments} are listed. They
     * are ordered by that ratio before it is capped at 1: of two segments that both moved more than the series (others
     * moved the other way), the one that moved most comes first.
     */
    private List<Share> explain(Observation observation, double change) {
        record Moved(String segment, double part) {
        }
        List<Moved> moved = new ArrayList<>();
        for (SegmentObservation segment : observation.segments()) {
            double[] peers = segmentPeers(segment.peers(), observation.peers().length);
            double part = (segment.actual() - median(peers)) / change;
            if (part > 0) {
                moved.add(new Moved(segment.segment(), part));
            }
        }
        moved.sort(Comparator.comparingDouble(Moved::part).reversed().thenComparing(Moved::segment));
        List<Share> explanation = new ArrayList<>();
        double covered = 0;
        for (Moved segment : moved) {
            if (covered >= settings.coverage() || explanation.size() == settings.maxSegments()) {
                break;
            }
            double share = Math.min(segment.part(), 1);
            explanation.add(new Share(segment.segment(), share));
            covered += share;
        }
        return explanation;
    }

    /** The segment's peers for the weeks its series' baseline used; a week it has no value for counts as 0. */
    private double[] segmentPeers(double[] peers, int seriesPeers) {
        return Arrays.copyOf(peers, Math.min(seriesPeers, settings.maxWeeks()));
    }
}
