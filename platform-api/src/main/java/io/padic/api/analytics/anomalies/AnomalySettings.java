package io.padic.api.analytics.anomalies;

/**
 * What {@link AnomalyDetector} flags and how it explains it (docs/design.md#anomaly-detector).
 *
 * @param threshold         the |score| from which a bucket is flagged
 * @param minWeeks          fewer peers than this and nothing is flagged (a series needs that much history)
 * @param maxWeeks          only the newest this many peers make the baseline
 * @param minChange         the smallest |actual − expected| that flags, in the series' unit (events, objects)
 * @param minRelativeChange the smallest |actual − expected| that flags, as a part of the expected value
 * @param coverage          the explanation lists segments until their shares add up to this much
 * @param maxSegments       and at most this many
 */
public record AnomalySettings(double threshold, int minWeeks, int maxWeeks, double minChange,
        double minRelativeChange, double coverage, int maxSegments) {

    public AnomalySettings {
        if (!(threshold > 0)) {
            throw new IllegalArgumentException("threshold must be positive: " + threshold);
        }
        if (minWeeks < 1 || maxWeeks < minWeeks) {
            throw new IllegalArgumentException("need 1 <= minWeeks <= maxWeeks: " + minWeeks + ", " + maxWeeks);
        }
        if (!(minChange >= 0) || !(minRelativeChange >= 0)) {
            throw new IllegalArgumentException("minimum changes must be >= 0: " + minChange + ", " + minRelativeChange);
        }
        if (!(coverage > 0 && coverage <= 1) || maxSegments < 1) {
            throw new IllegalArgumentException("need 0 < coverage <= 1 and maxSegments >= 1: " + coverage + ", "
                    + maxSegments);
        }
    }

    /** The settings the anomaly quality figures were taken with (docs/benchmarks.md#anomaly-quality-issue-15). */
    public static AnomalySettings defaults() {
        return new AnomalySettings(3.25, 3, 8, 10, 0.2, 0.8, 3);
    }
}
