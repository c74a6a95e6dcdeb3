package io.padic.api.eventtypes;

import io.padic.api.common.PadicConfig;
import io.padic.sandbox.Sandbox;
import io.padic.sandbox.SandboxLimits;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one JavaScript sandbox of this process, with limits from configuration ({@code padic.sandbox.*}). */
@ApplicationScoped
public class SandboxProducer {

    @Produces
    @Singleton
    Sandbox sandbox(PadicConfig config) {
        Sandbox sandbox = new Sandbox(limits(config.sandbox()));
        if (sandbox.jitEnabled()) {
            Log.info("JavaScript reducers run with the Graal JIT compiler");
        } else {
            Log.warn("JavaScript reducers run in the interpreter (about 5x slower): this JVM has no Graal JIT."
                    + " Start with ./padic up on JDK 25, or see docs/operations.md to enable it.");
        }
        return sandbox;
    }

    /** The library's limits, with those set in {@code padic.sandbox.*} in their place. */
    static SandboxLimits limits(PadicConfig.Sandbox configured) {
        SandboxLimits limits = SandboxLimits.defaults();
        if (configured.statementLimit().isPresent()) {
            limits = limits.withStatementLimit(configured.statementLimit().getAsLong());
        }
        if (configured.timeLimit().isPresent()) {
            limits = limits.withTimeLimit(configured.timeLimit().get());
        }
        if (configured.maxStateBytes().isPresent()) {
            limits = limits.withMaxOutputBytes(configured.maxStateBytes().getAsInt());
        }
        if (configured.maxAllocatedBytes().isPresent()) {
            limits = limits.withMaxAllocatedBytes(configured.maxAllocatedBytes().getAsLong());
        }
        if (configured.parsedEventChars().isPresent()) {
            limits = limits.withParsedEventChars(configured.parsedEventChars().getAsLong());
        }
        return limits;
    }

    void close(@Disposes Sandbox sandbox) {
        sandbox.close();
    }

    /** Pays the interpreter's first-use cost in the background, not on a user's first read. */
    void warmUp(@Observes StartupEvent start, Sandbox sandbox) {
        Thread.ofVirtual().name("padic-sandbox-warm-up").start(sandbox::warmUp);
    }
}
