package io.padic.api.analytics;

import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.mapping.LogarithmicMapping;
import java.util.Arrays;
import java.util.Map;

/**
 * Times between consecutive events of an object, in milliseconds, counted in DDSketch's logarithmic buckets: each
 * time is counted under the index of its bucket, so the buckets' counts add up across flushes and documents with
 * {@code $inc}, and a value read back from a bucket is within {@link #RELATIVE_ACCURACY} of every time counted in it
 * (docs/design.md#analytics). About 57 buckets per factor of ten: a transition's times over seconds to weeks fit in
 * two hundred counters, which {@link TimeCounts} keeps in a few bytes each.
 */
final class TimeBetween {

    /**
     * Under 2%, so that a percentile is within 2% of the exact one: a minute read as 59 or 61 s, a day as 23.6 h.
     * (At 1% a saturated month held twice the keys, and the lifecycle's read time grew with the data.)
     */
    static final double RELATIVE_ACCURACY = 0.019;
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
        long[] byIndex = new long[0];
        for (Map.Entry<Long, Long> bucket : countsByKey.entrySet()) {
            int index = (int) (bucket.getKey() - ZERO);
            if (index >= byIndex.length) {
                byIndex = Arrays.copyOf(byIndex, index + 1);
            }
            byIndex[index] += bucket.getValue();
        }
        return seconds(byIndex, percentile);
    }

    /** {@link #seconds(Map, double)} of counts indexed by key − {@link #ZERO} (see {@link TimeCounts#addTo}). */
    static double seconds(long[] countsByIndex, double percentile) {
        long total = 0;
        for (long n : countsByIndex) {
            total += n;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100 * total));
        long seen = 0;
        for (int index = 0; index < countsByIndex.length; index++) {
            seen += countsByIndex[index];
            if (countsByIndex[index] > 0 && seen >= rank) {
                return index == 0 ? 0 : Math.round(MAPPING.value(index + (int) ZERO)) / 1000.0;
            }
        }
        return 0;
    }
}
