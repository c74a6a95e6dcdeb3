package io.padic.bench.fold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.padic.bench.Arguments;
import io.padic.deploy.JitFlags;
import io.padic.sandbox.SandboxLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * The fold benchmark (sandbox issue acceptance): N Photo events, folded by the real
 * {@code io.padic.sandbox.Sandbox} with the Graal JIT and in the interpreter (given the events as platform-api
 * gives them: one JSON text each), and by node (given them as one JSON array, parsed every fold) running the
 * prelude's fold around the same reducers on the same events, each in its own process, in one run. Prints
 * events/s (best and median of the timed folds), the ratios to node, and checks that all end in the same
 * state. {@code --diagnostics} adds runs that take the cost apart. Not a test: the reactor builds it and never
 * runs it.
 */
public final class FoldBenchmark {

    static final String USAGE = """
            Usage: java -cp bench/target/padic-bench.jar io.padic.bench.fold.FoldBenchmark [options]

            Folds N Photo events (one PhotoCreate, then PhotoModify renames of the same photo) through the
            Photo reducers: in io.padic.sandbox.Sandbox with the Graal JIT and interpreted, given the events
            as platform-api gives them (one JSON text each: the sandbox parses a text once per context), and
            in node running the sandbox prelude's fold on one JSON array, parsed every fold. Each runtime is its own
            process; each does warm-up folds, then timed folds of all N events.

              --events N           events per fold (default 100000)
              --warmup-events N    events folded before timing, per runtime (default 6000000, i.e. 60 folds)
              --folds N            timed folds per runtime and round (default 10)
              --rounds N           run every runtime N times, in turn (default 1)
              --modes LIST         of jit,interpreter,node (default all three)
              --diagnostics        then, in one JIT JVM and one node process whose variants fold in turn:
                                   the sandbox with and without its statement limit, the same context
                                   built without ResourceLimits, and with only reducer statements counted
              --prelude FILE       a changed prelude.js for --diagnostics: folded by the JIT (with the
                                   sandbox's statement limit) and by node beside the sandbox's prelude
              --node PATH          node binary (default node on PATH; the acceptance names v20)
              --jit-dir DIR        the Graal compiler jars (default: jit beside the bench jar)
              --java-opt OPT       extra JVM option for the Java runtimes; may repeat
              --verbose            also print every fold's time
              --help               this text
            """;

    /** Issue 19's acceptance: the JIT at least as fast as node (the sandbox issue asked for 0.75). */
    private static final double TARGET = 1.0;
    private static final long STATEMENT_LIMIT = SandboxLimits.defaults().statementLimit();

    /** A runtime of the main table. */
    enum Mode {
        JIT("jit", "Sandbox, Graal JIT"),
        INTERPRETER("interpreter", "Sandbox, interpreter"),
        NODE("node", "node");

        final String id;
        final String label;

        Mode(String id, String label) {
            this.id = id;
            this.label = label;
        }

