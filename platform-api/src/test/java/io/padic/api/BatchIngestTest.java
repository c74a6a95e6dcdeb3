package io.padic.api;

import static com.mongodb.client.model.Filters.eq;
import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.store;
import static io.padic.api.support.Api.workspace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.padic.api.store.StoreKeys;
import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/events/batch} writes in bulk and keeps I1: each object's events get seqs 1..n in the
 * items' order, also while single writers and other batches write to the same objects; refused items keep
 * the others; multi-concern items and items with their own idempotency key take their place in the order.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class BatchIngestTest {

    @Test
    void aThousandEventsOnTwentyObjectsGetSeqsInItemOrder() {
        Workspace w = workspace();
        for (int o = 0; o < 20; o++) {
            createObject(w.key(), "Meter", "m" + o);
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            items.add(Map.of("type", "Reading", "concerns", "m" + (i % 20), "metaData", Map.of("i", i)));
        }
        JsonPath answer = batch(w, items);

        Map<String, List<String>> sentIds = new HashMap<>();
        List<Map<String, Object>> results = results(answer);
        for (int i = 0; i < 1000; i++) {
            Map<String, Object> result = results.get(i);
            assertEquals(201, result.get("status"), "item " + i);
            Map<String, Object> pin = pins(result).get(0);
            assertEquals("m" + (i % 20), pin.get("objectId"));
            assertEquals(i / 20 + 1, ((Number) pin.get("seq")).longValue(), "item " + i + "'s seq");
            sentIds.computeIfAbsent("m" + (i % 20), o -> new ArrayList<>()).add(eventId(result));
        }
        for (int o = 0; o < 20; o++) {
            JsonPath log = editLog(w, "m" + o);
            assertEquals(sentIds.get("m" + o), log.getList("events.id"), "m" + o + "'s log in item order");
            assertGapFreeAndOrdered(log, "m" + o);
            as(w.key()).get("/v1/objects/m" + o).then().statusCode(200)
                    .body("seq", Matchers.equalTo(50));
        }
    }

    @Test
    void refusedItemsKeepTheOthersAndEveryItemKeepsItsPlace() {
        Workspace w = workspace();
        createObject(w.key(), "Account", "a");
        createObject(w.key(), "Account", "b");
        List<Map<String, Object>> items = List.of(
                Map.of("type", "Opened", "concerns", "a", "metaData", Map.of("step", 0)),
                Map.of("type", "bad type!", "concerns", "a"),
                Map.of("type", "Moved", "concerns", "nowhere"),
                Map.of("type", "Linked", "concerns", List.of("a", "b"), "metaData", Map.of("step", 3)),
                Map.of("type", "Keyed", "concerns", "a", "metaData", Map.of("step", 4), "idempotencyKey", "k-4"),
                Map.of("type", "Closed", "concerns", "a", "metaData", Map.of("step", 5)));
        JsonPath answer = batch(w, items);

        assertEquals(List.of(201, 422, 422, 201, 201, 201), answer.getList("results.status"));
        assertEquals(List.of("type"), answer.getList("results[1].problem.errors.field"));
        assertEquals(List.of("concerns"), answer.getList("results[2].problem.errors.field"));
        assertEquals(List.of(0, 3, 4, 5), editLog(w, "a").getList("events.metaData.step"), "a's log in item order");
        assertEquals(List.of(1, 2, 3, 4), editLog(w, "a").getList("events.seq"));
        assertEquals(List.of(3), editLog(w, "b").getList("events.metaData.step"));
        assertEquals(Map.of("a", 2, "b", 1), pinsOf(answer, 3), "the two-object item's pins");

        String linked = answer.getString("results[3].event.id");
        Document event = store().getCollection("events").find(eq("_id", StoreKeys.event(w.projectId(), linked)))
                .first();
        assertEquals(2, event.getList("pins", Document.class).size(), "the two-object event records its pins");
        assertNull(store().getCollection("pending_pins").find(eq("_id", StoreKeys.event(w.projectId(), linked)))
                .first(), "and no pending marker is left");

        // The keyed item is idempotent on its own: sent again, it answers the same and stores nothing new.
        JsonPath again = batch(w, List.of(items.get(4)));
        assertEquals(answer.getMap("results[4]"), again.getMap("results[0]"));
        assertEquals(4, editLog(w, "a").getList("events").size());
    }

    @Test
    void concurrentBatchesAndSingleWritersKeepEveryObjectGapFreeAndInOrder() throws Exception {
        Workspace w = workspace();
        List<String> objects = List.of("x", "y", "z");
        for (String o : objects) {
            createObject(w.key(), "Thing", o);
        }
        List<Callable<List<String>>> writers = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            int writer = b;
            writers.add(() -> {
                List<String> sent = new ArrayList<>();
                for (int round = 0; round < 4; round++) {
                    List<Map<String, Object>> items = new ArrayList<>();
                    for (int i = 0; i < 60; i++) {
                        Object concerns = i % 15 == 7 ? objects : objects.get(i % 3);
                        items.add(Map.of("type", "Tick", "concerns", concerns,
                                "metaData", Map.of("writer", "batch" + writer, "i", round * 60 + i)));
                    }
                    for (Map<String, Object> result : results(batch(w, items))) {
                        assertEquals(201, result.get("status"));
                        sent.add(eventId(result));
                    }
                }
                return sent;
            });
        }
        for (String o : objects) {
            writers.add(() -> {
                List<String> sent = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    sent.add(as(w.key()).body(Map.of("type", "Tick", "concerns", o,
                            "metaData", Map.of("writer", "single-" + o, "i", i))).post("/v1/events").then()
                            .statusCode(201).extract().path("id"));
                }
                return sent;
            });
        }
        Set<String> acknowledged = new HashSet<>();
        ExecutorService pool = Executors.newFixedThreadPool(writers.size());
        try {
            for (Future<List<String>> done : pool.invokeAll(writers)) {
                acknowledged.addAll(done.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(3 * 240 + 3 * 60, acknowledged.size(), "every acknowledged event is distinct");

        Set<String> logged = new HashSet<>();
        for (String o : objects) {
            JsonPath log = editLog(w, o);
            assertGapFreeAndOrdered(log, o);
            List<String> ids = log.getList("events.id");
            assertEquals(ids.size(), Set.copyOf(ids).size(), o + " holds each event once");
            logged.addAll(ids);
            // Each writer's events on this object appear in the order it sent them.
            Map<String, List<Integer>> byWriter = new LinkedHashMap<>();
            List<Map<String, Object>> metaData = log.getList("events.metaData");
            for (Map<String, Object> m : metaData) {
                byWriter.computeIfAbsent((String) m.get("writer"), k -> new ArrayList<>()).add((Integer) m.get("i"));
            }
            byWriter.forEach((writer, order) -> assertEquals(order.stream().sorted().toList(), order,
                    writer + "'s events on " + o + " in the order sent"));
            as(w.key()).get("/v1/objects/" + o).then().statusCode(200)
                    .body("seq", Matchers.equalTo(ids.size()));
        }
        assertEquals(acknowledged, logged, "the logs hold exactly the acknowledged events");
    }

    private static JsonPath batch(Workspace w, List<Map<String, Object>> items) {
        return as(w.key()).body(Map.of("events", items)).post("/v1/events/batch").then().statusCode(200)
                .extract().jsonPath();
    }

    private static List<Map<String, Object>> results(JsonPath answer) {
        return answer.getList("results");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> pins(Map<String, Object> result) {
        return (List<Map<String, Object>>) ((Map<String, Object>) result.get("event")).get("pins");
    }

    @SuppressWarnings("unchecked")
    private static String eventId(Map<String, Object> result) {
        return (String) ((Map<String, Object>) result.get("event")).get("id");
    }

    private static JsonPath editLog(Workspace w, String objectId) {
        return as(w.key()).get("/v1/objects/" + objectId + "/events?limit=1000").then().statusCode(200)
                .extract().jsonPath();
    }

    private static void assertGapFreeAndOrdered(JsonPath log, String objectId) {
        List<Number> seqs = log.getList("events.seq");
        List<String> createdAt = log.getList("events.createdAt");
        Instant previous = Instant.MIN;
        for (int k = 0; k < seqs.size(); k++) {
            assertEquals(k + 1, seqs.get(k).longValue(), objectId + ": seq at position " + k);
            Instant at = Instant.parse(createdAt.get(k));
            assertFalse(at.isBefore(previous), objectId + ": createdAt went back at seq " + (k + 1));
            previous = at;
        }
    }

    private static Map<String, Integer> pinsOf(JsonPath answer, int item) {
        Map<String, Integer> pins = new HashMap<>();
        List<Map<String, Object>> list = answer.getList("results[" + item + "].event.pins");
        list.forEach(p -> pins.put((String) p.get("objectId"), ((Number) p.get("seq")).intValue()));
        return pins;
    }
}
