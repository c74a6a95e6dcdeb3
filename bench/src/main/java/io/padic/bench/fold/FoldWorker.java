package io.padic.bench.fold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import io.padic.bench.Arguments;
import io.padic.sandbox.ReducerCode;
import io.padic.sandbox.ReducerFailure;
import io.padic.sandbox.ReducerSet;
import io.padic.sandbox.Sandbox;
import io.padic.sandbox.SandboxLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import picocli.CommandLine.Option;

/**
 * The Java side of the fold benchmark, in its own JVM (started by {@link FoldBenchmark} with or without the
 * Graal compiler flags): folds the events file through the Photo reducers again and again and prints, per
 * variant, one {@code RESULT {...}} line with the wall-clock time of every fold, the CPU time the whole
 * process spent in it (folding, compiler and GC threads: comparable with node's {@code process.cpuUsage()})
 * and what the folding thread allocated.
 *
 * <p>Variants ({@code --variant}, may repeat; folded in turn, so they share the machine's state):
 * <ul>
 *   <li>{@code sandbox[,limit=N][,text]}: {@link Sandbox} exactly as platform-api uses it (with statement limit
 *       N; with {@code text}, given the events as one JSON array, the way platform-api did before);</li>
 *   <li>{@code raw[,limit=N][,internal][,prelude=FILE]}: ReducerContext rebuilt with the polyglot API (same
 *       engine options, prelude, wrapper and sealing; no FoldGuard), with no ResourceLimits unless
 *       {@code limit} is given, the prelude marked internal (so only reducer statements count) with
 *       {@code internal}, and another prelude with {@code prelude}: to try sandbox changes without making
 *       them.</li>
 * </ul>
 */
public final class FoldWorker {

    private FoldWorker() {
    }

    /**
     * One fold's input: the events as one JSON array, and as one JSON text each (the way platform-api hands
     * them to the sandbox, {@code JsReducer.eventTexts}); the texts are new strings for every fold, as a read
     * builds them anew.
     */
    record Events(String json, List<String> texts) {
    }

    /** What a fold takes and gives: the events in, the state JSON out. */
    private interface Folder extends AutoCloseable {
        String fold(Events events) throws ReducerFailure;

        boolean jit();

        String describe();

        @Override
        void close();
    }

    /** The child's command line, as {@link FoldBenchmark} writes it. */
    static final class Flags {
        @Option(names = "--events", required = true)
        Path events;
        @Option(names = "--warmup-folds")
        int warmupFolds = 15;
        @Option(names = "--folds")
        int folds = 10;
        @Option(names = "--variant")
        List<String> variants = new ArrayList<>();
    }

