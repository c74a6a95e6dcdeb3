package io.padic.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.bench.Acceptance.Line;
import io.padic.bench.Acceptance.Verdict;
import io.padic.bench.AnalyticsProjects.Project;
import io.padic.embedded.ChildApp;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The load tool's analytics phase (issue 14): what counting analytics costs ingest (batch windows through a
 * platform-api that counts and one that does not, in turn, on the same store), the store round trips of a single
 * ingest while the flusher counts, each analytics route's latency on a project of ten thousand and one of a million
 * events with the same objects, the rate of a rebuild, platform-api's memory throughout, and a cross-check of one
 * route's rate with wrk.
 */
final class AnalyticsPhase {

    /**
     * A second platform-api with analytics off: what ingest costs without them. Its recovery sweep is off too: the
     * sweep recounts every object written since a process's lease looked stale (its heartbeat waits while its
     * flusher works, so a long flush of the other process looks like a death), and would count analytics here.
     */
    static final Map<String, String> ANALYTICS_OFF = Map.of("PADIC_ANALYTICS_ENABLED", "false",
            "PADIC_ANALYTICS_RECOVER_EVERY", "off");
    private static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(10);
    private static final Duration REBUILD_LIMIT = Duration.ofMinutes(30);
    private static final Duration POLL = Duration.ofMillis(200);
    /** Slices each route's requests are taken in, alternating the two sizes. */
    static final int ROUTE_SLICES = 6;

    /** An analytics route: its path under the project's analytics and whether it takes an object type. */
    record RouteSpec(String name, String path, boolean perObjectType) {
    }

    static final List<RouteSpec> ROUTES = List.of(
            new RouteSpec("overview", "overview?interval=day", false),
            new RouteSpec("active", "active?interval=day", true),
            new RouteSpec("retention", "retention?interval=day", true),
            new RouteSpec("lifecycle", "lifecycle?", true),
            new RouteSpec("funnel", "funnel?", true));


    /** What the phase found, for the run's summary. */
    record Outcome(List<Line> lines, boolean failed) {
    }

    private final Options options;
    private final Options.Analytics sizes;
    private final Stack stack;
    private final Report report;
    private final PrintStream out;
    private final AnalyticsTargets targets;
    private final AnalyticsProjects.Findings findings = new AnalyticsProjects.Findings();
    private final List<Line> reported = findings.reported();
    private final List<String> problems = findings.problems();
    private final AnalyticsProjects projects;

    AnalyticsPhase(Options options, Stack stack, Report report, PrintStream out) {
        this.options = options;
        this.sizes = options.analytics();
        this.stack = stack;
        this.report = report;
        this.out = out;
        this.targets = new AnalyticsTargets(sizes.smallEvents(), sizes.bigEvents());
        this.projects = new AnalyticsProjects(options, stack.apiUrl(), out, findings);
    }

