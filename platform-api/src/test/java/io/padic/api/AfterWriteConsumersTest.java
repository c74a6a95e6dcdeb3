package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.management;
import static io.padic.api.support.Api.readObject;
import static io.padic.api.support.Api.workspace;
import static io.padic.api.support.Schemas.violations;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.api.journal.EventRecord.Pin;
import io.padic.api.events.WrittenGroup;
import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.api.support.WrittenGroupRecorder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each written group (one event, or the events a batch wrote together) reaches every after-write consumer once,
 * with its events as stored, their pins and the types of the objects they landed on; a consumer that throws
 * costs neither the write nor the consumers after it, and is counted in the metrics.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class AfterWriteConsumersTest {

    private static final Pattern FAILURES =
            Pattern.compile("padic_after_write_failures_total\\{consumer=\"WrittenGroupRecorder\"[^}]*} ([0-9.]+)");

    @Inject
    WrittenGroupRecorder recorder;

    private Workspace watched() {
        Workspace w = workspace();
        recorder.watch(w.projectId());
        createObject(w.key(), "Order", "o1");
        createObject(w.key(), "Customer", "c1");
        return w;
    }

    private static Response send(Workspace w, String idempotencyKey, Map<String, ?> body) {
        return as(w.key()).header("Idempotency-Key", idempotencyKey).body(body).post("/v1/events");
    }

    @Test
    void aSingleEventIsHandedOverOnceWithItsPinsAndObjectTypesAndAReplayIsNot() {
        Workspace w = watched();
        Map<String, Object> body = Map.of("type", "OrderPlaced", "concerns", List.of("o1", "c1"),
                "occurredAt", "2026-01-02T03:04:05Z", "metaData", Map.of("total", 42));
        Response first = send(w, "place-o1", body);
        first.then().statusCode(201);
        send(w, "place-o1", body).then().statusCode(201).body("id", equalTo(first.path("id")));

        List<WrittenGroup> groups = recorder.groups(w.projectId());
        assertEquals(1, groups.size(), "the replay is answered from the first answer, not written again");
        WrittenGroup group = groups.get(0);
        assertEquals(w.projectId(), group.projectId());
        assertEquals(Map.of("o1", "Order", "c1", "Customer"), group.objectTypes());
        assertEquals(1, group.events().size());
        WrittenGroup.Written written = group.events().get(0);
        assertEquals(first.path("id"), written.event().eventId());
        assertEquals("OrderPlaced", written.event().type());
        assertEquals(Instant.parse((String) first.path("createdAt")), written.event().createdAt());
        assertEquals(Instant.parse("2026-01-02T03:04:05Z"), written.event().occurredAt());
        assertEquals("{\"total\":42}", written.event().metaData());
        assertEquals(42, written.metaData().get("total").asInt());
        assertEquals(List.of(new Pin("o1", 1), new Pin("c1", 1)), written.event().pins());
        // The project flags undeclared types: the event is stored flagged, and the group says so.
        assertTrue(written.flagged());
        assertTrue(written.verdict().undeclared());
        assertNull(written.event().typeVersion());
    }

    @Test
    void aBatchIsOneGroupAndAnItemWithItsOwnKeyIsAGroupOfItsOwn() {
        Workspace w = watched();
        createObject(w.key(), "Order", "o2");
        List<Map<String, ?>> items = List.of(
                Map.of("type", "OrderPlaced", "concerns", "o1", "metaData", Map.of("n", 1)),
                Map.of("type", "OrderPaid", "concerns", List.of("o1", "c1"), "metaData", Map.of("n", 2)),
                Map.of("type", "OrderPlaced", "concerns", "o2", "metaData", Map.of("n", 3), "idempotencyKey", "o2"),
                Map.of("type", "OrderShipped", "concerns", "o1", "metaData", Map.of("n", 4)));
        List<String> ids = as(w.key()).body(Map.of("events", items)).post("/v1/events/batch").then()
                .statusCode(200).body("results.status", equalTo(List.of(201, 201, 201, 201)))
                .extract().path("results.event.id");

        List<WrittenGroup> groups = recorder.groups(w.projectId());
        assertEquals(3, groups.size(), "the items before the keyed one, the keyed one, the item after it");
        WrittenGroup before = groups.get(0);
        assertEquals(List.of(ids.get(0), ids.get(1)), before.records().stream().map(e -> e.eventId()).toList());
        assertEquals(List.of(List.of(new Pin("o1", 1)), List.of(new Pin("o1", 2), new Pin("c1", 1))),
                before.records().stream().map(e -> e.pins()).toList());
        assertEquals(Map.of("o1", "Order", "c1", "Customer"), before.objectTypes());
        assertEquals("{\"n\":2}", before.records().get(1).metaData());
        WrittenGroup keyed = groups.get(1);
        assertEquals(List.of(ids.get(2)), keyed.records().stream().map(e -> e.eventId()).toList());
        assertEquals(List.of(new Pin("o2", 1)), keyed.records().get(0).pins());
        assertEquals(Map.of("o2", "Order"), keyed.objectTypes());
        WrittenGroup after = groups.get(2);
        assertEquals(List.of(ids.get(3)), after.records().stream().map(e -> e.eventId()).toList());
        assertEquals(List.of(new Pin("o1", 3)), after.records().get(0).pins());
        assertEquals("OrderShipped", after.records().get(0).type());
    }

    @Test
    void aConsumerThatThrowsLeavesTheWriteAcknowledgedAndTheNextConsumersCalled() {
        Workspace w = watched();
        recorder.failFor(w.projectId());
        double before = failures();

        String id = send(w, "fails-after", Map.of("type", "OrderPlaced", "concerns", "o1",
                "metaData", Map.of("total", 7))).then().statusCode(201).extract().path("id");

        assertEquals(1, recorder.groups(w.projectId()).size());
        readObject(w.key(), "o1", null).statusCode(200).body("seq", equalTo(1)).body("state.total", equalTo(7));
        // The consumers after the failing one still ran: the violation log and the feed have the event.
        violations(w, null).statusCode(200).body("violations.eventId", equalTo(List.of(id)));
        String recent = "/v1/projects/" + w.projectId() + "/events/recent";
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(w.account().token()).get(recent).then()
                .statusCode(200).body("events.id", equalTo(List.of(id))));
        assertEquals(before + 1, failures());
    }

    private static double failures() {
        String metrics = management().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = FAILURES.matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
