package io.padic.bench.anomalies;

/**
 * A step put into one segment of a synthetic series: from bucket {@code start} for {@code length} buckets the
 * segment's rate moves by {@code sign} × half of the series' expected value in each of those buckets, so the series
 * steps by ±50% and all of the step is that segment's.
 */
record Injection(String segment, int sign, int start, int length) {

    /** The fraction of the series' expected value the step adds (+) or takes (−). */
    static final double STEP = 0.5;

    boolean covers(int bucket) {
        return bucket >= start && bucket < start + length;
    }
}
