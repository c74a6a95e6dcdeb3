package io.padic.bench.anomalies;

import io.padic.bench.anomalies.ScheduledCheck.Flag;
import java.util.ArrayList;
import java.util.List;

/**
 * The anomaly quality figures of one kind of series (interval and level): recall of the injected steps, false flags
 * on series without steps, how often the explanation names the injected segment first, and the flag delay.
 */
final class QualityTally {

    private int cleanSeries;
    private double cleanWeeks;
    private int falseFlags;
    private int injectedSeries;
    private double injectedWeeks;
    private int strayFlags;
    private int injections;
    private int found;
    private int namedFirst;
    private final List<Integer> delays = new ArrayList<>();

    /** A series without steps, checked over {@code checkedBuckets} buckets: each of its flags is a false one. */
    void addClean(List<Flag> flags, int checkedBuckets, int bucketsPerWeek) {
        cleanSeries++;
        cleanWeeks += (double) checkedBuckets / bucketsPerWeek;
        falseFlags += flags.size();
    }

    /**
     * A series with steps: a step is found when a flag falls on one of its buckets; the first such flag gives the
     * delay (its bucket minus the step's first) and the explanation; flags on no step's bucket are counted apart.
     */
    void addInjected(List<Injection> steps, List<Flag> flags, int checkedBuckets, int bucketsPerWeek) {
        injectedSeries++;
        injectedWeeks += (double) checkedBuckets / bucketsPerWeek;
        for (Flag flag : flags) {
            if (steps.stream().noneMatch(step -> step.covers(flag.bucket()))) {
                strayFlags++;
            }
        }
        for (Injection step : steps) {
            injections++;
            flags.stream().filter(flag -> step.covers(flag.bucket())).findFirst().ifPresent(first -> {
                found++;
                delays.add(first.bucket() - step.start());
                var explanation = first.verdict().explanation();
                if (!explanation.isEmpty() && explanation.getFirst().segment().equals(step.segment())) {
                    namedFirst++;
                }
            });
        }
    }

    int cleanSeries() {
        return cleanSeries;
    }

    int injectedSeries() {
        return injectedSeries;
    }

    int injections() {
        return injections;
    }

    int found() {
        return found;
    }

    /** Found ÷ injected; NaN without steps. */
    double recall() {
        return injections == 0 ? Double.NaN : (double) found / injections;
    }

    double falseFlagsPerSeriesWeek() {
        return cleanWeeks == 0 ? Double.NaN : falseFlags / cleanWeeks;
    }

    /** Flags on series with steps that fall on none of the steps' buckets, per series and week checked. */
    double strayFlagsPerSeriesWeek() {
        return injectedWeeks == 0 ? Double.NaN : strayFlags / injectedWeeks;
    }

    /** Found steps whose first flag's explanation names the injected segment first ÷ found steps. */
    double namedFirstRate() {
        return found == 0 ? Double.NaN : (double) namedFirst / found;
    }

    /** The nearest-rank percentile of the delays in buckets; -1 when nothing was found. */
    int delayPercentile(double percentile) {
        if (delays.isEmpty()) {
            return -1;
        }
        List<Integer> sorted = delays.stream().sorted().toList();
        int rank = (int) Math.ceil(percentile / 100 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }

    /** Found steps flagged in their first bucket ÷ found steps. */
    double flaggedInFirstBucketRate() {
        return found == 0 ? Double.NaN : delays.stream().filter(d -> d == 0).count() / (double) found;
    }
}
