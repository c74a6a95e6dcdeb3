package io.padic.bench.anomalies;

import io.padic.api.analytics.anomalies.AnomalyDetector;
import io.padic.api.analytics.anomalies.Observation;
import io.padic.api.analytics.anomalies.SegmentObservation;
import io.padic.api.analytics.anomalies.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a series bucket by bucket as each closes, as the scheduled job does: the bucket beside the same bucket of
 * each previous week there is (the same hour of the week, or the same weekday), newest first, at most
 * {@code maxWeeks} of them.
 */
final class ScheduledCheck {

    /** A flagged bucket. */
    record Flag(int bucket, Verdict verdict) {
    }

    private ScheduledCheck() {
    }

    static List<Flag> run(AnomalyDetector detector, Buckets series, int bucketsPerWeek, int maxWeeks) {
        List<Flag> flags = new ArrayList<>();
        for (int b = 0; b < series.size(); b++) {
            int weeks = Math.min(maxWeeks, b / bucketsPerWeek);
            List<SegmentObservation> segments = new ArrayList<>();
            for (int s = 0; s < series.segments().size(); s++) {
                double[] counts = series.bySegment()[s];
                segments.add(new SegmentObservation(series.segments().get(s), counts[b],
                        peers(counts, b, bucketsPerWeek, weeks)));
            }
            Observation observation = new Observation(series.total()[b],
                    peers(series.total(), b, bucketsPerWeek, weeks), segments);
            int bucket = b;
            detector.check(observation).ifPresent(verdict -> flags.add(new Flag(bucket, verdict)));
        }
        return flags;
    }

    private static double[] peers(double[] counts, int bucket, int bucketsPerWeek, int weeks) {
        double[] peers = new double[weeks];
        for (int w = 1; w <= weeks; w++) {
            peers[w - 1] = counts[bucket - w * bucketsPerWeek];
        }
        return peers;
    }
}
