package io.padic.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.embedded.Compaction;
import io.padic.embedded.StoreFileStats;
import io.padic.testkit.ApiClient.Text;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load tool. In one run it starts the stack as {@code ./padic up} does, sets up a project with objects,
 * then measures platform-api over HTTP beside the raw driver against the same store, and prints a table.
 * Not a test: the reactor builds it and never runs it.
 */
public final class LoadTool {

    private static final Path API_JAR_IN_REPO = Path.of("platform-api", "target", "quarkus-app", "quarkus-run.jar");
    /** Events per setup batch: as many as platform-api takes. */
    private static final int MAX_BATCH = Options.MAX_BATCH;

    private final Options options;
    private final PrintStream out;
    /** Made once platform-api runs (it reads platform-api's counters around each phase). */
    private LoadRunner runner;
    /** What the analytics phase found, once it ran. */
    private AnalyticsPhase.Outcome analytics;

    private LoadTool(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        // mongo-java-server logs through SLF4J with no binding here, as in ./padic up; this mutes SLF4J's warning.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        Options options = Arguments.parseOrExit(() -> Options.parse(List.of(args)), "bench", Options.USAGE);
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
                // Metrics answer only on platform-api's management port.
                PadicClient metrics = new PadicClient(stack.apiManagementUrl());
                RawStore raw = new RawStore(stack.mongoUri());
                RawRedis redis = new RawRedis(stack.redisUrl(), options.clients())) {
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "bench-shutdown"));
            out.printf(Locale.ROOT, "bench: platform-api ready at %s (pid %d) after %.1f s; its log: %s%n",
                    stack.apiUrl(), stack.apiPid(), seconds(System.nanoTime() - started), stack.apiLog());
            printMetricsAvailability(metrics);
            Fixtures fixtures = setUp(api);
            Acceptance acceptance = new Acceptance(options.snapshotEvery(), options.smallObjectEvents(),
                    options.bigObjectEvents());
            Report report = measure(stack, api, metrics, raw, redis, fixtures, acceptance);
            printSummary(stack, report, acceptance);
            return report.hasErrors() || (analytics != null && analytics.failed()) ? 1 : 0;
        }
    }

    /**
     * Ids of the objects each phase uses, all made (with their events) before any phase starts; the big
     * object's creation and last setup event times bound its {@code ?at=} reads.
     */
    private record Fixtures(List<String> spread, String hot, List<String> warm, int stateBytes, String small,
            String big, Instant bigCreatedAt, Instant bigLastEventAt) {
    }

    private boolean runs(Options.Phase... any) {
        for (Options.Phase phase : any) {
            if (options.phases().contains(phase)) {
                return true;
            }
        }
        return false;
    }

    private Fixtures setUp(PadicClient api) {
        long started = System.nanoTime();
        api.signUpWithProjectKey("bench-" + System.currentTimeMillis() + "@example.com");
        List<String> spread = new ArrayList<>();
        if (runs(Options.Phase.INGEST, Options.Phase.BATCH)) {
            for (int i = 0; i < options.objects(); i++) {
                spread.add(String.format(Locale.ROOT, "order-%05d", i));
            }
        }
        String hot = runs(Options.Phase.INGEST) ? "hot-order" : null;
        List<String> warm = new ArrayList<>();
        if (runs(Options.Phase.READ, Options.Phase.REDIS)) {
            for (int i = 0; i < options.warmObjects(); i++) {
                warm.add(String.format(Locale.ROOT, "warm-%04d", i));
            }
        }
        String small = runs(Options.Phase.APPEND) ? "append-small" : null;
        String big = runs(Options.Phase.APPEND, Options.Phase.AT, Options.Phase.COLD) ? "history-big" : null;

        List<String> plain = new ArrayList<>(spread);
        if (hot != null) {
            plain.add(hot);
        }
        List<String> withEvents = new ArrayList<>(warm);
        if (small != null) {
            withEvents.add(small);
        }
        ExecutorService pool = Executors.newFixedThreadPool(options.setupClients());
        try {
            Instant bigCreatedAt = null;
            Future<Instant> bigEvents = null;
            long events = (long) withEvents.size() * options.smallObjectEvents();
            long eventsStarted = System.nanoTime();
            if (big != null) {
                // The big object's events go one batch after another (they all take the next seq of the same
                // object); the other objects fill up beside it on the other setup clients.
                bigCreatedAt = api.createObject("order", big);
                bigEvents = pool.submit(() -> fill(api, big, options.bigObjectEvents()));
                events += options.bigObjectEvents();
            }
            List<Future<?>> rest = new ArrayList<>();
            for (String id : withEvents) {
                rest.add(pool.submit(() -> {
                    api.createObject("order", id);
                    return fill(api, id, options.smallObjectEvents());
                }));
            }
            for (String id : plain) {
                rest.add(pool.submit(() -> api.createObject("order", id)));
            }
            for (Future<?> task : rest) {
                task.get();
            }
            Instant bigLastEventAt = bigEvents == null ? null : bigEvents.get();
            double eventSeconds = seconds(System.nanoTime() - eventsStarted);
            // The warm objects are read once here, so that the warm-read phase reads objects already read.
            int stateBytes = 0;
            for (String id : warm) {
                JsonNode object = api.readObjectBody(id);
                expectSeq(object.get("seq").asLong(), options.smallObjectEvents());
                stateBytes = object.get("state").toString().getBytes(StandardCharsets.UTF_8).length;
            }
            if (big != null) {
                // Read once here by one client, as the warm objects are: the phases on the big object measure
                // reads that follow appends, not its first fold from nothing, which is timed and printed here.
                // (Left to the phase's warm-up, 8 clients each folded all of it at once and took over 30 s,
                // past platform-api's idle timeout.)
                long firstRead = System.nanoTime();
                expectSeqAtLeast(api.readObject(big), options.bigObjectEvents());
                out.printf(Locale.ROOT, "bench: first read of the %d-event object (every event folded, one "
                        + "client): %.1f s%n", options.bigObjectEvents(), seconds(System.nanoTime() - firstRead));
            }
            out.printf(Locale.ROOT, "bench: set up %d objects and %d events in %.1f s (the events through "
                    + "/v1/events/batch, %d per request, from %d clients: %.0f events/s)%n",
                    plain.size() + withEvents.size() + (big == null ? 0 : 1), events,
                    seconds(System.nanoTime() - started), MAX_BATCH, options.setupClients(),
                    events / eventSeconds);
            return new Fixtures(spread, hot, warm, stateBytes, small, big, bigCreatedAt, bigLastEventAt);
        } catch (ExecutionException e) {
            throw new IllegalStateException("setup failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("setup was interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sends {@code events} events to one object in batches of {@link #MAX_BATCH}; returns the last one's time. */
    private static Instant fill(PadicClient api, String objectId, int events) {
        Instant last = null;
        for (int first = 0; first < events; first += MAX_BATCH) {
            last = api.appendBatch(objectId, first, Math.min(MAX_BATCH, events - first));
        }
        return last;
    }

    private void printMetricsAvailability(PadicClient metrics) {
        Map<String, Double> samples = ApiMetrics.read(metrics);
        for (String metric : List.of(ApiMetrics.STORE_COMMANDS, ApiMetrics.FOLD_EVENTS_APPLIED)) {
            // A counter that has not counted yet may not be listed; say what was seen, not a verdict.
            out.println("bench: " + metric + (ApiMetrics.sum(samples, metric).isPresent() ? " is exposed"
                    : " is not listed at " + ApiMetrics.PATH + " (yet); figures that need it read n/a while it "
                    + "stays absent"));
        }
    }


    private Report measure(Stack stack, PadicClient api, PadicClient metrics, RawStore raw, RawRedis redis,
            Fixtures fixtures, Acceptance acceptance) {
        runner = new LoadRunner(options.threads(), stack.apiPid(), () -> ApiMetrics.read(metrics));
        Report report = new Report();
        int clients = options.clients();
        int batch = options.batchSize();

        if (runs(Options.Phase.RAW)) {
            // The in-memory store keeps every document in this JVM's heap: each baseline's scratch documents
            // are dropped before the next phase, which would otherwise pay for collecting them.
            acceptance.put(Acceptance.Role.INSERT_ONE, phase(report, load("raw driver insertOne", raw.insertOne())));
            raw.dropScratch();
            acceptance.put(Acceptance.Role.INSERT_MANY, phase(report,
                    load("raw driver insertMany, " + batch + " docs", raw.insertMany(batch))
                            .withItemsPerRequest(batch)));
            raw.dropScratch();
            phase(report, load("raw driver, an ingest's " + RawStore.INGEST_ROUND_TRIPS + " round trips",
                    raw.ingestRoundTrips(clients)));
            raw.dropScratch();
        }
        if (runs(Options.Phase.REDIS)) {
            phase(report, load("raw Redis GET, " + fixtures.stateBytes() + "-byte value",
                    redis.get(clients, fixtures.stateBytes())));
        }
        if (runs(Options.Phase.PING)) {
            String path = options.trivialPath();
            Text probe = api.getWithoutKey(path);
            if (probe.status() == 200) {
                acceptance.put(Acceptance.Role.TRIVIAL, phase(report, load("trivial endpoint GET " + path,
                        (c, n) -> api.getWithoutKey(path).expect(200))));
            } else {
                out.println("bench: the trivial endpoint " + path + " answered " + probe.status()
                        + ": phase skipped, its ratio reads n/a (--trivial-path picks another)");
            }
        }
        if (runs(Options.Phase.INGEST)) {
            List<String> spread = fixtures.spread();
            acceptance.put(Acceptance.Role.INGEST, phase(report, load("ingest, " + spread.size() + " objects",
                    (c, n) -> api.sendEvent(spread.get((int) (n % spread.size())), n))));
            phase(report, load("ingest, 1 hot object", (c, n) -> api.sendEvent(fixtures.hot(), n)));
        }
        if (runs(Options.Phase.BATCH)) {
            List<String> spread = fixtures.spread();
            acceptance.put(Acceptance.Role.BATCH, phase(report,
                    load("batch ingest, " + batch + " events over " + spread.size() + " objects",
                            (c, n) -> api.sendBatch(batch, i -> slice(spread, clients, c, n * batch + i), n * batch))
                            .withItemsPerRequest(batch)));
        }
        if (runs(Options.Phase.READ)) {
            List<String> warm = fixtures.warm();
            long events = options.smallObjectEvents();
            acceptance.put(Acceptance.Role.WARM_READ, phase(report, load("warm read, " + warm.size() + " objects of "
                    + events + " events", (c, n) -> expectSeq(api.readObject(warm.get((int) (n % warm.size()))),
                    events))));
        }
        // The big object's head: its setup events plus what read-after-append adds, for checking ?at= answers.
        AtomicLong bigHead = new AtomicLong(options.bigObjectEvents());
        if (runs(Options.Phase.APPEND)) {
            acceptance.put(Acceptance.Role.APPEND_SMALL, phase(report, load("read-after-append, "
                    + options.smallObjectEvents() + "-event object", appendThenRead(api, fixtures.small(),
                    new AtomicLong()))));
            acceptance.put(Acceptance.Role.APPEND_BIG, phase(report, load("read-after-append, "
                    + options.bigObjectEvents() + "-event object", appendThenRead(api, fixtures.big(), bigHead))));
        }
        if (runs(Options.Phase.AT)) {
            Instant from = fixtures.bigCreatedAt();
            long span = Math.max(1, Duration.between(from, fixtures.bigLastEventAt()).toMillis());
            phase(report, load("?at= reads, " + options.bigObjectEvents() + "-event object", (c, n) -> {
                Instant at = from.plusMillis(ThreadLocalRandom.current().nextLong(span + 1));
                long seq = api.readObjectAt(fixtures.big(), at);
                if (seq < 0 || seq > bigHead.get()) {
                    throw new IllegalStateException("?at=" + at + " answered seq " + seq + ", beyond the head "
                            + bigHead.get());
                }
            }));
        }
        if (runs(Options.Phase.COLD)) {
            List<Measurement> reads = new ArrayList<>();
            for (int i = 1; i <= options.coldReads(); i++) {
                redis.flushAll();
                // A new event first: platform-api keeps the states it served in memory too, and the state
                // after this event was never served, so the read below starts from a snapshot.
                api.sendEvent(fixtures.big(), 1_000_000_000L + i);
                Measurement read = runner.run("cold read " + i, 1, Duration.ZERO, Duration.ZERO, 1,
                        (c, n) -> expectSeqAtLeast(api.readObject(fixtures.big()), options.bigObjectEvents()));
                reads.add(read);
                out.printf(Locale.ROOT, "bench: cold read %d of the %d-event object after FLUSHALL: %.1f ms, "
                        + "events applied %s%s%n", i, options.bigObjectEvents(), read.meanMillis(),
                        read.counter(ApiMetrics.FOLD_EVENTS_APPLIED).map(v -> String.format(Locale.ROOT, "%.0f", v))
                                .orElse("n/a"), read.errors() > 0 ? " (failed: " + read.firstError() + ")" : "");
            }
            acceptance.coldReads(reads);
            report.add(Measurement.merge("cold read, " + options.bigObjectEvents() + "-event object, empty Redis"
                    + " (each after FLUSHALL)", reads));
        }
        if (runs(Options.Phase.ANALYTICS)) {
            analytics = new AnalyticsPhase(options, stack, report, out).run();
        }
        return report;
    }

    /** A load phase with the run's clients, warm-up and budget. */
    private Measurement load(String name, LoadRunner.Operation op) {
        return runner.run(name, options.clients(), options.warmup(), options.measure(), options.requests(), op);
    }

    /**
     * Each request appends one event to the object and then reads it; the read must include that event (its
     * seq at least the one the append was pinned at). {@code head} keeps the highest seq seen.
     */
    private static LoadRunner.Operation appendThenRead(PadicClient api, String objectId, AtomicLong head) {
        return (c, n) -> {
            long appended = api.sendEvent(objectId, n);
            head.accumulateAndGet(appended, Math::max);
            long read = api.readObject(objectId);
            if (read < appended) {
                throw new IllegalStateException("read seq " + read + " right after appending seq " + appended);
            }
        };
    }

    /**
     * The k-th object of a client's own share of the objects (every clients-th one from its number), so that
     * concurrent batches do not compete for the same objects' next seq.
     */
    static String slice(List<String> objects, int clients, int client, long k) {
        int size = objects.size();
        int share = Math.max(1, size / clients);
        return objects.get((int) ((client % size + (long) clients * (k % share)) % size));
    }

    private Measurement phase(Report report, Measurement m) {
        report.add(m);
        out.println(Report.progressLine(m));
        return m;
    }

    private static void expectSeq(long seq, long expected) {
        if (seq != expected) {
            throw new IllegalStateException("the object folded " + seq + " events, not " + expected);
        }
    }

    private static void expectSeqAtLeast(long seq, long least) {
        if (seq < least) {
            throw new IllegalStateException("the object folded " + seq + " events, fewer than " + least);
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

    private void printSummary(Stack stack, Report report, Acceptance acceptance) {
        out.println();
        out.println("Store: " + storeName() + "; clients: " + options.clients() + "; each load phase "
                + options.budget() + " after " + options.warmup().toSeconds() + " s warm-up.");
        out.println();
        report.printTable(out);
        out.println();
        if (!options.phases().equals(Set.of(Options.Phase.ANALYTICS))) {
            out.println("Issue 5 targets, each a ratio of two phases of this run:");
            acceptance.lines().forEach(out::println);
            out.println();
        }
        if (analytics != null) {
            out.println("Issue 14 targets for analytics, and figures of the analytics phase:");
            analytics.lines().forEach(out::println);
            out.println();
        }
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
            printStoreFile(stack);
        }
        out.println("Load average (1 min) at the end: " + ProcStats.loadAverage() + " on "
                + Runtime.getRuntime().availableProcessors() + " CPUs; 'other CPU %' above is what the rest of the "
                + "machine used during each phase.");
        if (report.hasErrors()) {
            out.println("bench: some requests failed (see 'first error' above and " + stack.apiLog() + ")");
        }
    }

    /** The store file against its live data after the run, and after the compaction the next start would run. */
    private void printStoreFile(Stack stack) {
        long documents = stack.documentBytes();
        long started = System.nanoTime();
        Compaction compaction = stack.stopAndCompactStore();
        double seconds = (System.nanoTime() - started) / 1e9;
        StoreFileStats before = compaction.before();
        StoreFileStats after = compaction.after();
        out.printf(Locale.ROOT, "H2 store file: %.1f MiB (%d%% live) holding %.1f MiB of documents (BSON, indexes "
                + "aside), %.1f× their size; %s: %.1f MiB (%d%% live), %.1f×%n",
                mib(before.fileBytes()), before.livePercent(), mib(documents),
                (double) before.fileBytes() / Math.max(1, documents),
                compaction.ran() ? String.format(Locale.ROOT, "after the stop, compacted as the next start would "
                        + "(%.1f s)", seconds) : "not worth compacting", mib(after.fileBytes()), after.livePercent(),
                (double) after.fileBytes() / Math.max(1, documents));
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024);
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
