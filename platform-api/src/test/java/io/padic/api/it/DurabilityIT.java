package io.padic.api.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.embedded.ChildApp;
import io.padic.testkit.ApiClient;
import io.padic.testkit.Project;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * I2 Durability (docs/design.md#i2-durability): an event answered 201 is read back after {@code kill -9} and a restart;
 * and a multi-concern event whose writer died half way is completed, by a retry with the same Idempotency-Key or by the
 * background repair sweep (docs/design.md#writing-an-event). Each scenario has its own store, so no sweep touches
 * another's half-written event, and the three processes start together to save time.
 */
class DurabilityIT {

    private static final List<String> HOT = List.of("hot");
    private static final List<String> THREE = List.of("hot", "t1", "t2");
    private static final List<String> ABC = List.of("a", "b", "c");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** No repair sweep: what the reads find is then owed to the write path (and to a retry) alone. */
    private static final Map<String, String> REPAIR_OFF = Map.of("PADIC_REPAIR_EVERY", "off");

    private static final List<AutoCloseable> RUNNING = new ArrayList<>();
    private static Backends killedStore;
    private static Backends retriedStore;
    private static Backends sweptStore;
    private static AppProcess victim;
    private static AppProcess retrier;
    private static AppProcess sweeper;

    @BeforeAll
    static void start() {
        killedStore = running(Backends.start());
        retriedStore = running(Backends.start());
        sweptStore = running(Backends.start());
        List<AppProcess> apps = AppProcess.startTogether(List.of(
                new AppProcess.Spec("durability-victim", killedStore, REPAIR_OFF),
                new AppProcess.Spec("repair-by-retry", retriedStore, REPAIR_OFF),
                // A sweep every second for markers older than a second; the first one a second after start
                // rather than the default ten.
                new AppProcess.Spec("repair-by-sweep", sweptStore, Map.of("PADIC_REPAIR_GRACE", "PT1S",
                        "PADIC_REPAIR_EVERY", "1s", "PADIC_REPAIR_DELAY", "1s"))));
        victim = running(apps.get(0));
        retrier = running(apps.get(1));
        sweeper = running(apps.get(2));
    }

    @AfterAll
    static void stop() throws Exception {
        Collections.reverse(RUNNING);
        for (AutoCloseable resource : RUNNING) {
            resource.close();
        }
    }

    @Test
    void everyAcknowledgedEventSurvivesKillMinus9AndRestart() throws Exception {
        Project project = ApiClient.to(victim.uri()).newProjectTakingAnyType("IT");
        ApiClient.to(victim.uri()).as(project.key()).createObjects("Thing", THREE.toArray(String[]::new));

        // Writers stream events until the process dies under them; only 201 answers count as acknowledged.
        Map<String, List<String>> acknowledged = new ConcurrentHashMap<>();
        List<ApiClient.Reply> refused = Collections.synchronizedList(new ArrayList<>());
        ExecutorService writers = Executors.newFixedThreadPool(3);
        List<Future<?>> writing = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int writer = w;
            ApiClient api = ApiClient.to(victim.uri()).as(project.key());
            writing.add(writers.submit(() -> {
                for (int i = 0; ; i++) {
                    List<String> concerns = i % 5 == 4 ? THREE : HOT;
                    ApiClient.Reply reply;
                    try {
                        reply = api.sendEvent("Tick", concerns, Map.of("writer", writer, "i", i));
                    } catch (UncheckedIOException e) {
                        return; // the process is gone
                    }
                    if (reply.status() != 201) {
                        refused.add(reply);
                        return;
                    }
                    acknowledged.put(reply.body().path("id").asText(), concerns);
                }
            }));
        }
        await("300 acknowledged writes").atMost(TIMEOUT)
                .until(() -> acknowledged.size() >= 300 || writing.stream().anyMatch(Future::isDone));
        assertEquals(ChildApp.KILLED_BY_SIGKILL, victim.killHard(), "the victim died of SIGKILL");
        writers.shutdown();
        for (Future<?> writer : writing) {
            writer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS); // ends once the process is gone, or rethrows
        }
        assertEquals(List.of(), refused, "no write was refused before the kill");
        Map<String, List<String>> acked = Map.copyOf(acknowledged);
        assertTrue(acked.size() >= 300, "acknowledged before the kill: " + acked.size());

        try (AppProcess survivor = AppProcess.start("durability-survivor", killedStore, REPAIR_OFF)) {
            ApiClient api = ApiClient.to(survivor.uri()).as(project.key());
            Map<String, EditLog> logs = readLogs(api, THREE);
            acked.forEach((eventId, concerns) -> {
                for (String objectId : concerns) {
                    assertEquals(1, logs.get(objectId).count(eventId),
                            "acknowledged " + eventId + " is in " + objectId + "'s log exactly once");
                }
            });
            assertTrue(acked.values().stream().anyMatch(THREE::equals), "some acknowledged events had 3 concerns");

            // Writing goes on after the restart at the next seqs, past anything the killed writers left.
            JsonNode after = api.sendEvent("Tick", THREE, Map.of("after", "restart")).expect(201);
            Map<String, EditLog> logsAfter = readLogs(api, THREE);
            Map<String, Long> pins = pinsOf(after);
            assertEquals(THREE, List.copyOf(pins.keySet()), "the 201 answer names a pin on each object");
            pins.forEach((objectId, seq) -> {
                EditLog log = logsAfter.get(objectId);
                assertEquals(log.events().size(), log.seqOf(after.path("id").asText()), "last in " + objectId);
                assertEquals(seq.longValue(), log.events().size(), "the answer's seq on " + objectId);
            });
        }
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyCompletesAHalfWrittenEvent() {
        ApiClient api = ApiClient.to(retrier.uri());
        Project project = api.newProjectTakingAnyType("IT");
        ApiClient client = api.as(project.key());
        givenObjectsWithHistory(client);
        Map<String, Object> metaData = Map.of("link", "abc");
        String idempotencyKey = "link-" + UUID.randomUUID();

        // The claim must carry the digest the server computes for this request. Rather than copy that
        // formula here, let the server compute it: the digest covers the request (type, concerns,
        // metaData, occurredAt), not the project, so the same request with the same key sent to a scratch
        // project with objects of the same ids stores the very digest the first attempt would have stored.
        Project scratch = api.newProjectTakingAnyType("IT");
        ApiClient scratchClient = api.as(scratch.key());
        scratchClient.createObjects("Thing", ABC.toArray(String[]::new));
        scratchClient.sendEvent("Link", ABC, metaData, idempotencyKey).expect(201);
        RawStore store = new RawStore(retriedStore.store());
        String digest = store.requestDigest(scratch.id(), idempotencyKey);

        // The first attempt claimed the key, then died after pinning the event to a only.
        String eventId = RawStore.newEventId();
        store.claimIdempotencyKey(project.id(), idempotencyKey, digest, eventId);
        assertEquals(3, store.leaveHalfWritten(project.id(), eventId, "Link", ABC, metaData, false));
        assertEquals(1, EditLog.read(client, "a", 1000).count(eventId), "the dead writer's pin on a is visible");
        assertEquals(0, EditLog.read(client, "b", 1000).count(eventId));
        // Meanwhile others write to b, so the event's place there is not simply where the dead writer stood.
        client.sendEvent("Tick", List.of("b"), Map.of("meanwhile", true)).expect(201);

        JsonNode retried = client.sendEvent("Link", ABC, metaData, idempotencyKey).expect(201);
        assertEquals(eventId, retried.path("id").asText(), "the retry finishes the first attempt's event");
        Map<String, Long> pins = assertPinnedOnceToEach(client, eventId, ABC);
        assertEquals(Map.of("a", 3L, "b", 3L, "c", 4L), pins);
        assertEquals(pins, pinsOf(retried), "the 201 answer names the seqs in the logs");
        assertEquals(pins, store.recordedPins(project.id(), eventId));
        assertFalse(store.isPending(project.id(), eventId), "the pending marker is gone");
        assertEquals(retried, client.sendEvent("Link", ABC, metaData, idempotencyKey).expect(201),
                "a further retry answers the same");
        assertEquals(pins, assertPinnedOnceToEach(client, eventId, ABC), "and stores nothing new");
    }

    @Test
    void theSweepCompletesAHalfWrittenEventWithoutAnyRetry() {
        ApiClient api = ApiClient.to(sweeper.uri());
        Project project = api.newProjectTakingAnyType("IT");
        ApiClient client = api.as(project.key());
        givenObjectsWithHistory(client);
        RawStore store = new RawStore(sweptStore.store());

        String eventId = RawStore.newEventId();
        // As a version before pin claims left it: the sweep finds the pin on a without a claim.
        assertEquals(3, store.leaveHalfWritten(project.id(), eventId, "Link", ABC, Map.of("link", "swept"), true));

        await("the sweep pins " + eventId + " to a, b and c").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> store.pendingCount() == 0
                        && ABC.stream().allMatch(o -> EditLog.read(client, o, 1000).count(eventId) == 1));
        Map<String, Long> pins = assertPinnedOnceToEach(client, eventId, ABC);
        assertEquals(Map.of("a", 3L, "b", 2L, "c", 4L), pins);
        assertEquals(pins, store.recordedPins(project.id(), eventId), "the event records where it was pinned");
    }

    /** Objects a, b, c with 2, 1 and 3 events: the half-written event takes seq 3 on a. */
    private static void givenObjectsWithHistory(ApiClient client) {
        client.createObjects("Thing", ABC.toArray(String[]::new));
        Map<String, Integer> history = Map.of("a", 2, "b", 1, "c", 3);
        history.forEach((objectId, count) -> {
            for (int i = 0; i < count; i++) {
                client.sendEvent("Tick", List.of(objectId), Map.of("i", i)).expect(201);
            }
        });
    }

    /** Checks each log is gap-free and holds the event exactly once; returns object id to its seq there. */
    private static Map<String, Long> assertPinnedOnceToEach(ApiClient client, String eventId, List<String> objects) {
        Map<String, Long> pins = new LinkedHashMap<>();
        readLogs(client, objects).forEach((objectId, log) -> {
            assertEquals(1, log.count(eventId), eventId + " in " + objectId + "'s log exactly once");
            pins.put(objectId, log.seqOf(eventId));
        });
        return pins;
    }

    /** Each object's log, checked to be exactly seqs 1..head (head as the object read reports it). */
    private static Map<String, EditLog> readLogs(ApiClient client, List<String> objects) {
        Map<String, EditLog> logs = new LinkedHashMap<>();
        for (String objectId : objects) {
            EditLog log = EditLog.read(client, objectId, 1000).assertGapFreeAndOrdered();
            assertEquals(log.events().size(), client.get("/v1/objects/" + objectId).expect(200).path("seq").asLong(),
                    objectId + "'s head");
            logs.put(objectId, log);
        }
        return logs;
    }

    private static Map<String, Long> pinsOf(JsonNode written) {
        Map<String, Long> pins = new LinkedHashMap<>();
        written.path("pins").forEach(pin -> pins.put(pin.path("objectId").asText(), pin.path("seq").asLong()));
        return pins;
    }

    private static <T extends AutoCloseable> T running(T resource) {
        RUNNING.add(resource);
        return resource;
    }
}
