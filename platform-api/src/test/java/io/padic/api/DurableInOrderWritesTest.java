package io.padic.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.api.support.WriteConcernRecorder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * On a store that makes writes durable in order (the embedded one: {@code padic.store.durable-in-order}), the steps of
 * writing events that a later write always follows (their keys' claims, their documents, their pins) are answered once
 * applied, and every other write still waits for the disk: above all the heads, the last write of an event, whose
 * commit takes the earlier steps along (docs/design.md#writing-an-event). That a kill loses nothing acknowledged so
 * is shown by deploy/embedded-services StoreCrashTest and the launcher's CrashRestartIT.
 */
@QuarkusTest
@TestProfile(DurableInOrderWritesTest.DurableInOrder.class)
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class DurableInOrderWritesTest {

    private static final String APPLIED = "{\"w\": 1, \"j\": false}";
    private static final Set<String> EARLIER_STEPS = Set.of("insert idempotency", "insert events", "insert pins");

    public static class DurableInOrder implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("padic.store.durable-in-order", "true");
        }
    }

    @Inject
    WriteConcernRecorder recorder;

    @Test
    void onlyTheStepsBeforeAnEventsLastWriteAreAnsweredOnceApplied() {
        Map<String, Set<String>> seen = DurableWritesTest.writeEverything(recorder);
        seen.forEach((write, concerns) -> assertEquals(
                Set.of(EARLIER_STEPS.contains(write) ? APPLIED : DurableWritesTest.DURABLE), concerns,
                write + " was sent with " + concerns));
    }
}
