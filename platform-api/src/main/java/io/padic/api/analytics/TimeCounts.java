package io.padic.api.analytics;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * One transition's times between, as counts per {@link TimeBetween} key, kept in a bucket document as one binary
 * value: the keys in ascending order, each as its distance from the one before and its count, both as unsigned
 * varints. A few bytes per key instead of a BSON field each, so that the lifecycle route reads and decodes a
 * month's times about as fast as an hour's (docs/design.md#analytics).
 */
final class TimeCounts {

    static final TimeCounts EMPTY = new TimeCounts(new long[0], new long[0]);

    private final long[] keys;
    private final long[] counts;

    private TimeCounts(long[] keys, long[] counts) {
        this.keys = keys;
        this.counts = counts;
    }

    /** What a binary value written by {@link #encode} holds. */
    static TimeCounts decode(byte[] bytes) {
        long[] keys = new long[bytes.length / 2];
        long[] counts = new long[keys.length];
        int size = 0;
        int[] at = {0};
        long key = TimeBetween.ZERO - 1;
        while (at[0] < bytes.length) {
            key += varint(bytes, at);
            keys[size] = key;
            counts[size++] = varint(bytes, at);
        }
        return new TimeCounts(Arrays.copyOf(keys, size), Arrays.copyOf(counts, size));
    }

    /** These counts with {@code added} (key to count) added. */
    TimeCounts plus(Map<Long, Long> added) {
        TreeMap<Long, Long> all = new TreeMap<>(added);
        for (int i = 0; i < keys.length; i++) {
            all.merge(keys[i], counts[i], Long::sum);
        }
        all.values().removeIf(n -> n == 0);
        long[] k = new long[all.size()];
        long[] n = new long[all.size()];
        int i = 0;
        for (Map.Entry<Long, Long> e : all.entrySet()) {
            k[i] = e.getKey();
            n[i++] = e.getValue();
        }
        return new TimeCounts(k, n);
    }

    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(keys.length * 3);
        long previous = TimeBetween.ZERO - 1;
        for (int i = 0; i < keys.length; i++) {
            writeVarint(out, keys[i] - previous);
            writeVarint(out, counts[i]);
            previous = keys[i];
        }
        return out.toByteArray();
    }

    /** Adds these counts to {@code byIndex}, indexed by key − {@link TimeBetween#ZERO}; a longer array if needed. */
    long[] addTo(long[] byIndex) {
        long[] out = byIndex;
        if (keys.length > 0 && keys[keys.length - 1] - TimeBetween.ZERO >= out.length) {
            out = Arrays.copyOf(out, (int) (keys[keys.length - 1] - TimeBetween.ZERO + 1));
        }
        for (int i = 0; i < keys.length; i++) {
            out[(int) (keys[i] - TimeBetween.ZERO)] += counts[i];
        }
        return out;
    }

    int size() {
        return keys.length;
    }

    private static long varint(byte[] bytes, int[] at) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = bytes[at[0]++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
