package io.padic.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The performance targets of issue 5, each a ratio of two phases of the same run, worked out from the
 * measurements and printed as one line each with whether it was met. A target whose phases did not run, or
 * whose counter platform-api does not expose, reads "n/a".
 */
final class Acceptance {

    /** The phases the targets compare. */
    enum Role {
        APPEND_SMALL, APPEND_BIG, WARM_READ, TRIVIAL, BATCH, INSERT_MANY, INGEST, INSERT_ONE
    }

    enum Verdict {
        MET("met"), NOT_MET("NOT met"), NO_TARGET(""), NOT_AVAILABLE("n/a");

        final String word;

        Verdict(String word) {
            this.word = word;
        }

        static Verdict of(boolean met) {
            return met ? MET : NOT_MET;
        }
    }

    /** One target: what was measured, and whether it was met. */
    record Line(String text, Verdict verdict) {
        @Override
        public String toString() {
            boolean judged = verdict == Verdict.MET || verdict == Verdict.NOT_MET;
            return "- " + text + (judged ? ": " + verdict.word : "");
        }
    }

    static final double APPEND_MAX_RATIO = 1.2;
    static final double WARM_MIN_SHARE = 0.5;
    static final double BATCH_MIN_SHARE = 0.5;
    static final double MAX_ROUND_TRIPS = 3;

    private final Map<Role, Measurement> phases = new EnumMap<>(Role.class);
    private final List<Measurement> coldReads = new ArrayList<>();
    private final int snapshotEvery;
    private final long smallEvents;
    private final long bigEvents;

    Acceptance(int snapshotEvery, long smallEvents, long bigEvents) {
        this.snapshotEvery = snapshotEvery;
        this.smallEvents = smallEvents;
        this.bigEvents = bigEvents;
    }

    Acceptance put(Role role, Measurement measurement) {
        phases.put(role, measurement);
        return this;
    }

    /** Each cold read on its own (one request each, after a FLUSHALL). */
    Acceptance coldReads(List<Measurement> reads) {
        coldReads.addAll(reads);
        return this;
    }

    List<Line> lines() {
        return List.of(readAfterAppend(), coldRead(), warmRead(), batch(), singleIngest(), roundTrips());
    }

    /**
     * Time per request on the big object over that on the small one. Clients run a closed loop, so the mean time
     * per request is clients ÷ req/s: the ratio of the two req/s, small over big.
     */
    static double timeRatio(Measurement small, Measurement big) {
        return small.perSecond() / big.perSecond();
    }

    Line readAfterAppend() {
        String what = "read-after-append, " + bigEvents + "-event ÷ " + smallEvents + "-event object";
        Optional<Measurement> small = usable(Role.APPEND_SMALL);
        Optional<Measurement> big = usable(Role.APPEND_BIG);
        if (small.isEmpty() || big.isEmpty()) {
            return notAvailable(what, "the read-after-append phases did not both run");
        }
        double ratio = timeRatio(small.get(), big.get());
        return new Line(String.format(Locale.ROOT, "%s: %.2f× the time per request (%s vs %s req/s; p50 %.2f×, "
                + "p99 %.2f×); target ≤ %.1f×", what, ratio, Report.rate(big.get().perSecond()),
                Report.rate(small.get().perSecond()), big.get().p50Millis() / small.get().p50Millis(),
                big.get().p99Millis() / small.get().p99Millis(), APPEND_MAX_RATIO),
                Verdict.of(ratio <= APPEND_MAX_RATIO));
    }