        static Mode of(String id) {
            for (Mode mode : values()) {
                if (mode.id.equals(id)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("Unknown mode " + id + " (jit, interpreter or node)");
        }
    }

    record Options(int events, long warmupEvents, int folds, int rounds, List<Mode> modes, boolean diagnostics,
            Path prelude, String node, Path jitDir, List<String> javaOpts, boolean verbose) {

        int warmupFolds() {
            return (int) ((warmupEvents + events - 1) / events);
        }
    }

    /** What one child reported for one variant. */
    record Run(String variant, String runtime, boolean jit, List<Long> warmupNanos, List<Long> foldNanos,
            List<Long> cpuNanos, List<Long> allocated, String state) {
    }

    /** Best and median events/s by wall clock, median events per CPU-second, and the medians in ms. */
    record Rates(double best, double median, double perCpuSecond, double medianMs, double cpuMs, double allocatedMb) {
    }

    private final Options options;
    private final PrintStream out;
    private final ObjectMapper json = new ObjectMapper();
    private Path events;
    private Path reducers;
    private Path script;
    private Path prelude;

    private FoldBenchmark(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Options options = Arguments.parseOrExit(() -> parse(List.of(args)), "fold-bench", USAGE);
        if (options == null) {
            System.out.print(USAGE);
            return;
        }
        System.exit(new FoldBenchmark(options, System.out).run());
    }

    int run() throws IOException, InterruptedException {
        List<Mode> modes = new ArrayList<>(options.modes());
        List<String> jitFlags = jitFlags();
        if (jitFlags.isEmpty() && modes.remove(Mode.JIT) && !modes.contains(Mode.INTERPRETER)) {
            modes.add(0, Mode.INTERPRETER); // jitFlags() said why; the interpreter is what this JDK gives.
        }
        Path dir = Files.createTempDirectory("padic-fold-bench-");
        try {
            prepare(dir);
            out.printf(Locale.ROOT, "Fold benchmark: %,d Photo events (%,d bytes of JSON) per fold; %d warm-up + %d "
                    + "timed folds per runtime, %d round(s)%n", options.events(), Files.size(events),
                    options.warmupFolds(), options.folds(), options.rounds());
            out.println("Machine: " + machine());
            double loadBefore = loadAverage();

            Map<Mode, List<Run>> runs = new LinkedHashMap<>();
            for (int round = 1; round <= options.rounds(); round++) {
                for (Mode mode : modes) {
                    out.printf(Locale.ROOT, "  round %d: %s ...%n", round, mode.label);
                    List<String> command = switch (mode) {
                        case NODE -> nodeCommand(List.of(prelude));
                        case JIT -> javaCommand(jitFlags, List.of("sandbox"));
                        case INTERPRETER -> javaCommand(List.of(), List.of("sandbox"));
                    };
                    Run result = runChild(command).get(0);
                    if (mode != Mode.NODE && result.jit() != (mode == Mode.JIT)) {
                        throw new IllegalStateException(mode.label + " ran " + (result.jit() ? "with" : "without")
                                + " the JIT: " + result.runtime());
                    }
                    runs.computeIfAbsent(mode, m -> new ArrayList<>()).add(result);
                    verbose(result);
                }
            }
            out.printf(Locale.ROOT, "Load average (1 min) before/after: %.2f / %.2f%n%n", loadBefore, loadAverage());
            boolean same = report(runs);
            if (options.diagnostics()) {
                same &= diagnostics(jitFlags);
            }
            return same ? 0 : 1;
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** The events, the reducers for node, node's script and the sandbox's prelude, in {@code dir}. */
    private void prepare(Path dir) throws IOException {
        events = dir.resolve("events.json");
        reducers = dir.resolve("reducers.json");
        script = dir.resolve("fold.js");
        prelude = dir.resolve("prelude.js");
        Files.writeString(events, PhotoEvents.json(options.events()), StandardCharsets.UTF_8);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("head", PhotoEvents.WRAPPER_HEAD);
        spec.put("tail", PhotoEvents.WRAPPER_TAIL);
        spec.put("accessLevel", PhotoEvents.ACCESS_LEVEL);
        spec.put("reducers", PhotoEvents.REDUCERS);
        json.writeValue(reducers.toFile(), spec);
        Files.writeString(script, NodeFold.SCRIPT, StandardCharsets.UTF_8);
        Files.writeString(prelude, sandboxPrelude(), StandardCharsets.UTF_8);
    }

    private boolean report(Map<Mode, List<Run>> runs) {
        Map<Mode, Rates> rates = new LinkedHashMap<>();
        runs.forEach((mode, list) -> rates.put(mode, rates(list)));
        Rates node = rates.get(Mode.NODE);
        header("runtime");
        rates.forEach((mode, r) -> row(mode.label, r, node));
        out.println("  median ms: wall-clock time of one fold; CPU ms: CPU time of the whole process (folding, compiler");
        out.println("  and GC threads) during one fold; MB alloc: what the folding thread allocated per fold (Java);");
        out.println("  x node: median events/s over node's median events/s, by wall clock and by CPU time.");
        out.println("Runtimes:");
        runs.forEach((mode, list) -> out.println("  " + mode.label + ": " + list.get(0).runtime()));
        if (node != null) {
            for (Mode mode : List.of(Mode.JIT, Mode.INTERPRETER)) {
                Rates r = rates.get(mode);
                if (r != null) {
                    out.printf(Locale.ROOT, "Ratio %s / node: %.2f (median), %.2f (best), %s (CPU time)%s%n", mode.id,
                            r.median() / node.median(), r.best() / node.best(),
                            number("%.2f", r.perCpuSecond() / node.perCpuSecond()), mode != Mode.JIT ? ""
                                    : r.median() / node.median() >= TARGET ? "  - target >= 1.0: met"
                                            : "  - target >= 1.0: NOT met");
                }
            }
        }
        return sameStates(runs.values().stream().flatMap(List::stream).toList());
    }

    /**
     * The statement limit's cost and a changed prelude's effect, measured with the variants folding in turn
     * inside one process per runtime, so that a busy machine slows them alike.
     */
    private boolean diagnostics(List<String> jitFlags) throws IOException, InterruptedException {
        out.println();
        out.println("Diagnostics: the variants of each process fold in turn (" + options.warmupFolds() + " warm-up + "
                + options.folds() + " timed folds each).");
        List<String> variants = new ArrayList<>(List.of(
                "sandbox",
                "sandbox,text",
                "sandbox,limit=" + Long.MAX_VALUE,
                "raw",
                "raw,limit=" + STATEMENT_LIMIT + ",internal"));
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(variants.get(0), "Sandbox (as platform-api)");
        labels.put(variants.get(1), "Sandbox, one JSON array");
        labels.put(variants.get(2), "Sandbox, limit Long.MAX_VALUE");
        labels.put(variants.get(3), "no ResourceLimits, one array");
        labels.put(variants.get(4), "limit, prelude internal, array");
        String changed = null;
        String changedInternal = null;
        if (options.prelude() != null) {
            String file = options.prelude().toAbsolutePath().toString();
            changed = "raw,limit=" + STATEMENT_LIMIT + ",prelude=" + file;
            changedInternal = "raw,limit=" + STATEMENT_LIMIT + ",internal,prelude=" + file;
            variants.addAll(List.of(changed, changedInternal));
            labels.put(changed, "--prelude, limit");
            labels.put(changedInternal, "--prelude, limit, internal");
        }
        List<Run> all = new ArrayList<>();
        Map<String, Rates> rates = new LinkedHashMap<>();
        if (!jitFlags.isEmpty()) {
            out.println("  JIT: " + String.join(" | ", labels.values()) + " ...");
            for (Run run : runChild(javaCommand(jitFlags, variants))) {
                rates.put("JIT, " + labels.get(run.variant()), rates(List.of(run)));
                all.add(run);
                verbose(run);
            }
        }
        List<Path> preludes = new ArrayList<>(List.of(prelude));
        if (options.prelude() != null) {
            preludes.add(options.prelude().toAbsolutePath());
        }
        out.println("  node: the sandbox's prelude" + (options.prelude() != null ? " | --prelude" : "") + " ...");
        List<Run> nodeRuns = runChild(nodeCommand(preludes));
        nodeRuns.forEach(this::verbose);
        all.addAll(nodeRuns);
        Rates node = rates(List.of(nodeRuns.get(0)));
        Rates nodeChanged = nodeRuns.size() > 1 ? rates(List.of(nodeRuns.get(1))) : null;
        rates.put("node, the sandbox's prelude", node);
        if (nodeChanged != null) {
            rates.put("node, --prelude", nodeChanged);
        }
        out.println();
        header("variant");
        for (Map.Entry<String, Rates> entry : rates.entrySet()) {
            boolean usesChanged = entry.getKey().contains("--prelude");
            row(entry.getKey(), entry.getValue(), usesChanged ? nodeChanged : node);
        }
        out.println("  x node: against node folding with the same prelude.");
        return sameStates(all);
    }

    private Rates rates(List<Run> runs) {
        long[] nanos = all(runs, Run::foldNanos);
        long[] cpu = all(runs, Run::cpuNanos);
        double allocated = runs.stream().flatMap(run -> run.allocated().stream()).mapToLong(Long::longValue)
                .average().orElse(Double.NaN) / (1024 * 1024);
        return new Rates(rate(Arrays.stream(nanos).min().orElseThrow()), rate(median(nanos)),
                cpu.length == 0 ? Double.NaN : rate(median(cpu)), median(nanos) / 1e6,
                cpu.length == 0 ? Double.NaN : median(cpu) / 1e6, allocated);
    }

    private void header(String first) {
        out.printf(Locale.ROOT, "%-36s %12s %12s %9s %9s %9s %8s %8s%n", first, "best ev/s", "median ev/s",
                "median ms", "CPU ms", "MB alloc", "x node", "x node");
        out.printf(Locale.ROOT, "%-36s %12s %12s %9s %9s %9s %8s %8s%n", "", "", "", "(wall)", "(median)",
                "(thread)", "(wall)", "(CPU)");
    }

    private void row(String label, Rates r, Rates node) {
        out.printf(Locale.ROOT, "%-36s %,12.0f %,12.0f %9.0f %9s %9s %8s %8s%n", label, r.best(), r.median(),
                r.medianMs(), number("%.0f", r.cpuMs()), number("%,.0f", r.allocatedMb()),
                node == null ? "-" : number("%.2f", r.median() / node.median()),
                node == null ? "-" : number("%.2f", r.perCpuSecond() / node.perCpuSecond()));
    }

    private boolean sameStates(List<Run> runs) {
        String expected = PhotoEvents.expectedState(options.events());
        boolean same = true;
        for (Run run : runs) {
            if (!expected.equals(run.state())) {
                same = false;
                out.println("State differs: " + run.runtime() + " (" + run.variant() + ") ended in " + run.state());
            }
        }
        out.println(same ? "Final states: identical in every runtime, " + expected
                : "Final states: DIFFER (expected " + expected + ")");
        return same;
    }

    private void verbose(Run run) {
        if (options.verbose()) {
            out.println("    " + run.variant() + " warm-up ms: " + millis(run.warmupNanos()));
            out.println("    " + run.variant() + " timed ms:   " + millis(run.foldNanos()));
        }
    }

    private List<String> nodeCommand(List<Path> preludes) {
        List<String> command = new ArrayList<>(List.of(options.node(), script.toString(), events.toString(),
                reducers.toString(), Integer.toString(options.warmupFolds()), Integer.toString(options.folds())));
        preludes.forEach(p -> command.add(p.toString()));
        return command;
    }

    private List<String> javaCommand(List<String> jitFlags, List<String> variants) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (!jitFlags.isEmpty()) {
            command.addAll(jitFlags);
        } else {
            command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        }
        command.addAll(options.javaOpts());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FoldWorker.class.getName(),
                "--events", events.toString(), "--warmup-folds", Integer.toString(options.warmupFolds()),
                "--folds", Integer.toString(options.folds())));
        for (String variant : variants) {
            command.addAll(List.of("--variant", variant));
        }
        return command;
    }