    Outcome run() {
        Instant end = Instant.now();
        long started = System.nanoTime();
        ChildApp off = stack.startExtraApi("platform-api-analytics-off", ANALYTICS_OFF);
        out.printf(Locale.ROOT, "bench: analytics: a second platform-api with PADIC_ANALYTICS_ENABLED=false ready at "
                + "%s (pid %d) after %.1f s; its log: %s%n", off.baseUrl(), off.pid(), Waits.secondsSince(started),
                off.log());
        try (PadicClient onMetrics = new PadicClient(stack.apiManagementUrl());
                PadicClient offMetrics = new PadicClient(off.managementUrl());
                ApiClient control = ApiClient.to(URI.create(stack.apiUrl()));
                MemoryWatch memory = new MemoryWatch(List.of(
                        new MemoryWatch.Process("analytics on", stack.apiPid(), () -> ApiMetrics.read(onMetrics)),
                        new MemoryWatch.Process("analytics off", off.pid(), () -> ApiMetrics.read(offMetrics))),
                        Duration.ofSeconds(1))) {
            Supplier<Map<String, Double>> onCounters = () -> ApiMetrics.read(onMetrics);
            LoadRunner on = new LoadRunner(options.threads(), stack.apiPid(), onCounters);
            LoadRunner offRunner = new LoadRunner(options.threads(), off.pid(), () -> ApiMetrics.read(offMetrics));

            memory.stage("setup");
            Account owner = control.signUp("bench-analytics-" + System.currentTimeMillis() + "@example.com",
                    "bench-password-1", "PAdic bench");
            Project small = projects.create(control, owner, "small", new LifecycleHistory(sizes.objects(),
                    sizes.smallEvents(), end, 14));
            Project big = projects.create(control, owner, "big", new LifecycleHistory(sizes.objects(),
                    sizes.bigEvents(), end, 14));
            Project ingest = projects.create(control, owner, "ingest", null);
            List<String> withSet = AnalyticsProjects.ids("with-analytics", sizes.objects());
            List<String> withoutSet = AnalyticsProjects.ids("without-analytics", sizes.objects());
            projects.createObjects(small, AnalyticsProjects.historyObjects(small.history()));
            projects.createObjects(big, AnalyticsProjects.historyObjects(big.history()));
            projects.createObjects(ingest, withSet.stream().map(id -> Map.entry(id, "order")).toList());
            projects.createObjects(ingest, withoutSet.stream().map(id -> Map.entry(id, "order")).toList());
            out.printf(Locale.ROOT, "bench: analytics: set up 3 projects and %d objects in %.1f s%n",
                    4 * sizes.objects(), Waits.secondsSince(started));

            try (PadicClient member = new PadicClient(stack.apiUrl(), owner.token())) {
                for (Project project : List.of(small, big)) {
                    memory.stage("history of " + project.history().events() + " events sent");
                    long answered = projects.sendHistory(project);
                    projects.awaitCounted(member, project, answered);
                }

                memory.stage("batch ingest, with and without analytics");
                AtomicLong sentWith = new AtomicLong();
                batchWindows(on, offRunner, member, ingest, off, withSet, withoutSet, sentWith);
                memory.stage("single ingest, with and without analytics");
                singleIngest(on, offRunner, member, ingest, off, withSet, withoutSet, sentWith);
                memory.stage("routes");
                routes(on, member, small, big);
                memory.stage("rebuild");
                rebuild(member, big, onCounters);
                memory.stage("overview at " + clientsName() + " and wrk");
                crossCheck(on, member, owner, big);
                memory.stage("end");
            }
            printMemory(memory, off);
        } finally {
            off.stop();
        }
        reported.add(new Line(String.format(Locale.ROOT, "the analytics phase took %.0f s",
                Waits.secondsSince(started)),
                Verdict.NO_TARGET));
        List<Line> lines = new ArrayList<>(targets.lines());
        lines.addAll(reported);
        problems.forEach(p -> lines.add(new Line("problem: " + p, Verdict.NOT_MET)));
        return new Outcome(lines, !problems.isEmpty());
    }

    /**
     * Batch ingest windows through the platform-api that counts (A) and the one that does not (B), each after its
     * warm-up, in the order A B B A ({@code --ingest-rounds} times): their mean times are the same, so a steady drift
     * of the machine cancels out.
     * Before each window the analytics have counted every event sent with them, so no window pays for the counting
     * of one before it; how long that took after an A window is printed (the counting that outlasted it).
     */
    private void batchWindows(LoadRunner on, LoadRunner offRunner, PadicClient member, Project ingest, ChildApp off,
            List<String> withSet, List<String> withoutSet, AtomicLong sentWith) {
        int clients = options.clients();
        int batch = options.batchSize();
        try (PadicClient viaOn = new PadicClient(stack.apiUrl(), ingest.key());
                PadicClient viaOff = new PadicClient(off.baseUrl(), ingest.key())) {
            int[] round = {0, 0};
            List<Boolean> windows = new ArrayList<>();
            for (int r = 0; r < sizes.ingestRounds(); r++) {
                windows.addAll(List.of(true, false, false, true));
            }
            for (boolean analytics : windows) {
                PadicClient api = analytics ? viaOn : viaOff;
                List<String> objects = analytics ? withSet : withoutSet;
                String name = String.format(Locale.ROOT, "batch ingest, %d events over %d objects, analytics %s (%d)",
                        batch, objects.size(), analytics ? "on" : "off", ++round[analytics ? 0 : 1]);
                Measurement m = (analytics ? on : offRunner).run(name, clients, options.warmup(), options.measure(),
                        options.requests(), (c, n) -> {
                            api.sendBatch(batch, i -> LoadTool.slice(objects, clients, c, n * batch + i), n * batch);
                            if (analytics) {
                                sentWith.addAndGet(batch);
                            }
                        }).withItemsPerRequest(batch);
                phase(m);
                targets.batchWindow(analytics, m);
                if (analytics) {
                    awaitIngestCounted(member, ingest, sentWith, name);
                }
            }
        }
    }

