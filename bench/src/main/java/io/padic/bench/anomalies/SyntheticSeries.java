package io.padic.bench.anomalies;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.PoissonSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Synthetic event counts per hour: a level (the mean events per hour over a week) times a daily and a weekly
 * seasonality, split into six cells (country US/DE/FR × object type order/subscription), each hour's count of each
 * cell drawn from a Poisson distribution; injected steps raise or lower one segment's cells. Hour 0 is a Monday
 * 00:00.
 */
final class SyntheticSeries {

    static final int HOURS_PER_DAY = 24;
    static final int HOURS_PER_WEEK = 7 * HOURS_PER_DAY;
    static final List<String> SEGMENTS = List.of("meta:country=US", "meta:country=DE", "meta:country=FR",
            "objectType:order", "objectType:subscription");
    private static final double[] COUNTRY_WEIGHTS = {0.55, 0.25, 0.20};
    private static final double[] TYPE_WEIGHTS = {0.7, 0.3};
    private static final int COUNTRIES = COUNTRY_WEIGHTS.length;

    private SyntheticSeries() {
    }

    /**
     * The expected count of an hour as a part of the level: 1 ± 0.5 over the day (peak at 15:00, trough at 03:00, so
     * 3:1), × 1.1 on weekdays and 0.75 at weekends; the mean over a week is 1.
     */
    static double season(int hour) {
        int hourOfDay = hour % HOURS_PER_DAY;
        int dayOfWeek = hour / HOURS_PER_DAY % 7;
        double daily = 1 + 0.5 * Math.cos(2 * Math.PI * (hourOfDay - 15) / HOURS_PER_DAY);
        return daily * (dayOfWeek < 5 ? 1.1 : 0.75);
    }

    /** A segment's part of its series. */
    static double weight(String segment) {
        int s = SEGMENTS.indexOf(segment);
        return s < COUNTRIES ? COUNTRY_WEIGHTS[s] : TYPE_WEIGHTS[s - COUNTRIES];
    }

    /**
     * The segments a step of {@code sign} can go into: any for a rise, those holding over half the series for a fall.
     */
    static List<String> canCarry(int sign) {
        return SEGMENTS.stream().filter(s -> sign > 0 || weight(s) > Injection.STEP).toList();
    }

    /**
     * {@code count} steps in distinct weeks from {@code firstWeek} on, each {@code minLength}–{@code maxLength}
     * buckets long within its week, up or down at even odds, into a segment that can carry it; by start.
     */
    static List<Injection> plan(UniformRandomProvider random, int count, int weeks, int firstWeek, int bucketsPerWeek,
            int minLength, int maxLength) {
        List<Integer> candidates = new ArrayList<>();
        for (int w = firstWeek; w < weeks; w++) {
            candidates.add(w);
        }
        if (count > candidates.size()) {
            throw new IllegalArgumentException(count + " injections need as many weeks from week " + (firstWeek + 1)
                    + " of " + weeks);
        }
        List<Injection> injections = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int week = candidates.remove(random.nextInt(candidates.size()));
            int length = minLength + random.nextInt(maxLength - minLength + 1);
            int start = week * bucketsPerWeek + random.nextInt(bucketsPerWeek - length + 1);
            int sign = random.nextBoolean() ? 1 : -1;
            List<String> segments = canCarry(sign);
            injections.add(new Injection(segments.get(random.nextInt(segments.size())), sign, start, length));
        }
        injections.sort(Comparator.comparingInt(Injection::start));
        return injections;
    }

    /**
     * {@code weeks} of hourly counts at {@code level} events per hour with the steps of {@code injections} (their
     * buckets are {@code bucketHours} hours long: 1 for an hourly series, 24 for a daily one).
     */
    static Buckets hourly(double level, int weeks, List<Injection> injections, int bucketHours,
            UniformRandomProvider random) {
        return hourly(level, weeks, injections, bucketHours, 0, random);
    }

    /**
     * As {@link #hourly(double, int, List, int, UniformRandomProvider)}, with each day's level times e^(dayNoise × a
     * standard normal draw): days busier or quieter as a whole, as real traffic has beside counting noise (none is
     * drawn when {@code dayNoise} is 0, so the Poisson-only series stay as they are).
     */
    static Buckets hourly(double level, int weeks, List<Injection> injections, int bucketHours, double dayNoise,
            UniformRandomProvider random) {
        int hours = weeks * HOURS_PER_WEEK;
        double[] total = new double[hours];
        double[][] bySegment = new double[SEGMENTS.size()][hours];
        ContinuousSampler gaussian = ZigguratSampler.NormalizedGaussian.of(random);
        double day = 1;
        for (int h = 0; h < hours; h++) {
            if (dayNoise > 0 && h % HOURS_PER_DAY == 0) {
                day = Math.exp(dayNoise * gaussian.sample());
            }
            for (int country = 0; country < COUNTRIES; country++) {
                for (int type = 0; type < TYPE_WEIGHTS.length; type++) {
                    double rate = level * day * season(h) * COUNTRY_WEIGHTS[country] * TYPE_WEIGHTS[type];
                    for (Injection injection : injections) {
                        if (injection.covers(h / bucketHours) && inCell(injection.segment(), country, type)) {
                            rate *= 1 + injection.sign() * Injection.STEP / weight(injection.segment());
                        }
                    }
                    double count = rate > 0 ? PoissonSampler.of(random, rate).sample() : 0;
                    total[h] += count;
                    bySegment[country][h] += count;
                    bySegment[COUNTRIES + type][h] += count;
                }
            }
        }
        return new Buckets(total, SEGMENTS, bySegment);
    }

    private static boolean inCell(String segment, int country, int type) {
        int s = SEGMENTS.indexOf(segment);
        return s == country || s == COUNTRIES + type;
    }
}
