package io.padic.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * One GraalVM context holding one reducer set: the prelude, the registered reducers, then sealed. It is
 * used by one thread at a time and only for the set it was built for.
 */
final class ReducerContext implements AutoCloseable {

    /** The wrapper puts the user's body on line 2, so GraalVM's line minus one is the user's line. */
    static final int LINE_OFFSET = 1;
    private static final int CONSOLE_LIMIT = 16 * 1024;

    private final Context context;
    private final Value padic;
    private final BoundedOutput console;
    private final ParsedEvents parsed;

    private ReducerContext(Context context, Value padic, BoundedOutput console, ParsedEvents parsed) {
        this.context = context;
        this.padic = padic;
        this.console = console;
        this.parsed = parsed;
    }

    static ReducerContext create(Engine engine, Sources sources, List<ReducerCode> codes, SandboxLimits limits,
            ParsedEvents.Budget budget) {
        BoundedOutput console = new BoundedOutput(CONSOLE_LIMIT);
        Context context = Context.newBuilder("js")
                .engine(engine)
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(console)
                .err(console)
                .resourceLimits(ResourceLimits.newBuilder()
                        .statementLimit(limits.statementLimit(), source -> !source.isInternal())
                        .build())
                .build();
        try {
            context.eval(sources.prelude());
            Value padic = context.getBindings("js").getMember("__padic");
            for (ReducerCode code : codes) {
                if (!code.isDefault()) {
                    padic.invokeMember("register", code.type(), context.eval(sources.reducer(code)));
                }
            }
            padic.invokeMember("seal");
            context.resetLimits();
            return new ReducerContext(context, padic, console, new ParsedEvents(budget));
        } catch (PolyglotException | IllegalStateException e) {
            context.close(true);
            throw e;
        }
    }

    Context context() {
        return context;
    }

    String fold(String stateJson, String eventsJson, String accessLevel) {
        context.resetLimits();
        return padic.invokeMember("fold", stateJson, eventsJson, accessLevel).asString();
    }

    /** The states after the first n events for each n of {@code after} (ascending, each at most the count). */
    List<String> foldCapturing(String stateJson, String eventsJson, String accessLevel, int[] after) {
        context.resetLimits();
        return strings(padic.invokeMember("foldCapturing", stateJson, eventsJson, accessLevel, json(after)));
    }

    private static String json(int[] numbers) {
        StringBuilder out = new StringBuilder("[");
        for (int n : numbers) {
            out.append(out.length() > 1 ? "," : "").append(n);
        }
        return out.append(']').toString();
    }

    private static List<String> strings(Value array) {
        List<String> out = new ArrayList<>((int) array.getArraySize());
        for (long i = 0; i < array.getArraySize(); i++) {
            out.add(array.getArrayElement(i).asString());
        }
        return out;
    }

    /**
     * As {@link #foldCapturing}, with the events as one JSON text each: texts this context parsed in an earlier
     * fold are not sent or parsed again (each fold step gets a fresh copy of the parsed event).
     */
    List<String> foldCapturing(String stateJson, List<String> events, String accessLevel, int[] after) {
        context.resetLimits();
        ParsedEvents.Plan plan = parsed.plan(events);
        Value states;
        try {
            states = padic.invokeMember("foldParsed", stateJson, plan.slotsJson(), plan.freshJson(),
                    plan.freshSlotsJson(), accessLevel, json(after));
        } catch (RuntimeException e) {
            parsed.dropped(plan);
            throw e;
        }
        parsed.kept(plan);
        return strings(states);
    }

    /** The delta and the new state, as JSON texts. */
    String[] test(String stateJson, String eventJson, String accessLevel) {
        context.resetLimits();
        console.reset();
        Value result = padic.invokeMember("test", stateJson, eventJson, accessLevel);
        return new String[] {result.getArrayElement(0).asString(), result.getArrayElement(1).asString()};
    }

    /** Which event of the last fold was being applied when it failed, or -1. */
    int failedIndex() {
        return padic.invokeMember("failedIndex").asInt();
    }

    String console() {
        return console.text();
    }

    @Override
    public void close() {
        parsed.release();
        try {
            context.close(true);
        } catch (IllegalStateException | PolyglotException e) {
            // Already closed by the guard.
        }
    }

    /** Keeps the first bytes a reducer prints (console.log), for the test panel; drops the rest. */
    static final class BoundedOutput extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int limit;

        BoundedOutput(int limit) {
            this.limit = limit;
        }

        @Override
        public synchronized void write(int b) {
            if (bytes.size() < limit) {
                bytes.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = Math.max(0, limit - bytes.size());
            bytes.write(b, off, Math.min(room, len));
        }

        synchronized void reset() {
            bytes.reset();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Parsed sources shared by all contexts of the engine, so a new context does not parse them again. */
    interface Sources {
        Source prelude();

        Source reducer(ReducerCode code);
    }
}
