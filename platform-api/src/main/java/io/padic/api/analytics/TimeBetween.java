package io.padic.api.analytics;

import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.mapping.LogarithmicMapping;
import java.util.Map;
import java.util.TreeMap;

/**
 * Times between consecutive events of an object, in milliseconds, counted in DDSketch's logarithmic buckets: each
 * time is counted under the index of its bucket, so the buckets' counts add up across flushes and documents with
 * {@code $inc}, and a value read back from a bucket is within {@link #RELATIVE_ACCURACY} of every time counted in it
 * (docs/design.md#analytics). About 130 buckets per factor of ten: a transition's times over seconds to weeks fit in a
 * few hundred counters.
 */
final class TimeBetween {

    /** Under 1%, so that a percentile is within 1% of the exact one. */
    static final double RELATIVE_ACCURACY = 0.009;
    /** The key of times of 0 ms (and of negative times: an occurredAt earlier than the one before). */
    static final long ZERO = -1;
    private static final IndexMapping MAPPING = new LogarithmicMapping(RELATIVE_ACCURACY);

    private TimeBetween() {
    }

    /** The key a time is counted under. */
    static long key(long millis) {
        return millis <= 0 ? ZERO : MAPPING.index(millis);
    }

    /**
     * The nearest-rank percentile of the counted times (the smallest key with at least {@code percentile}% of the
     * count at or below it), in seconds, to the millisecond.
     */
    static double seconds(Map<Long, Long> countsByKey, double percentile) {
        TreeMap<Long, Long> sorted = new TreeMap<>(countsByKey);
        long total = 0;
        for (long n : sorted.values()) {
            total += n;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100 * total));
        long seen = 0;
        for (Map.Entry<Long, Long> bucket : sorted.entrySet()) {
            seen += bucket.getValue();
            if (seen >= rank) {
                return bucket.getKey() == ZERO ? 0 : Math.round(MAPPING.value(bucket.getKey().intValue())) / 1000.0;
            }
        }
        return 0;
    }
}