    public static void main(String[] args) throws Exception {
        Flags flags = Arguments.parse(new Flags(), List.of(args));
        Path eventsFile = flags.events;
        int warmupFolds = flags.warmupFolds;
        int folds = flags.folds;
        List<String> variants = flags.variants.isEmpty() ? List.of("sandbox") : flags.variants;
        String events = Files.readString(eventsFile, StandardCharsets.UTF_8);
        List<String> texts = texts(events);

        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        OperatingSystemMXBean os =
                (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<Folder> folders = new ArrayList<>();
        try {
            for (String variant : variants) {
                folders.add(folder(variant));
            }
            int n = folders.size();
            List<List<Long>> warmup = lists(n);
            List<List<Long>> timed = lists(n);
            List<List<Long>> cpu = lists(n);
            List<List<Long>> allocated = lists(n);
            String[] states = new String[n];
            for (int i = 0; i < warmupFolds + folds; i++) {
                for (int v = 0; v < n; v++) {
                    Events input = new Events(events, texts.stream().map(t -> new String(t.toCharArray())).toList());
                    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
                    long cpuBefore = os.getProcessCpuTime();
                    long start = System.nanoTime();
                    states[v] = folders.get(v).fold(input);
                    long nanos = System.nanoTime() - start;
                    long cpuNanos = os.getProcessCpuTime() - cpuBefore;
                    if (i < warmupFolds) {
                        warmup.get(v).add(nanos);
                    } else {
                        timed.get(v).add(nanos);
                        cpu.get(v).add(cpuNanos);
                        allocated.get(v).add(threads.getCurrentThreadAllocatedBytes() - allocatedBefore);
                    }
                }
            }
            for (int v = 0; v < n; v++) {
                Folder folder = folders.get(v);
                System.out.println("RESULT {\"variant\":" + quote(variants.get(v)) + ",\"runtime\":"
                        + quote(folder.describe() + " on JDK " + Runtime.version()) + ",\"jit\":" + folder.jit()
                        + ",\"warmupNanos\":" + warmup.get(v) + ",\"foldNanos\":" + timed.get(v) + ",\"cpuNanos\":"
                        + cpu.get(v) + ",\"allocatedBytes\":" + allocated.get(v) + ",\"state\":" + quote(states[v])
                        + "}");
            }
        } finally {
            folders.forEach(Folder::close);
        }
    }

    private static Folder folder(String spec) throws IOException {
        String[] parts = spec.split(",");
        Long limit = null;
        boolean internal = false;
        boolean text = false;
        String prelude = null;
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].startsWith("limit=")) {
                limit = Long.parseLong(parts[i].substring("limit=".length()));
            } else if (parts[i].equals("internal")) {
                internal = true;
            } else if (parts[i].equals("text")) {
                text = true;
            } else if (parts[i].startsWith("prelude=")) {
                prelude = Files.readString(Path.of(parts[i].substring("prelude=".length())), StandardCharsets.UTF_8);
            } else {
                throw new IllegalArgumentException("Unknown variant option " + parts[i] + " in " + spec);
            }
        }
        return switch (parts[0]) {
            case "sandbox" -> {
                if (internal || prelude != null) {
                    throw new IllegalArgumentException("internal and prelude= are for raw variants: " + spec);
                }
                yield sandbox(limit != null ? limit : SandboxLimits.defaults().statementLimit(), text);
            }
            case "raw" -> {
                if (text) {
                    throw new IllegalArgumentException("raw variants always take one JSON text: " + spec);
                }
                yield raw(prelude, limit, internal);
            }
            default -> throw new IllegalArgumentException("Unknown variant " + spec);
        };
    }

    /**
     * The sandbox as platform-api configures it, but with time for the interpreter's first folds; given the
     * events as platform-api gives them (one text each, {@code foldCapturing} up to the last event), or with
     * {@code text} as one JSON array ({@code fold}, as platform-api did before the sandbox kept parsed events).
     */
    private static Folder sandbox(long statementLimit, boolean text) {
        SandboxLimits limits = SandboxLimits.defaults().withStatementLimit(statementLimit)
                .withTimeLimit(Duration.ofSeconds(120));
        Sandbox sandbox = new Sandbox(limits);
        sandbox.warmUp();
        List<ReducerCode> codes = new ArrayList<>();
        PhotoEvents.REDUCERS.forEach((type, body) -> codes.add(new ReducerCode(type, 1, body)));
        ReducerSet set = new ReducerSet("prj_bench:v1", List.copyOf(codes));
        return new Folder() {
            @Override
            public String fold(Events events) throws ReducerFailure {
                if (text) {
                    return sandbox.fold(set, "{}", events.json(), PhotoEvents.ACCESS_LEVEL);
                }
                return sandbox.foldCapturing(set, "{}", events.texts(), PhotoEvents.ACCESS_LEVEL,
                        new int[] {events.texts().size()}).get(0);
            }

            @Override
            public boolean jit() {
                return sandbox.jitEnabled();
            }

            @Override
            public String describe() {
                return "io.padic.sandbox.Sandbox, statement limit " + statementLimit + ", events as "
                        + (text ? "one JSON array" : "one JSON text each");
            }

            @Override
            public void close() {
                sandbox.close();
            }
        };
    }

    /**
     * ReducerContext rebuilt by hand, without FoldGuard: ResourceLimits only with a {@code statementLimit}
     * (the sandbox's: statements of non-internal sources count); {@code internalPrelude} marks the prelude
     * internal, so that only the reducers' statements count.
     */
    private static Folder raw(String preludeOverride, Long statementLimit, boolean internalPrelude)
            throws IOException {
        String preludeText = preludeOverride != null ? preludeOverride : sandboxPrelude();
        Engine engine = Engine.newBuilder("js").sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream()).err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false").build();
        Context.Builder builder = Context.newBuilder("js").engine(engine).sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream()).err(OutputStream.nullOutputStream());
        if (statementLimit != null) {
            builder.resourceLimits(ResourceLimits.newBuilder()
                    .statementLimit(statementLimit, source -> !source.isInternal()).build());
        }
        Context context = builder.build();
        context.eval(Source.newBuilder("js", preludeText, "padic-prelude.js").cached(true).internal(internalPrelude)
                .buildLiteral());
        Value padic = context.getBindings("js").getMember("__padic");
        PhotoEvents.REDUCERS.forEach((type, body) -> padic.invokeMember("register", type,
                context.eval(Source.newBuilder("js", PhotoEvents.WRAPPER_HEAD + body + PhotoEvents.WRAPPER_TAIL,
                        type + "@v1.js").cached(true).buildLiteral())));
        padic.invokeMember("seal");
        return new Folder() {
            @Override
            public String fold(Events events) {
                if (statementLimit != null) {
                    context.resetLimits();
                }
                return padic.invokeMember("fold", "{}", events.json(), PhotoEvents.ACCESS_LEVEL).asString();
            }

            @Override
            public boolean jit() {
                return !"Interpreted".equalsIgnoreCase(engine.getImplementationName());
            }

            @Override
            public String describe() {
                return "polyglot context built by hand, " + (statementLimit != null ? "statement limit "
                        + statementLimit : "no resource limits") + ", " + (preludeOverride != null ? "given"
                                : "the sandbox's") + (internalPrelude ? " internal" : "") + " prelude";
            }

            @Override
            public void close() {
                context.close(true);
                engine.close(true);
            }
        };
    }

    private static String sandboxPrelude() throws IOException {
        try (InputStream in = Sandbox.class.getResourceAsStream("prelude.js")) {
            if (in == null) {
                throw new IOException("io/padic/sandbox/prelude.js is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The array's events, one JSON text each; checked to join back into the very same array. */
    static List<String> texts(String json) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<String> texts = new ArrayList<>();
        for (JsonNode event : mapper.readTree(json)) {
            texts.add(mapper.writeValueAsString(event));
        }
        if (!json.equals("[" + String.join(",", texts) + "]")) {
            throw new IOException("The events do not split into texts that join back into the same JSON");
        }
        return texts;
    }

    private static List<List<Long>> lists(int n) {
        List<List<Long>> lists = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lists.add(new ArrayList<>());
        }
        return lists;
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
