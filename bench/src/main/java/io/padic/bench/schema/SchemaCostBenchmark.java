package io.padic.bench.schema;

import io.padic.bench.Arguments;
import io.padic.bench.LoadRunner;
import io.padic.bench.Measurement;
import io.padic.bench.Options;
import io.padic.bench.PadicClient;
import io.padic.bench.ProcStats;
import io.padic.bench.Report;
import io.padic.bench.Stack;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Option;

/**
 * The schema validation benchmark (event schemas issue acceptance): in one run, single-event ingest of a type
 * with a 10-field schema ({@code order}) against a type with none ({@code plain}), same metaData, phases
 * interleaved A B A B ...; then {@code EventValidator.validate} timed in-process (a child JVM running
 * {@link ValidationCost}), and the validation's share of an
 * ingest. Not a test: the reactor builds it and never runs it.
 */
public final class SchemaCostBenchmark {

    static final String USAGE = """
            Usage: java -cp bench/target/padic-bench.jar io.padic.bench.schema.SchemaCostBenchmark [options]

              --clients N        concurrent clients (default 8)
              --seconds S        measured seconds of each phase (default 10)
              --warmup S         unmeasured seconds before each phase (default 3)
              --initial-warmup S unmeasured seconds of each type once, before the first phase (default 15)
              --pairs N          how many plain/order pairs of phases, interleaved (default 2: A B A B)
              --objects N        objects per type that the events go to, round robin (default 256)
              --store h2|memory  the embedded store's backend (default h2)
              --micro-seconds S  seconds per timed round of the in-process loop (default 1; 7 rounds)
              --abba             run every second pair order first (A B B A ...) instead of A B A B
              --repo DIR         the repository (default: found from this jar)
              --samples          only print what the in-process half reads on its standard input (the order
                                 type, then the metaData samples), for running ValidationCost by hand
            """;

    private static final String PLAIN = "plain";
    private static final String ORDER = "order";
    /** Distinct metaData texts the in-process loop goes round. */
    private static final int MICRO_SAMPLES = 1024;

    public static void main(String[] args) throws Exception {
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        Flags flags = Arguments.parseOrExit(() -> Arguments.parse(new Flags(), List.of(args)), "schema bench", USAGE);
        if (flags.help) {
            System.out.print(USAGE);
            return;
        }
        if (flags.samples) {
            System.out.print(microInput());
            return;
        }
        Path repo = flags.repo;
        if (repo == null) {
            repo = findRepo();
        }
        System.exit(run(System.out, repo, flags.store, flags.clients, Duration.ofSeconds(flags.seconds),
                Duration.ofSeconds(flags.warmup), Duration.ofSeconds(flags.initialWarmup), flags.abba, flags.pairs,
                flags.objects, flags.microSeconds));
    }

    /** The options as picocli fills them; {@link #USAGE} is their help. */
    static final class Flags {
        @Option(names = "--clients")
        int clients = 8;
        @Option(names = "--seconds")
        int seconds = 10;
        @Option(names = "--warmup")
        int warmup = 3;
        @Option(names = "--initial-warmup")
        int initialWarmup = 15;
        @Option(names = "--pairs")
        int pairs = 2;
        @Option(names = "--objects")
        int objects = 256;
        @Option(names = "--store")
        Options.Store store = Options.Store.H2;
        @Option(names = "--micro-seconds")
        double microSeconds = 1;
        @Option(names = "--abba")
        boolean abba;
        @Option(names = "--repo")
        Path repo;
        @Option(names = "--samples")
        boolean samples;
        @Option(names = {"--help", "-h"})
        boolean help;
    }

