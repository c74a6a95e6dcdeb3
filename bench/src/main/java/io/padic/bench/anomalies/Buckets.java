package io.padic.bench.anomalies;

import java.util.List;

/**
 * A series' counts per bucket, in total and per segment (the segments of one dimension add up to the total; a
 * series has two dimensions: country and object type).
 */
record Buckets(double[] total, List<String> segments, double[][] bySegment) {

    int size() {
        return total.length;
    }

    /** Sums of {@code width} consecutive buckets: the day sums of an hourly series. */
    Buckets summed(int width) {
        int n = total.length / width;
        double[] sums = new double[n];
        double[][] segmentSums = new double[segments.size()][n];
        for (int b = 0; b < n * width; b++) {
            sums[b / width] += total[b];
            for (int s = 0; s < segments.size(); s++) {
                segmentSums[s][b / width] += bySegment[s][b];
            }
        }
        return new Buckets(sums, segments, segmentSums);
    }
}
