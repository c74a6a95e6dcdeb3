package io.padic.bench;

import io.padic.bench.Acceptance.Line;
import io.padic.bench.Acceptance.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The targets of issue 14 for analytics, worked out from the analytics phase's measurements: ingest with analytics
 * against ingest without them (the same run, windows in turn), store round trips of a single ingest while the
 * analytics are counted, and each route's latency at a million events against ten thousand.
 */
final class AnalyticsTargets {

    static final double MIN_INGEST_SHARE = 0.9;
    static final double MAX_ROUND_TRIPS = 3;
    static final double MAX_P95_MILLIS = 50;
    static final double MAX_P50_GROWTH = 1.2;

    /** One route measured on the small and on the big project (either absent when it was not served). */
    record Route(String name, Optional<Measurement> small, Optional<Measurement> big) {
    }

    private final List<Measurement> with = new ArrayList<>();
    private final List<Measurement> without = new ArrayList<>();
    private Measurement singleWith;
    private Measurement singleWithout;
    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final long smallEvents;
    private final long bigEvents;

    AnalyticsTargets(long smallEvents, long bigEvents) {
        this.smallEvents = smallEvents;
        this.bigEvents = bigEvents;
    }

    void batchWindow(boolean analytics, Measurement window) {
        (analytics ? with : without).add(window);
    }

    void singleIngest(boolean analytics, Measurement phase) {
        if (analytics) {
            singleWith = phase;
        } else {
            singleWithout = phase;
        }
    }

    void route(String name, Optional<Measurement> small, Optional<Measurement> big) {
        routes.put(name, new Route(name, small, big));
    }

    List<Route> routes() {
        return List.copyOf(routes.values());
    }

    List<Line> lines() {
        List<Line> lines = new ArrayList<>();
        lines.add(ingestShare());
        lines.add(roundTrips());
        for (Route route : routes.values()) {
            lines.add(p95(route));
            lines.add(p50Growth(route));
        }
        return lines;
    }

    /**
     * Events per second over all the windows of one kind: events sent over the time they took, so a window that
     * ran longer weighs more.
     */
    static double pooledItemsPerSecond(List<Measurement> windows) {
        double items = 0;
        double seconds = 0;
        for (Measurement m : windows) {
            items += (double) m.count() * m.itemsPerRequest();
            seconds += m.elapsedNanos() / 1e9;
        }
        return seconds == 0 ? 0 : items / seconds;
    }

    Line ingestShare() {
        String what = "batch ingest with analytics ÷ without (events/s, windows in turn)";
        if (with.isEmpty() || without.isEmpty() || pooledItemsPerSecond(without) == 0) {
            return new Line(what + ": n/a (the windows did not both run)", Verdict.NOT_AVAILABLE);
        }
        double on = pooledItemsPerSecond(with);
        double off = pooledItemsPerSecond(without);
        double share = on / off;
        String windows = with.stream().map(m -> Report.rate(m.itemsPerSecond())).collect(Collectors.joining(", "))
                + " with; " + without.stream().map(m -> Report.rate(m.itemsPerSecond()))
                .collect(Collectors.joining(", ")) + " without";
        return new Line(String.format(Locale.ROOT, "%s: %.3f (%s vs %s events/s; windows: %s); target ≥ %.1f", what,
                share, Report.rate(on), Report.rate(off), windows, MIN_INGEST_SHARE), Verdict.of(share >= MIN_INGEST_SHARE));
    }

    Line roundTrips() {
        String what = "store round trips per single-event ingest with analytics on (the flusher's included)";
        if (singleWith == null || singleWith.count() == 0) {
            return new Line(what + ": n/a (the phase did not run)", Verdict.NOT_AVAILABLE);
        }
        Optional<Double> on = singleWith.counterPerRequest(ApiMetrics.STORE_COMMANDS);
        if (on.isEmpty()) {
            return new Line(what + ": n/a (platform-api exposes no " + ApiMetrics.STORE_COMMANDS + ")",
                    Verdict.NOT_AVAILABLE);
        }
        String off = singleWithout == null ? "n/a" : singleWithout.counterPerRequest(ApiMetrics.STORE_COMMANDS)
                .map(v -> String.format(Locale.ROOT, "%.3f (%s)", v, byCommand(singleWithout))).orElse("n/a");
        // As issue 5's line: to two decimals, since the counter is per process and its sweeps land in the phase too.
        return new Line(String.format(Locale.ROOT, "%s: %.3f (%s); with analytics off, same run: %s; target %.0f", what,
                on.get(), byCommand(singleWith), off, MAX_ROUND_TRIPS),
                Verdict.of(Math.round(on.get() * 100) / 100.0 <= MAX_ROUND_TRIPS));
    }

    /** Store commands per request by command name ("insert 2.000, update 1.004"). */
    static String byCommand(Measurement m) {
        long requests = Math.max(1, m.count());
        return ApiMetrics.byLabel(m.apiCounters(), ApiMetrics.STORE_COMMANDS, ApiMetrics.COMMAND_LABEL).entrySet()
                .stream().filter(e -> e.getValue() > 0)
                .map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey().isEmpty() ? "?" : e.getKey(),
                        e.getValue() / requests))
                .collect(Collectors.joining(", "));
    }

    Line p95(Route route) {
        String what = route.name() + ": p95 at " + bigEvents + " events";
        Optional<Measurement> big = usable(route.big());
        if (big.isEmpty()) {
            return new Line(what + ": n/a (not measured: " + why(route.big()) + ")", Verdict.NOT_AVAILABLE);
        }
        double p95 = big.get().p95Millis();
        return new Line(String.format(Locale.ROOT, "%s: %.2f ms (p50 %.2f, p99 %.2f); target ≤ %.0f ms", what, p95,
                big.get().p50Millis(), big.get().p99Millis(), MAX_P95_MILLIS), Verdict.of(p95 <= MAX_P95_MILLIS));
    }

    Line p50Growth(Route route) {
        String what = route.name() + ": p50 at " + bigEvents + " ÷ at " + smallEvents + " events";
        Optional<Measurement> small = usable(route.small());
        Optional<Measurement> big = usable(route.big());
        if (small.isEmpty() || big.isEmpty()) {
            return new Line(what + ": n/a (not measured on both)", Verdict.NOT_AVAILABLE);
        }
        double growth = big.get().p50Millis() / small.get().p50Millis();
        return new Line(String.format(Locale.ROOT, "%s: %.2f× (%.2f vs %.2f ms); target ≤ %.1f×", what, growth,
                big.get().p50Millis(), small.get().p50Millis(), MAX_P50_GROWTH), Verdict.of(growth <= MAX_P50_GROWTH));
    }

    private static Optional<Measurement> usable(Optional<Measurement> m) {
        return m.filter(x -> x.count() > 0 && x.errors() == 0);
    }

    private static String why(Optional<Measurement> m) {
        return m.isEmpty() ? "the route is not served" : m.get().errors() + " of its requests failed";
    }
}