    /** {@code POST /v1/events} through each platform-api in turn, with its store commands per request. */
    private void singleIngest(LoadRunner on, LoadRunner offRunner, PadicClient member, Project ingest, ChildApp off,
            List<String> withSet, List<String> withoutSet, AtomicLong sentWith) {
        for (boolean analytics : List.of(true, false)) {
            List<String> objects = analytics ? withSet : withoutSet;
            try (PadicClient api = new PadicClient(analytics ? stack.apiUrl() : off.baseUrl(), ingest.key())) {
                String name = String.format(Locale.ROOT, "ingest, %d objects, analytics %s", objects.size(),
                        analytics ? "on" : "off");
                Measurement m = (analytics ? on : offRunner).run(name, options.clients(), options.warmup(),
                        options.measure(), options.requests(), (c, n) -> {
                            api.sendEvent(objects.get((int) (n % objects.size())), n);
                            if (analytics) {
                                sentWith.incrementAndGet();
                            }
                        });
                phase(m);
                out.println("bench: analytics: store commands per request: " + AnalyticsTargets.byCommand(m));
                targets.singleIngest(analytics, m);
                if (analytics) {
                    awaitIngestCounted(member, ingest, sentWith, name);
                }
            }
        }
    }

    /** Waits until the ingest project's analytics count every event sent through the platform-api that counts. */
    private void awaitIngestCounted(PadicClient member, Project ingest, AtomicLong sent, String after) {
        long started = System.nanoTime();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String path = "/v1/projects/" + ingest.id() + "/analytics/overview?interval=day&from=" + today.minusDays(1)
                + "&to=" + today.plusDays(2);
        long deadline = started + CATCH_UP_LIMIT.toNanos();
        long counted;
        do {
            counted = AnalyticsProjects.counted(member.get(path).expect(200));
            if (counted >= sent.get()) {
                break;
            }
            Waits.sleep(POLL);
        } while (System.nanoTime() < deadline);
        String text = String.format(Locale.ROOT, "after '%s': analytics counted its events %.1f s after it ended",
                after, Waits.secondsSince(started));
        if (counted < sent.get()) {
            problems.add(String.format(Locale.ROOT, "%s: %,d of %,d events counted after %.0f s", after, counted,
                    sent.get(), Waits.secondsSince(started)));
        }
        out.println("bench: analytics: " + text);
        reported.add(new Line(text, Verdict.NO_TARGET));
    }

    /**
     * Each route on the small and the big project, {@code --route-requests} each, in {@link #ROUTE_SLICES} slices
     * taken in turn small, big, big, small, …: whatever else platform-api does meanwhile (a collection of the
     * history's garbage, the minute's anomaly check) lands on both sizes alike instead of on one of them.
     */
    private void routes(LoadRunner on, PadicClient member, Project small, Project big) {
        for (RouteSpec route : ROUTES) {
            Optional<List<String>> smallPaths = paths(member, route, small);
            Optional<List<String>> bigPaths = paths(member, route, big);
            if (smallPaths.isEmpty() || bigPaths.isEmpty()) {
                targets.route(route.name(), Optional.empty(), Optional.empty());
                continue;
            }
            List<Measurement> onSmall = new ArrayList<>();
            List<Measurement> onBig = new ArrayList<>();
            for (int slice = 0; slice < ROUTE_SLICES; slice++) {
                boolean smallFirst = slice % 2 == 0;
                for (boolean isSmall : smallFirst ? List.of(true, false) : List.of(false, true)) {
                    (isSmall ? onSmall : onBig).add(slice(on, member, route, isSmall ? small : big,
                            isSmall ? smallPaths.get() : bigPaths.get(), slice == 0));
                }
            }
            targets.route(route.name(), Optional.of(merged(route, small, onSmall)),
                    Optional.of(merged(route, big, onBig)));
        }
        out.println();
        out.println("| route | events | requests | errors | p50 ms | p95 ms | p99 ms | max ms | api CPU ms/req |");
        out.println("|---|--:|--:|--:|--:|--:|--:|--:|--:|");
        for (AnalyticsTargets.Route route : targets.routes()) {
            for (var entry : List.of(Map.entry(sizes.smallEvents(), route.small()),
                    Map.entry(sizes.bigEvents(), route.big()))) {
                entry.getValue().ifPresentOrElse(m -> out.printf(Locale.ROOT,
                        "| %s | %,d | %d | %d | %.2f | %.2f | %.2f | %.1f | %.2f |%n", route.name(), entry.getKey(),
                        m.count(), m.errors(), m.p50Millis(), m.p95Millis(), m.p99Millis(), m.maxMillis(),
                        m.apiCpuMillisPerRequest()),
                        () -> out.printf(Locale.ROOT, "| %s | %,d | not served | | | | | | |%n", route.name(),
                                entry.getKey()));
            }
        }
        out.println();
    }