    Line coldRead() {
        String what = "cold read of the " + bigEvents + "-event object with an empty Redis";
        List<Measurement> reads = coldReads.stream().filter(m -> m.count() > 0).toList();
        if (reads.isEmpty()) {
            return notAvailable(what, "no cold read succeeded or the phase did not run");
        }
        String times = reads.stream().map(m -> String.format(Locale.ROOT, "%.0f", m.meanMillis()))
                .collect(Collectors.joining(", "));
        String text = String.format(Locale.ROOT, "%s: %s ms (%d read%s)", what, times, reads.size(),
                reads.size() == 1 ? "" : "s");
        List<Double> applied = new ArrayList<>();
        for (Measurement read : reads) {
            Optional<Double> events = read.counterPerRequest(ApiMetrics.FOLD_EVENTS_APPLIED);
            if (events.isEmpty()) {
                return new Line(text + "; events applied after the snapshot n/a (platform-api exposes no "
                        + ApiMetrics.FOLD_EVENTS_APPLIED + ")", Verdict.NOT_AVAILABLE);
            }
            applied.add(events.get());
        }
        double most = applied.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return new Line(text + "; events applied: " + applied.stream()
                .map(v -> String.format(Locale.ROOT, "%.0f", v)).collect(Collectors.joining(", "))
                + " (target ≤ " + snapshotEvery + ", the snapshot interval)", Verdict.of(most <= snapshotEvery));
    }

    Line warmRead() {
        return share("warm read ÷ trivial endpoint (req/s)", Role.WARM_READ, Role.TRIVIAL, "req/s", WARM_MIN_SHARE);
    }

    Line batch() {
        return share("batch ingest events/s ÷ raw insertMany docs/s", Role.BATCH, Role.INSERT_MANY,
                "items/s", BATCH_MIN_SHARE);
    }

    Line singleIngest() {
        return share("single-event ingest req/s beside raw insertOne ops/s", Role.INGEST, Role.INSERT_ONE, "/s", 0);
    }

    /**
     * {@code part}'s events or documents per second over {@code whole}'s, against a least share ({@code 0}: no
     * target, the figures stand side by side).
     */
    private Line share(String what, Role part, Role whole, String unit, double least) {
        Optional<Measurement> a = usable(part);
        Optional<Measurement> b = usable(whole);
        if (a.isEmpty() || b.isEmpty()) {
            return notAvailable(what, "the phases did not both run");
        }
        double share = a.get().itemsPerSecond() / b.get().itemsPerSecond();
        String text = String.format(Locale.ROOT, "%s: %.3f (%s vs %s %s%s)", what, share,
                Report.rate(a.get().itemsPerSecond()), Report.rate(b.get().itemsPerSecond()), unit,
                a.get().itemsPerRequest() == 1 ? "" : ", " + a.get().itemsPerRequest() + " per request");
        return least == 0 ? new Line(text, Verdict.NO_TARGET)
                : new Line(String.format(Locale.ROOT, "%s; target ≥ %.1f", text, least), Verdict.of(share >= least));
    }

    Line roundTrips() {
        String what = "store round trips per single-event ingest";
        Optional<Measurement> ingest = usable(Role.INGEST);
        if (ingest.isEmpty()) {
            return notAvailable(what, "the single ingest did not run");
        }
        Optional<Double> perRequest = ingest.get().counterPerRequest(ApiMetrics.STORE_COMMANDS);
        if (perRequest.isEmpty()) {
            return notAvailable(what, "platform-api exposes no " + ApiMetrics.STORE_COMMANDS);
        }
        long requests = ingest.get().count();
        String byCommand = ApiMetrics.byLabel(ingest.get().apiCounters(), ApiMetrics.STORE_COMMANDS,
                ApiMetrics.COMMAND_LABEL).entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey().isEmpty() ? "?" : e.getKey(),
                        e.getValue() / requests))
                .collect(Collectors.joining(", "));
        return new Line(String.format(Locale.ROOT, "%s: %.3f (%s); target ≤ %.0f", what, perRequest.get(),
                byCommand, MAX_ROUND_TRIPS) + "; fractions below 0.01 are the process's background sweeps (repair, key expiry)",
                // The counter is per process: the periodic sweeps' few commands land in the phase too.
                Verdict.of(Math.round(perRequest.get() * 100) / 100.0 <= MAX_ROUND_TRIPS));
    }

    /** A phase that ran with at least one successful request. */
    private Optional<Measurement> usable(Role role) {
        return Optional.ofNullable(phases.get(role)).filter(m -> m.count() > 0 && m.perSecond() > 0);
    }

    private static Line notAvailable(String what, String why) {
        return new Line(what + ": n/a (" + why + ")", Verdict.NOT_AVAILABLE);
    }
}