    private static int run(PrintStream out, Path repo, Options.Store store, int clients, Duration measure,
            Duration warmup, Duration initialWarmup, boolean abba, int pairs, int objects, double microSeconds) throws Exception {
        Path apiJar = repo.resolve("platform-api/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(apiJar)) {
            System.err.println("schema bench: build first: ./mvnw -B -pl bench -am package -DskipTests");
            return 2;
        }
        out.printf(Locale.ROOT, "schema bench: %d CPUs, %s %s; store %s, %d clients, %d × (%s plain, %s order) "
                + "after %d s warm-up each; load average %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), store, clients,
                pairs, measure, measure, warmup.toSeconds(), ProcStats.loadAverage());
        Report report = new Report();
        Map<String, List<Measurement>> byType = new LinkedHashMap<>();
        byType.put(PLAIN, new ArrayList<>());
        byType.put(ORDER, new ArrayList<>());
        try (Stack stack = Stack.start(store, apiJar, List.of(), Map.of());
                PadicClient api = new PadicClient(stack.apiUrl())) {
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "schema-bench-shutdown"));
            out.println("schema bench: platform-api ready at " + stack.apiUrl() + "; its log: " + stack.apiLog());
            api.signUpWithProjectKey("schema-bench-" + System.currentTimeMillis() + "@example.com",
                    Map.of(PLAIN, "{\"unknownFields\":\"allow\",\"fields\":[]}", ORDER, orderTypeJson()));
            for (String type : byType.keySet()) {
                for (int i = 0; i < objects; i++) {
                    api.createObject(type, objectId(type, i));
                }
            }
            LoadRunner runner = new LoadRunner(Options.Threads.PLATFORM, stack.apiPid());
            // A fresh platform-api is still compiling its hot paths: warm both types up before the first
            // measured phase, so that round 1 of the first type does not pay for the JIT alone.
            for (String type : byType.keySet()) {
                int spread = objects;
                Measurement m = runner.run(type + " warm-up", clients, Duration.ZERO, initialWarmup, 0,
                        (c, n) -> api.sendEvent(type, objectId(type, (int) (n % spread)), metaData(n)));
                out.printf(Locale.ROOT, "schema bench: %-36s %8s req/s (not measured; %d errors)%n", m.name(),
                        Report.rate(m.perSecond()), m.errors());
            }
            for (int pair = 1; pair <= pairs; pair++) {
                // With --abba every second pair runs order first, so that a steady drift (JIT, store pages,
                // the machine's other load) does not always favour the type that runs second.
                List<String> types = new ArrayList<>(byType.keySet());
                if (abba && pair % 2 == 0) {
                    Collections.reverse(types);
                }
                for (String type : types) {
                    int spread = objects;
                    Measurement m = runner.run(type + (ORDER.equals(type) ? " (10-field schema)" : " (no fields)")
                            + ", round " + pair, clients, warmup, measure, 0,
                            (c, n) -> api.sendEvent(type, objectId(type, (int) (n % spread)), metaData(n)));
                    report.add(m);
                    byType.get(type).add(m);
                    out.printf(Locale.ROOT, "schema bench: %-36s %8s req/s  p50 %6.2f ms  p99 %7.2f ms  "
                            + "api CPU %.2f ms/req  other CPU %.0f %%  (%d requests, %d errors)%n", m.name(),
                            Report.rate(m.perSecond()), m.p50Millis(), m.p99Millis(), m.apiCpuMillisPerRequest(),
                            m.otherCpuPercent(), m.count(), m.errors());
                }
            }
        }
        out.println("schema bench: platform-api stopped; timing EventValidator.validate in a child JVM");
        Map<String, Double> micro = runMicro(microSeconds);
        summarize(out, report, byType, micro, clients);
        return report.hasErrors() ? 1 : 0;
    }

    private static String objectId(String type, int i) {
        return String.format(Locale.ROOT, "%s-%05d", type, i);
    }

    /** The 10 fields of {@code order}; ValidationCost validates against the same, given on its standard input. */
    static String orderTypeJson() {
        return "{\"unknownFields\":\"reject\",\"fields\":["
                + "{\"name\":\"orderId\",\"type\":\"string\",\"required\":true},"
                + "{\"name\":\"n\",\"type\":\"integer\",\"required\":true},"
                + "{\"name\":\"status\",\"type\":\"string\",\"required\":true},"
                + "{\"name\":\"amount\",\"type\":\"number\",\"required\":true},"
                + "{\"name\":\"paid\",\"type\":\"boolean\",\"required\":false},"
                + "{\"name\":\"placedAt\",\"type\":\"timestamp\",\"required\":true},"
                + "{\"name\":\"customer\",\"type\":\"object\",\"required\":true,\"fields\":["
                + "{\"name\":\"id\",\"type\":\"string\",\"required\":true},"
                + "{\"name\":\"city\",\"type\":\"string\",\"required\":false}]},"
                + "{\"name\":\"tags\",\"type\":\"array\",\"required\":false,\"items\":{\"type\":\"string\"}},"
                + "{\"name\":\"note\",\"type\":\"string\",\"required\":false},"
                + "{\"name\":\"quantity\",\"type\":\"integer\",\"required\":false}]}";
    }

    /** Valid against {@link #orderTypeJson()}; sent to both types, and validated in-process by ValidationCost. */
    static String metaData(long n) {
        return "{\"orderId\":\"o-" + n + "\",\"n\":" + n
                + ",\"status\":\"" + (n % 3 == 0 ? "open" : n % 3 == 1 ? "paid" : "shipped") + "\""
                + ",\"amount\":" + (n % 10_000) / 100.0 + ",\"paid\":" + (n % 2 == 0)
                + ",\"placedAt\":\"2026-01-" + (10 + n % 20) + "T12:" + (10 + n % 50) + ":00Z\""
                + ",\"customer\":{\"id\":\"c-" + (n % 997) + "\",\"city\":\"Lyon\"}"
                + ",\"tags\":[\"bench\",\"t" + (n % 7) + "\"]"
                + ",\"note\":\"benchmark event with a short free-text note\",\"quantity\":" + (1 + n % 5) + "}";
    }

    /** ValidationCost's standard input: the order type's body on one line, then {@link #MICRO_SAMPLES} metaData lines. */
    static String microInput() {
        StringBuilder input = new StringBuilder(orderTypeJson()).append('\n');
        for (int n = 0; n < MICRO_SAMPLES; n++) {
            input.append(metaData(n)).append('\n');
        }
        return input.toString();
    }

    /** Runs {@link ValidationCost} in a fresh JVM on this tool's classpath; returns its RESULT line's figures. */
    private static Map<String, Double> runMicro(double seconds) throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ValidationCost.class.getName(),
                Double.toString(seconds), "7");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(microInput().getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("ValidationCost failed:\n" + output);
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("RESULT ")) {
                for (String pair : line.substring(7).trim().split("\\s+")) {
                    String[] kv = pair.split("=", 2);
                    figures.put(kv[0], Double.parseDouble(kv[1]));
                }
            }
        }
        if (figures.isEmpty()) {
            throw new IllegalStateException("ValidationCost printed no RESULT:\n" + output);
        }
        return figures;
    }

    private static void summarize(PrintStream out, Report report, Map<String, List<Measurement>> byType,
            Map<String, Double> micro, int clients) {
        out.println();
        report.printTable(out);
        out.println();
        out.println("| type | requests | req/s | p50 ms | p99 ms | api CPU ms/req |");
        out.println("|---|--:|--:|--:|--:|--:|");
        Map<String, double[]> totals = new LinkedHashMap<>();
        for (var entry : byType.entrySet()) {
            Histogram all = new Histogram(Duration.ofMinutes(1).toNanos(), 3);
            long nanos = 0;
            double apiCpuMs = 0;
            for (Measurement m : entry.getValue()) {
                all.add(m.latencies());
                nanos += m.elapsedNanos();
                apiCpuMs += m.apiCpu().toNanos() / 1e6;
            }
            double perSecond = all.getTotalCount() * 1e9 / nanos;
            double p50 = all.getValueAtPercentile(50) / 1e6;
            double p99 = all.getValueAtPercentile(99) / 1e6;
            double cpuPerRequest = apiCpuMs / all.getTotalCount();
            totals.put(entry.getKey(), new double[] {perSecond, p50, p99, cpuPerRequest});
            out.printf(Locale.ROOT, "| %s | %d | %s | %.2f | %.2f | %.2f |%n", entry.getKey(), all.getTotalCount(),
                    Report.rate(perSecond), p50, p99, cpuPerRequest);
        }
        double[] plain = totals.get(PLAIN);
        double[] order = totals.get(ORDER);
        double orderUs = micro.get("order_us");
        double plainUs = micro.get("plain_us");
        double perRequestMs = clients * 1000.0 / order[0];
        out.println();
        out.printf(Locale.ROOT, "order ÷ plain: req/s %.3f, p50 %.3f, p99 %.3f, api CPU ms/req %.3f%n",
                order[0] / plain[0], order[1] / plain[1], order[2] / plain[2], order[3] / plain[3]);
        out.printf(Locale.ROOT, "EventValidator.validate in-process (one thread, after warm-up, median of 7 rounds): "
                + "order %.2f µs, plain %.2f µs (Jackson readTree of the same metaData: %.2f µs)%n", orderUs, plainUs,
                micro.get("parse_us"));
        out.printf(Locale.ROOT, "order ingest: %.2f ms per request (%d clients ÷ %.0f req/s), p50 %.2f ms, "
                + "api CPU %.2f ms/req%n", perRequestMs, clients, order[0], order[1], order[3]);
        out.printf(Locale.ROOT, "validation share of an order ingest: %.3f %% of per-request time, %.3f %% of p50, "
                + "%.3f %% of platform-api CPU per request (extra over plain: %.2f µs → %.3f %% of api CPU)%n",
                orderUs / 10 / perRequestMs, orderUs / 10 / order[1], orderUs / 10 / order[3], orderUs - plainUs,
                (orderUs - plainUs) / 10 / order[3]);
        out.printf(Locale.ROOT, "end to end, order vs plain: %+.1f %% time per request (1/req/s), %+.1f %% api CPU "
                + "per request%n", (plain[0] / order[0] - 1) * 100, (order[3] / plain[3] - 1) * 100);
        out.println("Load average (1 min) at the end: " + ProcStats.loadAverage() + " on "
                + Runtime.getRuntime().availableProcessors() + " CPUs");
    }

    /** The repository holding this jar (bench/target/padic-bench.jar), else the working directory. */
    private static Path findRepo() {
        try {
            Path self = Path.of(SchemaCostBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path repo = self.getParent().getParent().getParent();
            if (repo != null && Files.isDirectory(repo.resolve("platform-api"))) {
                return repo;
            }
        } catch (URISyntaxException | RuntimeException e) {
            // Fall back to the working directory.
        }
        return Path.of("").toAbsolutePath();
    }
}
