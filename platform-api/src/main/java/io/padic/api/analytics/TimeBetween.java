package io.padic.api.analytics;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Times between consecutive events of an object, in milliseconds, kept as HdrHistogram keeps them: each time is
 * stored under the lowest value of its HdrHistogram bucket (2 significant digits), so the buckets' counts add up
 * across flushes and documents with {@code $inc}, and percentiles read from them are within 1% of the exact ones
 * (docs/design.md#analytics).
 */
final class TimeBetween {

    private static final int SIGNIFICANT_DIGITS = 2;
    /** Used only for its bucket arithmetic, which reads nothing that recording changes. */
    private static final Histogram LAYOUT = new Histogram(SIGNIFICANT_DIGITS);

    private TimeBetween() {
    }

    /** The key a time is counted under (negative times count as 0: an occurredAt earlier than the one before). */
    static long key(long millis) {
        return LAYOUT.lowestEquivalentValue(Math.max(0, millis));
    }

    /** A histogram of the counted keys. */
    static Histogram histogram(Map<Long, Long> countsByKey) {
        Histogram histogram = new Histogram(SIGNIFICANT_DIGITS);
        countsByKey.forEach((key, n) -> {
            if (n > 0) {
                histogram.recordValueWithCount(key, n);
            }
        });
        return histogram;
    }

    /** The percentile in seconds, to the millisecond. */
    static double seconds(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
