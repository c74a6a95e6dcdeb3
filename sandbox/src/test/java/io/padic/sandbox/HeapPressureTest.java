package io.padic.sandbox;

import static io.padic.sandbox.SandboxFoldTest.event;
import static io.padic.sandbox.SandboxFoldTest.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The many-small-objects bomb that can take a JVM down when nothing bounds guest memory: with no
 * allocation budget to trip, the heap-pressure watch must cancel it, and the JVM (surefire gives it
 * 384 MB) keeps serving another project.
 */
class HeapPressureTest {

    @Test
    void aLiveObjectBombIsCancelledBeforeTheHeapRunsOut() throws ReducerFailure {
        try (Sandbox sandbox = new Sandbox(SandboxLimits.defaults()
                .withTimeLimit(Duration.ofSeconds(60))
                .withMaxAllocatedBytes(Long.MAX_VALUE))) {
            sandbox.warmUp();
            ReducerSet bomb = new ReducerSet("prj_bomb:v1", List.of(new ReducerCode("Bomb", 1,
                    "const a = []; while (true) { a.push({ x: a.length, y: [1, 2, 3], z: { w: 'v' } }); }")));
            ReducerFailure failure = assertThrows(ReducerFailure.class,
                    () -> sandbox.fold(bomb, "{}", events(event(1, "Bomb", "{}")), "public"));
            assertEquals(ReducerFailure.Kind.TOO_MUCH_MEMORY, failure.kind(), failure.getMessage());

            // The JVM survived the bomb and the sandbox keeps serving another project, fold after fold.
            ReducerSet victim = new ReducerSet("prj_victim:v1", List.of());
            for (int i = 1; i <= 3; i++) {
                String name = "safe-" + i;
                assertEquals("{\"name\":\"" + name + "\"}", sandbox.fold(victim, "{}",
                        events(event(i, "Rename", "{\"name\":\"" + name + "\"}")), "public"));
            }
        }
    }
}
