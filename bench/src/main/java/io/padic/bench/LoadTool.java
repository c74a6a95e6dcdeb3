package io.padic.bench;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The load tool. In one run it starts the stack as {@code ./padic up} does, sets up a project with objects,
 * then measures platform-api over HTTP beside the raw driver against the same store, and prints a table.
 * Not a test: the reactor builds it and never runs it.
 */
public final class LoadTool {

    private static final Path API_JAR_IN_REPO = Path.of("platform-api", "target", "quarkus-app", "quarkus-run.jar");
    private static final int MAX_BATCH = 1000;

    private final Options options;
    private final PrintStream out;

    private LoadTool(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        // mongo-java-server logs through SLF4J with no binding here, as in ./padic up; this mutes SLF4J's warning.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        Options options;
        try {
            options = Options.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage() + "\n\n" + Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(Options.USAGE);
            return;
        }
        Path apiJar = options.apiJar().orElseGet(LoadTool::findApiJar);
        if (!Files.isRegularFile(apiJar)) {
            System.err.println("bench: " + apiJar + " is missing. Build it first: "
                    + "./mvnw -B -pl bench -am package -DskipTests");
            System.exit(2);
        }
        System.exit(new LoadTool(options, System.out).run(apiJar));
    }

    private int run(Path apiJar) {
        printMachine();
        out.println("bench: starting the " + storeName() + " store, Redis and platform-api (" + apiJar + ")");
        long started = System.nanoTime();
        try (Stack stack = Stack.start(options.store(), apiJar, options.apiJvmArgs(), options.apiEnv());
                PadicClient api = new PadicClient(stack.apiUrl());
                RawStore raw = new RawStore(stack.mongoUri())) {
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "bench-shutdown"));
            out.printf(Locale.ROOT, "bench: platform-api ready at %s (pid %d) after %.1f s; its log: %s%n",
                    stack.apiUrl(), stack.apiPid(), seconds(System.nanoTime() - started), stack.apiLog());
            Fixtures fixtures = setUp(api);
            Report report = measure(stack, api, raw, fixtures);
            printSummary(stack, report);
            return report.hasErrors() ? 1 : 0;
        }
    }

    /** Ids of the objects each phase uses; all exist (with their events) before any phase starts. */
    private record Fixtures(List<String> spread, String hot, String warmRead, List<String> coldReads) {
    }

    private Fixtures setUp(PadicClient api) {
        long started = System.nanoTime();
        api.signUpWithProjectKey("bench-" + System.currentTimeMillis() + "@example.com");
        List<String> spread = new ArrayList<>(options.objects());
        for (int i = 0; i < options.objects(); i++) {
            spread.add(String.format(Locale.ROOT, "order-%05d", i));
            api.createObject("order", spread.get(i));
        }
        api.createObject("order", "hot-order");
        List<String> coldReads = new ArrayList<>();
        List<String> readObjects = new ArrayList<>();
        if (options.phases().contains(Options.Phase.READ)) {
            for (int i = 0; i < options.readObjects(); i++) {
                coldReads.add("history-" + i);
            }
            readObjects.add("history-warm");
            readObjects.addAll(coldReads);
        }
        long eventsStarted = System.nanoTime();
        for (String id : readObjects) {
            api.createObject("order", id);
            for (int first = 0; first < options.eventsPerObject(); first += MAX_BATCH) {
                api.appendBatch(id, first, Math.min(MAX_BATCH, options.eventsPerObject() - first));
            }
        }
        long events = (long) readObjects.size() * options.eventsPerObject();
        out.printf(Locale.ROOT, "bench: set up %d objects and %d events in %.1f s%n",
                options.objects() + 1 + readObjects.size(), events, seconds(System.nanoTime() - started));
        if (events > 0) {
            out.printf(Locale.ROOT, "bench: (those events went through /v1/events/batch from 1 client: "
                    + "%.0f events/s)%n", events / seconds(System.nanoTime() - eventsStarted));
        }
        return new Fixtures(spread, "hot-order", readObjects.isEmpty() ? null : readObjects.get(0), coldReads);
    }

    private Report measure(Stack stack, PadicClient api, RawStore raw, Fixtures fixtures) {
        LoadRunner runner = new LoadRunner(options.threads(), stack.apiPid());
        Report report = new Report();
        int clients = options.clients();
        int events = options.eventsPerObject();

        if (options.phases().contains(Options.Phase.READ)) {
            // Reading one object over and over also warms platform-api's read path for the cold reads after it.
            phase(report, runner.run("read " + events + "-event object, repeated", clients, options.warmup(),
                    options.measure(), options.requests(),
                    (c, n) -> expectSeq(api.readObject(fixtures.warmRead()), events)));
            phase(report, runner.run("read " + events + "-event object, cold (each once)", 1, Duration.ZERO,
                    Duration.ZERO, fixtures.coldReads().size(),
                    (c, n) -> expectSeq(api.readObject(fixtures.coldReads().get((int) n)), events)));
        }
        if (options.phases().contains(Options.Phase.RAW)) {
            phase(report, runner.run("raw driver insertOne", clients, options.warmup(), options.measure(),
                    options.requests(), raw.insertOne()));
            String roundTrips = "raw driver, an ingest's " + RawStore.INGEST_ROUND_TRIPS + " round trips";
            phase(report, runner.run(roundTrips, clients, options.warmup(),
                    options.measure(), options.requests(), raw.ingestRoundTrips(clients)));
        }
        if (options.phases().contains(Options.Phase.INGEST)) {
            List<String> spread = fixtures.spread();
            phase(report, runner.run("ingest, " + spread.size() + " objects", clients, options.warmup(),
                    options.measure(), options.requests(),
                    (c, n) -> api.sendEvent(spread.get((int) (n % spread.size())), n)));
            phase(report, runner.run("ingest, 1 hot object", clients, options.warmup(), options.measure(),
                    options.requests(), (c, n) -> api.sendEvent(fixtures.hot(), n)));
        }
        return report;
    }

    private void phase(Report report, Measurement m) {
        report.add(m);
        out.printf(Locale.ROOT, "bench: %-45s %8s req/s  p50 %7.2f ms  p99 %7.2f ms  (%d requests, %d errors)%n",
                m.name(), Report.rate(m.perSecond()), m.p50Millis(), m.p99Millis(), m.count(), m.errors());
    }

    private static void expectSeq(long seq, long expected) {
        if (seq != expected) {
            throw new IllegalStateException("the object folded " + seq + " events, not " + expected);
        }
    }

    private void printMachine() {
        out.printf(Locale.ROOT, "bench: %d CPUs, %s %s (%s), %s %s; store %s, %d clients (%s threads), "
                + "%s per phase after %d s warm-up; load average %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), System.getProperty("java.vendor"),
                System.getProperty("os.name"), System.getProperty("os.arch"), storeName(), options.clients(),
                options.threads().name().toLowerCase(Locale.ROOT), options.budget(), options.warmup().toSeconds(),
                ProcStats.loadAverage());
    }

    private void printSummary(Stack stack, Report report) {
        out.println();
        out.println("Store: " + storeName() + "; clients: " + options.clients() + "; each load phase "
                + options.budget() + " after " + options.warmup().toSeconds() + " s warm-up.");
        out.println();
        report.printTable(out);
        out.println();
        Optional<Measurement> insertOne = find(report, "raw driver insertOne");
        for (Measurement m : report.rows()) {
            if (insertOne.isPresent() && insertOne.get().perSecond() > 0
                    && (m.name().startsWith("ingest") || m.name().startsWith("raw driver, "))) {
                out.printf(Locale.ROOT, "%s ÷ raw insertOne: %.3f%n", m.name(),
                        m.perSecond() / insertOne.get().perSecond());
            }
        }
        long self = ProcessHandle.current().pid();
        out.printf(Locale.ROOT, "platform-api RSS now %d MiB, peak (VmHWM) %d MiB; bench JVM (store + clients) "
                + "peak %d MiB%n", ProcStats.rssKib(stack.apiPid()).orElse(0) / 1024,
                ProcStats.peakRssKib(stack.apiPid()).orElse(0) / 1024, ProcStats.peakRssKib(self).orElse(0) / 1024);
        if (options.store() == Options.Store.H2) {
            out.printf(Locale.ROOT, "H2 store file: %.1f MiB%n", stack.storeFileBytes() / (1024.0 * 1024));
        }
        out.println("Load average (1 min) at the end: " + ProcStats.loadAverage() + " on "
                + Runtime.getRuntime().availableProcessors() + " CPUs; 'other CPU %' above is what the rest of the "
                + "machine used during each phase.");
        if (report.hasErrors()) {
            out.println("bench: some requests failed (see 'first error' above and " + stack.apiLog() + ")");
        }
    }

    private static Optional<Measurement> find(Report report, String name) {
        return report.rows().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    private String storeName() {
        return options.store() == Options.Store.H2 ? "H2-file" : "in-memory";
    }

    /** platform-api's jar beside this one in the repository (bench/target/..), else under the working directory. */
    private static Path findApiJar() {
        try {
            Path self = Path.of(LoadTool.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path repo = self.getParent().getParent().getParent();
            if (repo != null && Files.isRegularFile(repo.resolve(API_JAR_IN_REPO))) {
                return repo.resolve(API_JAR_IN_REPO);
            }
        } catch (URISyntaxException | RuntimeException e) {
            // Fall back to the working directory below.
        }
        return API_JAR_IN_REPO.toAbsolutePath();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