    private List<Run> runChild(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = process.waitFor();
        List<String> lines = stdout.lines().filter(l -> l.startsWith("RESULT ")).toList();
        if (code != 0 || lines.isEmpty()) {
            throw new IllegalStateException("The child failed (exit " + code + "): " + String.join(" ", command)
                    + "\n" + stdout);
        }
        List<Run> runs = new ArrayList<>();
        for (String line : lines) {
            JsonNode result = json.readTree(line.substring("RESULT ".length()));
            runs.add(new Run(result.path("variant").asText(), result.path("runtime").asText(),
                    result.path("jit").asBoolean(), longs(result.path("warmupNanos")), longs(result.path("foldNanos")),
                    longs(result.path("cpuNanos")), longs(result.path("allocatedBytes")),
                    result.path("state").asText()));
        }
        return runs;
    }

    /**
     * The JIT child's flags when this JDK can use the compiler jars, as {@code ./padic up} gives platform-api;
     * otherwise none, after one line that says the reducers are interpreted and why.
     */
    private List<String> jitFlags() {
        if (!options.modes().contains(Mode.JIT) && !options.diagnostics()) {
            return List.of();
        }
        JitFlags.Outcome outcome = JitFlags.probe(Path.of(System.getProperty("java.home"), "bin", "java"),
                JitFlags.candidate(Runtime.version(), options.jitDir()));
        if (!outcome.jit()) {
            out.println("fold-bench: no JIT rows, reducers are interpreted: " + outcome.whyNot());
        }
        return outcome.flags();
    }