    /** The route's paths on the project (one per object type where it takes one); empty if not served. */
    private Optional<List<String>> paths(PadicClient member, RouteSpec route, Project project) {
        String base = "/v1/projects/" + project.id() + "/analytics/" + route.path()
                + (route.path().endsWith("?") ? "" : "&") + AnalyticsProjects.range(project);
        List<String> paths = route.perObjectType()
                ? LifecycleHistory.TYPES.stream().map(t -> base + "&objectType=" + t.name()).toList()
                : List.of(base);
        ApiClient.Reply probe = member.get(paths.get(0));
        if (probe.status() == 404) {
            out.println("bench: analytics: " + route.name() + " answered 404: not served by this platform-api; "
                    + "skipped");
            return Optional.empty();
        }
        if (probe.status() != 200) {
            problems.add(route.name() + " answered " + probe.status() + ": " + probe.body());
            return Optional.empty();
        }
        return Optional.of(paths);
    }

    private Measurement slice(LoadRunner on, PadicClient member, RouteSpec route, Project project, List<String> paths,
            boolean warmUp) {
        return on.run(name(route, project), sizes.routeClients(), warmUp ? options.warmup() : Duration.ZERO,
                Duration.ZERO, Math.max(1, sizes.routeRequests() / ROUTE_SLICES),
                (c, n) -> member.get(paths.get((int) (n % paths.size()))).expect(200));
    }

    private Measurement merged(RouteSpec route, Project project, List<Measurement> slices) {
        Measurement m = Measurement.merge(name(route, project), slices);
        phase(m);
        return m;
    }

    private static String name(RouteSpec route, Project project) {
        return String.format(Locale.ROOT, "analytics %s, %,d events", route.name(), project.history().events());
    }

    /**
     * {@code POST …/analytics/rebuild} on the big project, then the overview polled until it is no longer building;
     * every event must still be counted.
     */
    private void rebuild(PadicClient member, Project big, Supplier<Map<String, Double>> counters) {
        Map<String, Double> before = counters.get();
        long started = System.nanoTime();
        ApiClient.Reply answer = member.post("/v1/projects/" + big.id() + "/analytics/rebuild");
        if (answer.status() == 404) {
            out.println("bench: analytics: rebuild answered 404: not served by this platform-api; skipped");
            reported.add(new Line("rebuild: n/a (not served by this platform-api)", Verdict.NOT_AVAILABLE));
            return;
        }
        if (answer.status() != 202) {
            problems.add("rebuild answered " + answer.status() + ": " + answer.body());
            return;
        }
        long deadline = System.nanoTime() + REBUILD_LIMIT.toNanos();
        long nextProgress = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode overview;
        boolean sawBuilding = answer.body().path("building").asBoolean(false);
        do {
            Waits.sleep(POLL);
            overview = member.get(AnalyticsProjects.overviewPath(big)).expect(200);
            sawBuilding |= overview.path("building").asBoolean(false);
            if (System.nanoTime() > nextProgress) {
                nextProgress += Duration.ofSeconds(30).toNanos();
                Optional<Double> built = ApiMetrics.sum(ApiMetrics.delta(before, counters.get()),
                        ApiMetrics.ANALYTICS_BUILD_OBJECTS);
                out.printf(Locale.ROOT, "bench: analytics: rebuilding, %.0f s: %,d events counted so far, %s objects%n",
                        Waits.secondsSince(started), AnalyticsProjects.counted(overview),
                        built.map(v -> String.format(Locale.ROOT, "%.0f", v)).orElse("n/a"));
            }
        } while (overview.path("building").asBoolean(false) && System.nanoTime() < deadline);
        double took = Waits.secondsSince(started);
        if (overview.path("building").asBoolean(false)) {
            problems.add(String.format(Locale.ROOT, "the rebuild was still building after %.0f s", took));
            return;
        }
        if (!AnalyticsProjects.countsByType(overview).equals(big.history().countsByType())) {
            problems.add("after the rebuild the overview counts " + AnalyticsProjects.countsByType(overview) + ", not "
                    + big.history().countsByType());
        }
        Optional<Double> objects = ApiMetrics.sum(ApiMetrics.delta(before, counters.get()),
                ApiMetrics.ANALYTICS_BUILD_OBJECTS);
        String text = String.format(Locale.ROOT, "rebuild of the %,d-event project: %.1f s until building=false "
                + "(polled every %d ms%s): %.0f events/s, %s objects counted by builds", big.history().events(), took,
                POLL.toMillis(), sawBuilding ? "" : "; never seen building", big.history().events() / took,
                objects.map(v -> String.format(Locale.ROOT, "%.0f", v)).orElse("n/a"));
        out.println("bench: analytics: " + text);
        reported.add(new Line(text, Verdict.NO_TARGET));
    }

