package io.padic.sandbox;

import java.time.Duration;

/**
 * What one fold may spend. Community GraalVM has no guest heap limit, so memory is bounded from the host:
 * by the bytes the folding thread allocates, and by cancelling the hungriest fold when the heap runs low.
 *
 * @param statementLimit JavaScript statements per fold (counted by GraalVM)
 * @param timeLimit wall-clock time per fold
 * @param maxOutputBytes size of the folded state as JSON
 * @param maxAllocatedBytes bytes the folding thread may allocate during one fold
 * @param heapPressure share of the maximum heap above which the hungriest running fold is cancelled
 * @param maxBodyBytes size of one applyEvent body in UTF-8
 * @param contextsPerReducerSet idle contexts kept per project and reducer version
 * @param reducerSetsKept reducer sets (project and version) that keep idle contexts
 * @param parsedEventChars characters of event JSON that the contexts of a sandbox keep parsed between folds, all
 *        together (a context gives its share back when it closes)
 */
public record SandboxLimits(long statementLimit, Duration timeLimit, int maxOutputBytes, long maxAllocatedBytes,
        double heapPressure, int maxBodyBytes, int contextsPerReducerSet, int reducerSetsKept, long parsedEventChars) {

    /**
     * The limits this library is built and tested for, and the only place their values are written: platform-api
     * folds with them unless its {@code padic.sandbox.*} properties say otherwise, and bench measures with them.
     */
    public static SandboxLimits defaults() {
        return new SandboxLimits(50_000_000L, Duration.ofSeconds(5), 4 * 1024 * 1024, 2L * 1024 * 1024 * 1024,
                0.75, 64 * 1024, 4, 256, 32L * 1024 * 1024);
    }

    public SandboxLimits withStatementLimit(long statements) {
        return new SandboxLimits(statements, timeLimit, maxOutputBytes, maxAllocatedBytes, heapPressure, maxBodyBytes,
                contextsPerReducerSet, reducerSetsKept, parsedEventChars);
    }

    public SandboxLimits withTimeLimit(Duration time) {
        return new SandboxLimits(statementLimit, time, maxOutputBytes, maxAllocatedBytes, heapPressure, maxBodyBytes,
                contextsPerReducerSet, reducerSetsKept, parsedEventChars);
    }

    public SandboxLimits withMaxOutputBytes(int bytes) {
        return new SandboxLimits(statementLimit, timeLimit, bytes, maxAllocatedBytes, heapPressure, maxBodyBytes,
                contextsPerReducerSet, reducerSetsKept, parsedEventChars);
    }

    public SandboxLimits withMaxAllocatedBytes(long bytes) {
        return new SandboxLimits(statementLimit, timeLimit, maxOutputBytes, bytes, heapPressure, maxBodyBytes,
                contextsPerReducerSet, reducerSetsKept, parsedEventChars);
    }

    public SandboxLimits withParsedEventChars(long chars) {
        return new SandboxLimits(statementLimit, timeLimit, maxOutputBytes, maxAllocatedBytes, heapPressure, maxBodyBytes,
                contextsPerReducerSet, reducerSetsKept, chars);
    }
}
