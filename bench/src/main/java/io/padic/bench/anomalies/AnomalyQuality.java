package io.padic.bench.anomalies;

import io.padic.api.analytics.anomalies.AnomalyDetector;
import io.padic.api.analytics.anomalies.AnomalySettings;
import io.padic.bench.Arguments;
import io.padic.bench.anomalies.ScheduledCheck.Flag;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import picocli.CommandLine.Option;

/**
 * The anomaly quality tool (issue 15's acceptance): synthetic series at several levels, some with injected ±50%
 * steps, checked bucket by bucket by platform-api's {@link AnomalyDetector}; prints recall, false flags per series
 * and week, how often the explanation names the injected segment first, and the flag delay, hourly and daily. Every
 * draw comes from the seed, so a rerun prints the same figures. Exits 1 when a target is missed.
 */
public final class AnomalyQuality {

    static final String USAGE = """
            Usage: java -cp bench/target/padic-bench.jar io.padic.bench.anomalies.AnomalyQuality [options]

              --seed N                the seed every series is drawn from (default 15)
              --series N              series per level without steps, and as many with steps (default 200)
              --weeks N               weeks of history per series (default 8)
              --levels A,B,...        mean events per hour of the levels (default 20,100,1000)
              --inject-from L         levels from L events/h on get series with steps (default 100)
              --steps N               steps per series with steps, each in its own week from week 4 on (default 3)
              --day-noise SD          each day's level times e^(SD × a standard normal draw), beside the Poisson
                                      noise (default 0: Poisson noise only, as issue 15's acceptance)
              --threshold, --min-change, --min-relative-change, --min-weeks, --max-weeks, --coverage, --max-segments
                                      override AnomalySettings.defaults() (the figures in docs/benchmarks.md use none)
            """;

    /** Weeks 1–3 give no flag with the default minimum of 3 peers: steps go into the weeks after. */
    static final int FIRST_CHECKED_WEEK = 3;

    /** An hourly or a daily check: bucket width, and the steps' lengths in buckets. */
    enum Interval {
        HOUR(1, 2, 6), DAY(SyntheticSeries.HOURS_PER_DAY, 2, 3);

        final int hours;
        final int minStep;
        final int maxStep;

        Interval(int hours, int minStep, int maxStep) {
            this.hours = hours;
            this.minStep = minStep;
            this.maxStep = maxStep;
        }

        int bucketsPerWeek() {
            return SyntheticSeries.HOURS_PER_WEEK / hours;
        }
    }

    /** One row of figures. */
    record Row(Interval interval, int level, QualityTally tally) {
    }

    public static void main(String[] args) {
        Flags flags = Arguments.parseOrExit(() -> Arguments.parse(new Flags(), List.of(args)), "anomaly quality",
                USAGE);
        if (flags.help) {
            System.out.print(USAGE);
            return;
        }
        AnomalySettings settings = flags.settings();
        List<Row> rows = run(flags, settings);
        boolean met = print(System.out, flags, settings, rows);
        System.exit(met ? 0 : 1);
    }

    /** The options as picocli fills them; {@link #USAGE} is their help. */
    static final class Flags {
        @Option(names = "--seed")
        long seed = 15;
        @Option(names = "--series")
        int series = 200;
        @Option(names = "--weeks")
        int weeks = 8;
        @Option(names = "--levels", split = ",")
        List<Integer> levels = List.of(20, 100, 1000);
        @Option(names = "--inject-from")
        int injectFrom = 100;
        @Option(names = "--steps")
        int steps = 3;
        @Option(names = "--day-noise")
        double dayNoise;
        @Option(names = "--threshold")
        Double threshold;
        @Option(names = "--min-change")
        Double minChange;
        @Option(names = "--min-relative-change")
        Double minRelativeChange;
        @Option(names = "--min-weeks")
        Integer minWeeks;
        @Option(names = "--max-weeks")
        Integer maxWeeks;
        @Option(names = "--coverage")
        Double coverage;
        @Option(names = "--max-segments")
        Integer maxSegments;
        @Option(names = {"--help", "-h"})
        boolean help;

        AnomalySettings settings() {
            AnomalySettings d = AnomalySettings.defaults();
            return new AnomalySettings(or(threshold, d.threshold()), or(minWeeks, d.minWeeks()),
                    or(maxWeeks, d.maxWeeks()), or(minChange, d.minChange()),
                    or(minRelativeChange, d.minRelativeChange()), or(coverage, d.coverage()),
                    or(maxSegments, d.maxSegments()));
        }

        private static <T> T or(T given, T otherwise) {
            return given != null ? given : otherwise;
        }
    }

