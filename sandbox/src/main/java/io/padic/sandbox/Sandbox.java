package io.padic.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;

/**
 * Runs user reducers: {@link #check} a body, {@link #fold} events into a state, {@link #test} one event.
 * One engine per sandbox, contexts pooled per reducer set, limits per fold (see {@link SandboxLimits}).
 * Nothing of GraalVM leaks out of this class: callers see JSON text and {@link ReducerFailure}.
 */
public final class Sandbox implements AutoCloseable {

    private static final String WRAPPER_HEAD = "(function applyEvent(state, event, accessLevel) {'use strict';\n";
    private static final String WRAPPER_TAIL = "\n})";

    private final SandboxLimits limits;
    private final Engine engine;
    private final Source prelude;
    private final Map<ReducerCode, Source> sources = new ConcurrentHashMap<>();
    private final ContextPool pool;
    private final FoldGuard guard;

    public Sandbox(SandboxLimits limits) {
        this.limits = limits;
        this.engine = Engine.newBuilder("js")
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false")
                .build();
        this.prelude = Source.newBuilder("js", resource("prelude.js"), "padic-prelude.js").cached(true)
                .buildLiteral();
        this.guard = new FoldGuard(limits);
        ReducerContext.Sources shared = new ReducerContext.Sources() {
            @Override
            public Source prelude() {
                return prelude;
            }

            @Override
            public Source reducer(ReducerCode code) {
                return source(code);
            }
        };
        ParsedEvents.Budget budget = new ParsedEvents.Budget(limits.parsedEventChars());
        this.pool = new ContextPool(limits,
                set -> ReducerContext.create(engine, shared, set.reducers(), limits, budget));
    }

    public SandboxLimits limits() {
        return limits;
    }

    /** True when GraalVM compiles guest code (Graal JIT present); false when it only interprets. */
    public boolean jitEnabled() {
        return !"Interpreted".equalsIgnoreCase(engine.getImplementationName());
    }

    /**
     * Builds and seals one throw-away context, so the engine's first real fold does not pay for loading
     * and specialising the JavaScript built-ins (seconds in the interpreter).
     */
    public void warmUp() {
        try {
            // Intl loads its locale data on first use: pay that here too.
            fold(new ReducerSet("warm-up", List.of(new ReducerCode("WarmUp", 0,
                    "return { n: 1, d: new Intl.DateTimeFormat('en').format(0) };"))), "{}",
                    "[{\"id\":\"w\",\"seq\":1,\"type\":\"WarmUp\",\"metaData\":{}}]", "public");
            pool.evict("warm-up");
        } catch (ReducerFailure e) {
            throw new IllegalStateException("The sandbox failed its own warm-up: " + e.getMessage(), e);
        }
    }