    /** The overview of the big project from the run's clients, then the same URL from wrk's. */
    private void crossCheck(LoadRunner on, PadicClient member, Account owner, Project big) {
        String path = AnalyticsProjects.overviewPath(big);
        Measurement tool = on.run("analytics overview, " + String.format(Locale.ROOT, "%,d", big.history().events())
                + " events, " + clientsName(), options.clients(), options.warmup(), options.measure(),
                options.requests(), (c, n) -> member.get(path).expect(200));
        phase(tool);
        StringBuilder why = new StringBuilder();
        Optional<Wrk.Result> wrk = Wrk.run(sizes.wrk(), stack.apiUrl() + path, owner.token(), 2, options.clients(),
                options.measure(), why);
        String text = wrk.map(r -> String.format(Locale.ROOT, "overview of the %,d-event project, %d connections: "
                + "wrk (2 threads, %d s) %.0f req/s (p50 %.2f ms, p99 %.2f ms, %d non-2xx, %d socket errors); the "
                + "load tool %s req/s (p50 %.2f ms, p99 %.2f ms)", big.history().events(), options.clients(),
                options.measure().toSeconds(), r.requestsPerSecond(), r.percentilesMillis().getOrDefault("50%", 0.0),
                r.percentilesMillis().getOrDefault("99%", 0.0), r.non2xx(), r.socketErrors(),
                Report.rate(tool.perSecond()), tool.p50Millis(), tool.p99Millis()))
                .orElse("wrk cross-check: n/a (" + why + ")");
        out.println("bench: analytics: " + text);
        reported.add(new Line(text, Verdict.NO_TARGET));
        if (wrk.isPresent() && wrk.get().non2xx() > 0) {
            problems.add("wrk got " + wrk.get().non2xx() + " answers other than 2xx");
        }
    }

    private void printMemory(MemoryWatch memory, ChildApp off) {
        out.println();
        out.println("platform-api memory during the analytics phase (sampled every second; heap = "
                + ApiMetrics.JVM_MEMORY_USED + "{area=\"heap\"}):");
        out.println("| stage | process | peak RSS MiB | peak heap used MiB |");
        out.println("|---|---|--:|--:|");
        for (MemoryWatch.Peak peak : memory.peaks()) {
            out.printf(Locale.ROOT, "| %s | %s | %d | %s |%n", peak.stage(), peak.process(), peak.rssKib() / 1024,
                    peak.heapBytes().map(b -> Long.toString(b / (1024 * 1024))).orElse("n/a"));
        }
        out.println();
        memory.overall().forEach((process, peak) -> reported.add(new Line(String.format(Locale.ROOT,
                "platform-api (%s) memory, peak over the phase: RSS %d MiB sampled, %d MiB VmHWM; heap used %s MiB",
                process, peak.rssKib() / 1024, ProcStats.peakRssKib(process.equals("analytics on") ? stack.apiPid()
                        : off.pid()).orElse(0) / 1024,
                peak.heapBytes().map(b -> Long.toString(b / (1024 * 1024))).orElse("n/a")), Verdict.NO_TARGET)));
    }

    private String clientsName() {
        return options.clients() + " clients";
    }

    private void phase(Measurement m) {
        report.add(m);
        out.println(Report.progressLine(m));
    }

}