    static List<Row> run(Flags flags, AnomalySettings settings) {
        AnomalyDetector detector = new AnomalyDetector(settings);
        List<Row> rows = new ArrayList<>();
        for (Interval interval : Interval.values()) {
            for (int level : flags.levels) {
                QualityTally tally = new QualityTally();
                int perWeek = interval.bucketsPerWeek();
                // the buckets that can flag: from the week with minWeeks peers on
                int checked = (flags.weeks - Math.min(settings.minWeeks(), flags.weeks)) * perWeek;
                for (int i = 0; i < flags.series; i++) {
                    UniformRandomProvider random = random(flags.seed, interval, level, 0, i);
                    Buckets series = draw(level, flags.weeks, List.of(), interval, flags.dayNoise, random);
                    tally.addClean(check(detector, series, interval, settings), checked, perWeek);
                }
                for (int i = 0; level >= flags.injectFrom && i < flags.series; i++) {
                    UniformRandomProvider random = random(flags.seed, interval, level, 1, i);
                    List<Injection> steps = SyntheticSeries.plan(random, flags.steps, flags.weeks,
                            FIRST_CHECKED_WEEK, perWeek, interval.minStep, interval.maxStep);
                    Buckets series = draw(level, flags.weeks, steps, interval, flags.dayNoise, random);
                    tally.addInjected(steps, check(detector, series, interval, settings), checked, perWeek);
                }
                rows.add(new Row(interval, level, tally));
            }
        }
        return rows;
    }

    /**
     * Each series has its own stream, so adding a level or series leaves the others' draws as they were: a long seed
     * distinct per series, which the generator expands (SplitMix64) into its state.
     */
    private static UniformRandomProvider random(long seed, Interval interval, int level, int withSteps, int index) {
        long series = (((long) level << 20 | index) << 1 | withSteps) << 1 | interval.ordinal();
        return RandomSource.XO_RO_SHI_RO_128_PP.create(seed * 0x9E3779B97F4A7C15L + series);
    }

    private static Buckets draw(int level, int weeks, List<Injection> steps, Interval interval, double dayNoise,
            UniformRandomProvider random) {
        Buckets hourly = SyntheticSeries.hourly(level, weeks, steps, interval.hours, dayNoise, random);
        return interval.hours == 1 ? hourly : hourly.summed(interval.hours);
    }

    private static List<Flag> check(AnomalyDetector detector, Buckets series, Interval interval,
            AnomalySettings settings) {
        return ScheduledCheck.run(detector, series, interval.bucketsPerWeek(), settings.maxWeeks());
    }

    /** Prints the figures and each target; true when every target holds. */
    static boolean print(PrintStream out, Flags flags, AnomalySettings settings, List<Row> rows) {
        out.printf(Locale.ROOT, "anomaly quality: seed %d, %d series without and %d with steps per level (from %d "
                + "events/h), %d weeks, %d steps each, day noise %s; %s%n", flags.seed, flags.series, flags.series,
                flags.injectFrom, flags.weeks, flags.steps, flags.dayNoise, settings);
        out.println("| interval | events/h | series (clean + with steps) | steps | recall | false flags/series/week "
                + "| explanation names the step's segment first | delay p50 / p90 / max (buckets) | flagged in the "
                + "first bucket | flags beside the steps /series/week |");
        out.println("|---|---|---|---|---|---|---|---|---|---|");
        boolean met = true;
        for (Row row : rows) {
            QualityTally t = row.tally();
            out.printf(Locale.ROOT, "| %s | %,d | %d + %d | %d | %s | %.3f | %s | %s | %s | %s |%n",
                    row.interval().name().toLowerCase(Locale.ROOT), row.level(), t.cleanSeries(), t.injectedSeries(),
                    t.injections(), percent(t.recall()), t.falseFlagsPerSeriesWeek(), percent(t.namedFirstRate()),
                    t.found() == 0 ? "–" : t.delayPercentile(50) + " / " + t.delayPercentile(90) + " / "
                            + t.delayPercentile(100),
                    percent(t.flaggedInFirstBucketRate()),
                    Double.isNaN(t.strayFlagsPerSeriesWeek()) ? "–"
                            : String.format(Locale.ROOT, "%.3f", t.strayFlagsPerSeriesWeek()));
            met &= meets(t);
        }
        out.println(met ? "targets met: recall >= 90%, false flags <= 1 per series per week, explanation first >= 90%,"
                + " delay p90 <= 1 bucket"
                : "targets NOT met (recall >= 90%, false flags <= 1 per series per week, explanation first >= 90%, "
                        + "delay p90 <= 1 bucket)");
        return met;
    }

    /** Recall ≥ 90%, ≤ 1 false flag per series and week, the injected segment named first ≥ 90%, p90 delay ≤ 1. */
    static boolean meets(QualityTally t) {
        boolean clean = !(t.falseFlagsPerSeriesWeek() > 1);
        if (t.injections() == 0) {
            return clean;
        }
        return clean && t.recall() >= 0.9 && t.namedFirstRate() >= 0.9 && t.delayPercentile(90) <= 1;
    }

    private static String percent(double rate) {
        return Double.isNaN(rate) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * rate);
    }
}
