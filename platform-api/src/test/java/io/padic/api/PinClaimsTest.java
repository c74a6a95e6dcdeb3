package io.padic.api;

import static com.mongodb.client.model.Filters.eq;
import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.hideEvent;
import static io.padic.api.support.Api.store;
import static io.padic.api.support.Api.workspace;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.padic.api.journal.EventRecord;
import io.padic.api.journal.EventRepository;
import io.padic.api.journal.EventWriter;
import io.padic.api.journal.HeadsListener;
import io.padic.api.journal.ObjectHints;
import io.padic.api.journal.ObjectLocks;
import io.padic.api.journal.PinRepository;
import io.padic.api.journal.PinnedEvent;
import io.padic.api.journal.ObjectRepository;
import io.padic.api.store.EventStore;
import io.padic.api.store.StoreKeys;
import io.padic.api.store.StoreOutage;
import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * An event is pinned to an object at most once, however many writers race to pin it, without a second unique
 * index on pins: events that several writers may pin (with an idempotency key, of several objects, hides)
 * follow their pin claims; single-object events sent in a batch are recorded once per batch and found by id.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class PinClaimsTest {

    /** Writers of different processes: each has its own locks and hints, as separate platform-apis do. */
    private static final int PROCESSES = 4;

    @Inject
    EventRepository events;
    @Inject
    PinRepository pins;
    @Inject
    ObjectRepository objects;
    @Inject
    EventStore eventStore;

    @Test
    void eventsThatProcessesRaceToPinLandOncePerObjectAndHistoriesStayGapFree() throws Exception {
        Workspace w = workspace();
        createObject(w.key(), "Thing", "hot");
        createObject(w.key(), "Thing", "cold");
        List<EventWriter> processes = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++) {
            processes.add(new EventWriter(events, pins, objects, new ObjectHints(objects, 1000), new ObjectLocks(new StoreOutage()), HeadsListener.NONE));
        }
        ExecutorService pool = Executors.newFixedThreadPool(PROCESSES + 1);
        try {
            List<String> raced = new ArrayList<>();
            for (int round = 0; round < 40; round++) {
                // A keyed event retried by every process at once, half of them also concerning another object;
                // meanwhile a single writer appends unkeyed events, so seqs are contended.
                List<String> concerns = round % 2 == 0 ? List.of("hot") : List.of("hot", "cold");
                // Stored first, as by the attempt that died: every writer is a retry, none is ahead.
                EventRecord keyed = events.insertOrGet(event(w.projectId(), "evt_raced" + round, concerns, true));
                raced.add(keyed.eventId());
                List<Callable<EventRecord>> writers = new ArrayList<>();
                for (EventWriter process : processes) {
                    writers.add(() -> process.write(keyed, Map.of()));
                }
                int filler = round;
                writers.add(() -> processes.get(filler % PROCESSES)
                        .write(event(w.projectId(), "evt_filler" + filler, List.of("hot"), false), Map.of()));
                List<EventRecord> answers = new ArrayList<>();
                for (Future<EventRecord> answer : pool.invokeAll(writers)) {
                    answers.add(answer.get());
                }
                for (int p = 1; p < PROCESSES; p++) {
                    assertEquals(answers.get(0).pins(), answers.get(p).pins(), "every writer answers the same pins");
                }
            }
            Map<String, Integer> onHot = countByEvent(w.projectId(), "hot");
            Map<String, Integer> onCold = countByEvent(w.projectId(), "cold");
            for (int round = 0; round < raced.size(); round++) {
                assertEquals(1, onHot.get(raced.get(round)), raced.get(round) + " on hot");
                assertEquals(round % 2 == 0 ? null : 1, onCold.get(raced.get(round)), raced.get(round) + " on cold");
                assertEquals(1, onHot.get("evt_filler" + round));
            }
            assertEquals(80, onHot.values().stream().mapToInt(Integer::intValue).sum());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClaimWhoseSeqAnotherEventTookMovesOnToTheNextFreeSeq() {
        Workspace w = workspace();
        createObject(w.key(), "Thing", "o");
        EventWriter writer = new EventWriter(events, pins, objects, new ObjectHints(objects, 1000), new ObjectLocks(new StoreOutage()), HeadsListener.NONE);
        writer.write(event(w.projectId(), "evt_first", List.of("o"), false), Map.of());
        // A writer claimed seq 2 for a keyed event and lost it to another event before pinning; then died.
        EventRecord keyed = events.insertOrGet(event(w.projectId(), "evt_keyed", List.of("o"), true));
        store().getCollection("pins").insertOne(new Document("_id", StoreKeys.pinClaim(w.projectId(), "o", "evt_keyed", 0))
                .append("projectId", w.projectId()).append("objectId", "o").append("eventId", "evt_keyed")
                .append("attempt", 0).append("seq", 2L));
        writer.write(event(w.projectId(), "evt_other", List.of("o"), false), Map.of());

        EventRecord retried = writer.write(keyed, Map.of());

        assertEquals(List.of(new EventRecord.Pin("o", 3)), retried.pins());
        assertEquals(new PinRepository.Claim(1, 3), pins.claim(w.projectId(), "o", "evt_keyed").orElseThrow());
        assertEquals(List.of("evt_first", "evt_other", "evt_keyed"),
                pins.range(w.projectId(), "o", 1, 3).stream().map(PinnedEvent::eventId).toList());
        assertEquals(retried.pins(), writer.write(keyed, Map.of()).pins(), "a further retry finds it there");
        assertEquals(3, objects.find(w.projectId(), "o").orElseThrow().head());
    }

    @Test
    void aBatchRecordsItsSingleObjectEventsOnceAndEachCanBeHiddenById() {
        Workspace w = workspace();
        createObject(w.key(), "Note", "n");
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            items.add(Map.of("type", "Edited", "concerns", "n", "metaData", Map.of("text", "v" + i)));
        }
        JsonPath answer = as(w.key()).body(Map.of("events", items)).post("/v1/events/batch").then().statusCode(200)
                .extract().jsonPath();
        List<String> ids = answer.getList("results.event.id");
        assertEquals(1, store().getCollection("events").countDocuments(eq("projectId", w.projectId())),
                "one record for the batch's five events");

        hideEvent(w.key(), ids.get(4)).statusCode(201).body("pins[0].seq", equalTo(6));
        as(w.key()).get("/v1/objects/n").then().statusCode(200).body("state.text", equalTo("v3"));
        as(w.key()).get("/v1/objects/n/events").then().statusCode(200)
                .body("events[5].metaData.target", equalTo(ids.get(4)))
                .body("events[5].metaData.seqs.n", equalTo(5));
        hideEvent(w.key(), ids.get(4)).statusCode(201).body("pins[0].seq", equalTo(6));
        hideEvent(w.key(), ids.get(0)).statusCode(201).body("pins[0].seq", equalTo(7));
        as(w.key()).get("/v1/objects/n").then().statusCode(200).body("seq", equalTo(7)).body("state.text", equalTo("v3"));
        hideEvent(w.key(), answer.getString("results[0].event.id").replace(".0", ".9")).statusCode(404);
    }

    @Test
    void theUniqueIndexOfEarlierVersionsIsDroppedAtStartup() {
        // Not unique here: a claim and its pin share (project, object, event), which is why it had to go.
        store().getCollection("pins").createIndex(Indexes.ascending("projectId", "objectId", "eventId"),
                new IndexOptions().name("pin_once_per_event"));
        assertTrue(indexNames().contains("pin_once_per_event"));
        eventStore.dropRetiredIndexes(null);
        assertFalse(indexNames().contains("pin_once_per_event"));
    }

    private static List<String> indexNames() {
        List<String> names = new ArrayList<>();
        store().getCollection("pins").listIndexes().forEach(index -> names.add(index.getString("name")));
        return names;
    }

    private Map<String, Integer> countByEvent(String projectId, String objectId) {
        long head = objects.find(projectId, objectId).orElseThrow().head();
        Map<String, Integer> counts = new HashMap<>();
        // range() refuses a history with a gap
        for (PinnedEvent pin : pins.range(projectId, objectId, 1, head)) {
            counts.merge(pin.eventId(), 1, Integer::sum);
        }
        return counts;
    }

    private static EventRecord event(String projectId, String eventId, List<String> concerns, boolean keyed) {
        return new EventRecord(projectId, eventId, "Linked", null, Instant.now().truncatedTo(ChronoUnit.MILLIS), null,
                concerns, "{}", List.of(), keyed);
    }
}