    /** Checks a body before it is saved: size, syntax (with the user's line and column), staying a body. */
    public Optional<ReducerFailure> check(String type, String body) {
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxBodyBytes()) {
            return Optional.of(new ReducerFailure(ReducerFailure.Kind.SYNTAX, "The body is " + bytes
                    + " bytes; the limit is " + limits.maxBodyBytes() + " bytes", -1, type, null, null));
        }
        ReducerCode code = new ReducerCode(type, 0, body);
        try (Context context = Context.newBuilder("js").engine(engine).sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream()).err(OutputStream.nullOutputStream()).build()) {
            context.parse(Source.newBuilder("js", wrap(body), code.sourceName()).buildLiteral());
            // A body like "}); x(); (function(){" parses inside the wrapper but escapes it; the Function
            // constructor takes exactly one function body, so it refuses that.
            context.eval("js", "(function (body) { new Function('state', 'event', 'accessLevel', body); })")
                    .execute(body);
            return Optional.empty();
        } catch (PolyglotException e) {
            if (e.isSyntaxError() && e.getSourceLocation() != null
                    && code.sourceName().equals(e.getSourceLocation().getSource().getName())) {
                return Optional.of(new ReducerFailure(ReducerFailure.Kind.SYNTAX, syntaxMessage(e), -1, type, null,
                        userLocation(e.getSourceLocation())));
            }
            return Optional.of(new ReducerFailure(ReducerFailure.Kind.SYNTAX,
                    "The body must be the inside of applyEvent: it closes the function early or does not parse ("
                            + e.getMessage() + ")", -1, type, null, null));
        }
    }

    /**
     * Folds {@code eventsJson} (a JSON array of events, oldest first) into {@code stateJson} with the
     * set's reducers; returns the new state as JSON.
     */
    public String fold(ReducerSet set, String stateJson, String eventsJson, String accessLevel)
            throws ReducerFailure {
        return run(set, context -> context.fold(stateJson, eventsJson, accessLevel), state -> state, null);
    }

    /**
     * One fold that also returns intermediate states: the state after the first n events of
     * {@code eventsJson} for each n of {@code after} (ascending, each between 0 and the number of events).
     * The state stays inside the context for the whole fold; only the asked-for states cross as JSON.
     */
    public List<String> foldCapturing(ReducerSet set, String stateJson, String eventsJson, String accessLevel,
            int[] after) throws ReducerFailure {
        return run(set, context -> context.foldCapturing(stateJson, eventsJson, accessLevel, after),
                Sandbox::largest, null);
    }

    /**
     * As {@link #foldCapturing(ReducerSet, String, String, String, int[])}, with the events as one JSON text
     * each (oldest first). A context keeps the events it parsed (within {@link SandboxLimits#parsedEventChars}),
     * so folding the same events again, in any fold of the set that this context serves, parses only the new
     * ones; every fold step still gets its own copy of the event.
     */
    public List<String> foldCapturing(ReducerSet set, String stateJson, List<String> events, String accessLevel,
            int[] after) throws ReducerFailure {
        return run(set, context -> context.foldCapturing(stateJson, events, accessLevel, after), Sandbox::largest,
                null);
    }

    private static String largest(List<String> states) {
        String largest = "";
        for (String state : states) {
            if (state.length() > largest.length()) {
                largest = state;
            }
        }
        return largest;
    }

    /** Applies one event with one reducer (saved or not); returns the delta, the new state and console output. */
    public TestResult test(ReducerCode code, String stateJson, String eventJson, String accessLevel)
            throws ReducerFailure {
        ReducerSet single = new ReducerSet("test:" + code.type() + ":" + code.body().hashCode(), List.of(code));
        return run(single, context -> {
            String[] out = context.test(stateJson, eventJson, accessLevel);
            return new TestResult(out[0], out[1], context.console());
        }, TestResult::state, code);
    }

    /** Runs the reducer twice on the same input; a different answer means it depends on something else. */
    public void checkDeterministic(ReducerCode code, String stateJson, String eventJson, String accessLevel)
            throws ReducerFailure {
        TestResult first;
        try {
            first = test(code, stateJson, eventJson, accessLevel);
        } catch (ReducerFailure e) {
            // A sample event may lack fields the reducer needs, so a thrown error is not a determinism
            // problem; running past a limit on an empty event is, though: that body can never fold.
            if (e.kind() != ReducerFailure.Kind.RUNTIME) {
                throw e;
            }
            return;
        }
        TestResult second = test(code, stateJson, eventJson, accessLevel);
        if (!first.delta().equals(second.delta())) {
            throw new ReducerFailure(ReducerFailure.Kind.NOT_DETERMINISTIC,
                    "applyEvent returned different deltas for the same state and event: " + first.delta() + " then "
                            + second.delta(), -1, code.type(), code.version(), null);
        }
    }

    public record TestResult(String delta, String state, String console) {
    }

    private interface Work<T> {
        T apply(ReducerContext context);
    }

    private <T> T run(ReducerSet set, Work<T> work, Function<T, String> stateOf,
            ReducerCode testing) throws ReducerFailure {
        ReducerContext context;
        try {
            context = pool.borrow(set);
        } catch (PolyglotException e) {
            throw failure(e, null, null, -1, set);
        }
        boolean reusable = false;
        FoldGuard.Ticket ticket = guard.watch(context.context());
        try {
            T result = work.apply(context);
            int size = stateOf.apply(result).length();
            if (size > limits.maxOutputBytes()) {
                throw new ReducerFailure(ReducerFailure.Kind.OUTPUT_TOO_LARGE, "The state is " + size
                        + " characters of JSON; the limit is " + limits.maxOutputBytes(), -1, null, null, null);
            }
            reusable = true;
            return result;
        } catch (PolyglotException e) {
            int index = -1;
            if (ticket.reason() == null && !e.isCancelled() && !e.isResourceExhausted() && !e.isInternalError()) {
                reusable = true;
                index = testing != null ? 0 : context.failedIndex();
            }
            throw failure(e, ticket.reason(), testing, index, set);
        } finally {
            ticket.close();
            if (reusable) {
                pool.giveBack(set, context);
            } else {
                context.close();
            }
        }
    }

    private ReducerFailure failure(PolyglotException e, FoldGuard.Reason reason, ReducerCode testing, int index,
            ReducerSet set) {
        if (reason == FoldGuard.Reason.TIME) {
            return new ReducerFailure(ReducerFailure.Kind.TOO_LONG, "The reducers ran longer than "
                    + limits.timeLimit().toMillis() + " ms and were stopped", index, null, null, null);
        }
        if (reason == FoldGuard.Reason.MEMORY || (e.isResourceExhausted() && !e.isCancelled())) {
            return new ReducerFailure(ReducerFailure.Kind.TOO_MUCH_MEMORY,
                    "The reducers used too much memory and were stopped", index, null, null, null);
        }
        if (e.isCancelled() || e.isResourceExhausted()) {
            return new ReducerFailure(ReducerFailure.Kind.TOO_LONG, "The reducers ran more than "
                    + limits.statementLimit() + " statements and were stopped", index, null, null, null);
        }
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            if (frame.isGuestFrame() && frame.getSourceLocation() != null) {
                String name = frame.getSourceLocation().getSource().getName();
                ReducerCode code = testing != null && testing.sourceName().equals(name) ? testing : byName(set, name);
                if (code != null) {
                    return new ReducerFailure(ReducerFailure.Kind.RUNTIME, e.getMessage(), index, code.type(),
                            code.version(), userLocation(frame.getSourceLocation()));
                }
            }
        }
        return new ReducerFailure(ReducerFailure.Kind.RUNTIME, e.getMessage(), index, null, null, null);
    }

    private static ReducerCode byName(ReducerSet set, String sourceName) {
        for (ReducerCode code : set.reducers()) {
            if (code.sourceName().equals(sourceName)) {
                return code;
            }
        }
        return null;
    }

    private static CodeLocation userLocation(SourceSection section) {
        return new CodeLocation(Math.max(1, section.getStartLine() - ReducerContext.LINE_OFFSET),
                section.getStartColumn());
    }

    private static String syntaxMessage(PolyglotException e) {
        String message = e.getMessage();
        // GraalJS prefixes "<source>:<line>:<column> "; the caller reports the location separately.
        String trimmed = message.replaceFirst("^(SyntaxError: )?\\S+\\.js:\\d+:\\d+ ", "$1");
        int newline = trimmed.indexOf('\n');
        return newline > 0 ? trimmed.substring(0, newline) : trimmed;
    }

    private Source source(ReducerCode code) {
        return sources.computeIfAbsent(code,
                c -> Source.newBuilder("js", wrap(c.body()), c.sourceName()).cached(true).buildLiteral());
    }

    static String wrap(String body) {
        return WRAPPER_HEAD + body + WRAPPER_TAIL;
    }

    private static String resource(String name) {
        try (InputStream in = Sandbox.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("The sandbox resource " + name + " is missing", e);
        }
    }

    @Override
    public void close() {
        guard.close();
        pool.close();
        engine.close(true);
    }
}
