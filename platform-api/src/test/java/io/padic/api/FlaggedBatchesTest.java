package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.sendEventId;
import static io.padic.api.support.Api.store;
import static io.padic.api.support.Api.workspace;
import static io.padic.api.support.Schemas.declare;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.padic.api.common.ApiProblem.FieldError;
import io.padic.api.journal.EventLookup;
import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.api.violations.ViolationLog;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Batches of flagged events are recorded a written group at a time (issue 19): many writers at once still record
 * every flagged event exactly once, under a number of its own, counted once per type and day, and a group handed
 * over again (a retry that completes a write) records only the events it had not recorded. A batch's entries are
 * stored a block at a time, with one marker for the batch, and a block already taken is never overwritten.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class FlaggedBatchesTest {

    private static final int WRITERS = 8;
    private static final int BATCHES_EACH = 3;
    private static final int BATCH = 40;

    @Inject
    ViolationLog log;
    @Inject
    EventLookup lookup;

    @Test
    void concurrentFlaggedBatchesRecordEveryEventOnceUnderItsOwnNumber() {
        Workspace w = workspace();
        IntStream.range(0, 4).forEach(i -> createObject(w.key(), "Thing", "t" + i));
        List<CompletableFuture<List<String>>> sent = new ArrayList<>();
        for (int writer = 0; writer < WRITERS; writer++) {
            int id = writer;
            sent.add(CompletableFuture.supplyAsync(() -> {
                List<String> ids = new ArrayList<>();
                for (int b = 0; b < BATCHES_EACH; b++) {
                    List<Map<String, ?>> events = new ArrayList<>();
                    for (int i = 0; i < BATCH; i++) {
                        // Two undeclared types, so a group counts more than one type at once.
                        events.add(Map.of("type", i % 2 == 0 ? "Alpha" : "Beta", "concerns", "t" + (i % 4),
                                "metaData", Map.of("writer", id, "i", i)));
                    }
                    JsonPath answer = as(w.key()).body(Map.of("events", events)).post("/v1/events/batch").then()
                            .statusCode(200).extract().jsonPath();
                    ids.addAll(answer.getList("results.event.id", String.class));
                }
                return ids;
            }));
        }
        Set<String> stored = new HashSet<>();
        sent.forEach(f -> stored.addAll(f.join()));
        int total = WRITERS * BATCHES_EACH * BATCH;
        assertEquals(total, stored.size());

        List<String> listed = new ArrayList<>();
        Set<Long> numbers = new HashSet<>();
        String cursor = null;
        do {
            JsonPath page = as(w.account().token()).queryParam("limit", ViolationLog.MAX_PAGE)
                    .queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor))
                    .get("/v1/projects/" + w.projectId() + "/violations").then().statusCode(200).extract().jsonPath();
            listed.addAll(page.getList("violations.eventId", String.class));
            page.getList("violations.number", Long.class).forEach(numbers::add);
            cursor = page.getString("next");
        } while (cursor != null);
        assertEquals(total, listed.size(), "each flagged event is listed once");
        assertEquals(stored, new HashSet<>(listed));
        assertEquals(total, numbers.size(), "no two entries share a number");

        Map<String, Integer> counted = new HashMap<>();
        as(w.account().token()).get("/v1/projects/" + w.projectId() + "/violations/counts?days=2").then()
                .statusCode(200).extract().jsonPath().getList("counts", Map.class)
                .forEach(c -> counted.merge((String) c.get("type"), (Integer) c.get("count"), Integer::sum));
        assertEquals(Map.of("Alpha", total / 2, "Beta", total / 2), counted);
    }

    @Test
    void aGroupHandedOverAgainRecordsOnlyItsEventsNotRecordedBefore() {
        Workspace w = workspace();
        createObject(w.key(), "Thing", "t1");
        String first = sendEventId(w.key(), "Gamma", "t1", Map.of("a", 1));
        String second = sendEventId(w.key(), "Gamma", "t1", Map.of("a", 2));
        List<ViolationLog.Entry> recorded = log.newest(w.projectId(), null, 10, null, null).violations();
        assertEquals(List.of(second, first), recorded.stream().map(ViolationLog.Entry::eventId).toList());

        // As a retry that completes a half-written group hands it over again, with an event whose violations the
        // attempt that died had not recorded yet (a valid event stands in for it).
        declare(w, "Later", "allow");
        String third = sendEventId(w.key(), "Later", "t1", Map.of());
        List<ViolationLog.Flagged> again = new ArrayList<>();
        for (String id : List.of(first, third, second)) {
            again.add(new ViolationLog.Flagged(lookup.find(w.projectId(), id).orElseThrow(),
                    List.of(new FieldError("type", "is not declared"))));
        }
        List<ViolationLog.Flagged> fresh = log.recordAll(w.projectId(), again);
        assertEquals(List.of(third), fresh.stream().map(f -> f.event().eventId()).toList());
        assertEquals(List.of(third, second, first), log.newest(w.projectId(), null, 10, null, null).violations()
                .stream().map(ViolationLog.Entry::eventId).toList());
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertEquals(List.of(new ViolationLog.DayCount(today, "Gamma", 2), new ViolationLog.DayCount(today, "Later", 1)),
                log.counts(w.projectId(), 1, LocalDate.now(ZoneOffset.UTC)));
    }

    @Test
    void aFlaggedBatchIsStoredInAFewDocumentsAndPagesThroughThemInOrder() {
        Workspace w = workspace();
        createObject(w.key(), "Thing", "t1");
        declare(w, "Fine", "allow");
        List<Map<String, ?>> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            // Every tenth is valid: a batch's members flagged and not, side by side.
            events.add(Map.of("type", i % 10 == 9 ? "Fine" : "Odd", "concerns", "t1", "metaData", Map.of("i", i)));
        }
        List<String> ids = as(w.key()).body(Map.of("events", events)).post("/v1/events/batch").then().statusCode(200)
                .extract().jsonPath().getList("results.event.id", String.class);
        List<String> flagged = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (i % 10 != 9) {
                flagged.add(ids.get(i));
            }
        }

        // 180 entries in ceil(180 / 64) = 3 blocks, and one marker for the batch: 4 documents, not 360.
        assertEquals(4, store().getCollection("violations").countDocuments(
                Filters.regex("_id", "^" + w.projectId() + "/")));

        // Pages of 7 cut blocks in the middle: newest first, every entry once, in the batch's order reversed.
        List<String> listed = new ArrayList<>();
        List<Long> numbers = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = as(w.account().token()).queryParam("limit", 7)
                    .queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor))
                    .get("/v1/projects/" + w.projectId() + "/violations").then().statusCode(200).extract().jsonPath();
            listed.addAll(page.getList("violations.eventId", String.class));
            numbers.addAll(page.getList("violations.number", Long.class));
            cursor = page.getString("next");
        } while (cursor != null);
        assertEquals(flagged.reversed(), listed);
        assertEquals(numbers.stream().sorted(Comparator.reverseOrder()).distinct().toList(), numbers,
                "numbers descend, none twice");

        // Which of them were flagged, from the batch's one marker.
        Set<String> asked = new HashSet<>(ids.subList(0, 20));
        asked.add(ids.get(0).substring(0, ids.get(0).lastIndexOf('.')) + ".999");
        asked.add("evt_none");
        Set<String> expected = new HashSet<>(flagged.subList(0, 18));
        assertEquals(expected, log.flaggedAmong(w.projectId(), asked));
    }

    @Test
    void aBatchHandedOverAgainRecordsOnlyItsMembersNotRecordedBefore() {
        Workspace w = workspace();
        createObject(w.key(), "Thing", "t1");
        declare(w, "Fine", "allow");
        List<Map<String, ?>> events = List.of(Map.of("type", "Odd", "concerns", "t1"),
                Map.of("type", "Fine", "concerns", "t1"), Map.of("type", "Odd", "concerns", "t1"));
        List<String> ids = as(w.key()).body(Map.of("events", events)).post("/v1/events/batch").then().statusCode(200)
                .extract().jsonPath().getList("results.event.id", String.class);
        assertEquals(Set.of(ids.get(0), ids.get(2)), log.flaggedAmong(w.projectId(), ids));

        // As a retry would: the batch's members again, with the valid one standing in for a member not yet recorded.
        List<ViolationLog.Flagged> again = new ArrayList<>();
        for (String id : List.of(ids.get(2), ids.get(1), ids.get(0))) {
            again.add(new ViolationLog.Flagged(lookup.find(w.projectId(), id).orElseThrow(),
                    List.of(new FieldError("type", "is not declared"))));
        }
        assertEquals(List.of(ids.get(1)), log.recordAll(w.projectId(), again).stream()
                .map(f -> f.event().eventId()).toList());
        assertEquals(Set.copyOf(ids), log.flaggedAmong(w.projectId(), ids));
        assertEquals(List.of(ids.get(1), ids.get(2), ids.get(0)), log.newest(w.projectId(), null, 10, null, null)
                .violations().stream().map(ViolationLog.Entry::eventId).toList());
    }

    @Test
    void aBlockSomeoneElseTookIsNotOverwritten() {
        Workspace w = workspace();
        createObject(w.key(), "Thing", "t1");
        String first = sendEventId(w.key(), "Odd", "t1", Map.of());
        String second = sendEventId(w.key(), "Odd", "t1", Map.of());
        // As when the embedded store hands a range out twice: the counter goes back, so the next write reserves
        // blocks already stored.
        store().getCollection("violation_counts").updateOne(Filters.eq("_id", w.projectId() + "/blocks"),
                Updates.set("n", 0L));
        String third = sendEventId(w.key(), "Odd", "t1", Map.of());

        List<ViolationLog.Entry> entries = log.newest(w.projectId(), null, 10, null, null).violations();
        assertEquals(List.of(third, second, first), entries.stream().map(ViolationLog.Entry::eventId).toList());
        assertEquals(3, entries.stream().map(ViolationLog.Entry::number).distinct().count());
    }
}
