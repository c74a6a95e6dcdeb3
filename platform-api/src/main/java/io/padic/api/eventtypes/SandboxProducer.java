package io.padic.api.eventtypes;

import io.padic.sandbox.Sandbox;
import io.padic.sandbox.SandboxLimits;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The one JavaScript sandbox of this process, with limits from configuration ({@code padic.sandbox.*}). */
@ApplicationScoped
public class SandboxProducer {

    @Produces
    @Singleton
    Sandbox sandbox(@ConfigProperty(name = "padic.sandbox.statement-limit") long statements,
            @ConfigProperty(name = "padic.sandbox.time-limit") Duration time,
            @ConfigProperty(name = "padic.sandbox.max-state-bytes") int stateBytes,
            @ConfigProperty(name = "padic.sandbox.max-allocated-bytes") long allocated) {
        Sandbox sandbox = new Sandbox(SandboxLimits.defaults().withStatementLimit(statements).withTimeLimit(time)
                .withMaxOutputBytes(stateBytes).withMaxAllocatedBytes(allocated));
        if (sandbox.jitEnabled()) {
            Log.info("JavaScript reducers run with the Graal JIT compiler");
        } else {
            Log.warn("JavaScript reducers run in the interpreter (about 5x slower): this JVM has no Graal JIT."
                    + " Start with ./padic up on JDK 25, or see docs/operations.md to enable it.");
        }
        return sandbox;
    }

    void close(@Disposes Sandbox sandbox) {
        sandbox.close();
    }

    /** Pays the interpreter's first-use cost in the background, not on a user's first read. */
    void warmUp(@Observes StartupEvent start, Sandbox sandbox) {
        Thread.ofVirtual().name("padic-sandbox-warm-up").start(sandbox::warmUp);
    }
}