    /** The prelude the sandbox evaluates, from its jar on our class path. */
    private static String sandboxPrelude() throws IOException {
        try (InputStream in = FoldBenchmark.class.getClassLoader().getResourceAsStream("io/padic/sandbox/prelude.js")) {
            if (in == null) {
                throw new IOException("io/padic/sandbox/prelude.js (the sandbox jar) is not on the class path");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!text.contains(NodeFold.FOLD_MARKER)) {
                throw new IOException("The sandbox's prelude.js has no \"" + NodeFold.FOLD_MARKER
                        + "\" section any more; node's side of the benchmark needs it");
            }
            return text;
        }
    }

    private String machine() {
        String cpu = "unknown CPU";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse(cpu);
        } catch (IOException | RuntimeException e) {
            // Not Linux: the core count and OS below still say something.
        }
        String node;
        try {
            Process process = new ProcessBuilder(options.node(), "--version").redirectErrorStream(true).start();
            node = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            process.waitFor();
        } catch (IOException e) {
            node = "not found (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            node = "?";
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                + ManagementFactory.getOperatingSystemMXBean().getName() + " "
                + ManagementFactory.getOperatingSystemMXBean().getVersion() + "; JDK " + Runtime.version() + " ("
                + System.getProperty("java.vendor") + "); node " + node;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Parses the arguments; null for {@code --help}; {@link IllegalArgumentException} naming a mistake. */
    static Options parse(List<String> args) {
        Flags flags = Arguments.parse(new Flags(), args);
        if (flags.help) {
            return null;
        }
        if (flags.prelude != null && !flags.diagnostics) {
            throw new IllegalArgumentException("--prelude is for --diagnostics");
        }
        List<Mode> modes = Stream.of(flags.modes.split(",")).map(String::strip).map(Mode::of).distinct().toList();
        Path jitDir = flags.jitDir != null ? flags.jitDir : JitFlags.besideCodeOf(FoldBenchmark.class);
        return new Options(positive("--events", flags.events), Math.max(0, flags.warmupEvents),
                positive("--folds", flags.folds), positive("--rounds", flags.rounds), modes, flags.diagnostics,
                flags.prelude, flags.node, jitDir, List.copyOf(flags.javaOpts), flags.verbose);
    }

    /** The options as picocli fills them; {@link #USAGE} is their help. */
    static final class Flags {
        @Option(names = "--events")
        int events = 100_000;
        // The JIT folding kept events settles after ~4 M events (docs/benchmarks.md); node after a few folds.
        @Option(names = "--warmup-events")
        long warmupEvents = 6_000_000;
        @Option(names = "--folds")
        int folds = 10;
        @Option(names = "--rounds")
        int rounds = 1;
        @Option(names = "--modes")
        String modes = "jit,interpreter,node";
        @Option(names = "--diagnostics")
        boolean diagnostics;
        @Option(names = "--prelude")
        Path prelude;
        @Option(names = "--node")
        String node = "node";
        @Option(names = "--jit-dir")
        Path jitDir;
        @Option(names = "--java-opt")
        List<String> javaOpts = new ArrayList<>();
        @Option(names = "--verbose")
        boolean verbose;
        @Option(names = {"--help", "-h"})
        boolean help;
    }

    private static int positive(String name, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return n;
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asLong()));
        return values;
    }

    private static long[] all(List<Run> runs, Function<Run, List<Long>> values) {
        return runs.stream().flatMap(run -> values.apply(run).stream()).mapToLong(Long::longValue).toArray();
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    private static String number(String format, double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "-" : String.format(Locale.ROOT, format, value);
    }

    private double rate(double nanos) {
        return options.events() / (nanos / 1e9);
    }

    private static String millis(List<Long> nanos) {
        return nanos.stream().map(n -> String.format(Locale.ROOT, "%.0f", n / 1e6)).toList().toString();
    }
}
