package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.projectKey;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.readObject;
import static io.padic.api.support.Api.sendEvent;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Past states: {@code ?seq=k}, {@code ?at=T}, hiding, and the merge semantics of the default reducer. */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class PastStatesTest {

    @Test
    void seqReadsEqualTheFoldOfTheFirstKEvents() {
        String key = projectKey();
        createObject(key, "Counter", "c1");
        List<Map<String, Object>> expected = new ArrayList<>();
        Map<String, Object> state = new HashMap<>();
        expected.add(Map.copyOf(state));
        for (int i = 1; i <= 12; i++) {
            Map<String, Object> meta = Map.of("n", i, "k" + (i % 3), "v" + i);
            sendEvent(key, "Tick", "c1", meta).statusCode(201);
            state.putAll(meta);
            expected.add(Map.copyOf(state));
        }
        for (int k = 0; k <= 12; k++) {
            Map<String, Object> read = readObject(key, "c1", "seq=" + k).statusCode(200)
                    .body("seq", equalTo(k)).extract().jsonPath().getMap("state");
            assertEquals(expected.get(k), read, "state after " + k + " events");
        }
        readObject(key, "c1", null).body("seq", equalTo(12)).body("state.n", equalTo(12));
        readObject(key, "c1", "seq=13").statusCode(422).body("errors[0].field", equalTo("seq"));
    }

    @Test
    void atReadsEqualTheFoldOfEventsCreatedUpToThatInstant() {
        String key = projectKey();
        createObject(key, "Doc", "d1");
        List<String> createdAts = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            createdAts.add(sendEvent(key, "Edit", "d1", Map.of("version", i)).statusCode(201)
                    .extract().path("createdAt"));
        }
        for (int i = 0; i < 5; i++) {
            Instant at = Instant.parse(createdAts.get(i));
            // Events created in the same millisecond share an instant: the last of them counts.
            int lastAtOrBefore = createdAts.lastIndexOf(createdAts.get(i)) + 1;
            readObject(key, "d1", "at=" + at).statusCode(200)
                    .body("state.version", equalTo(lastAtOrBefore)).body("seq", equalTo(lastAtOrBefore));
        }
        readObject(key, "d1", "at=" + Instant.parse(createdAts.get(4)).plusSeconds(60))
                .body("seq", equalTo(5));
        readObject(key, "d1", "at=not-a-time").statusCode(422).body("errors[0].field", equalTo("at"));
        readObject(key, "d1", "at=2000-01-01T00:00:00Z").statusCode(404);
    }

    @Test
    void aHiddenEventIsSkippedWhileTheSeqStillGrows() {
        String key = projectKey();
        createObject(key, "Photo", "p1");
        sendEvent(key, "PhotoCreate", "p1", Map.of("name", "first", "size", 1)).statusCode(201);
        String mistake = sendEvent(key, "PhotoModify", "p1", Map.of("name", "oops")).statusCode(201)
                .extract().path("id");
        sendEvent(key, "PhotoModify", "p1", Map.of("size", 2)).statusCode(201);
        readObject(key, "p1", null).body("state.name", equalTo("oops"));

        as(key).post("/v1/events/" + mistake + "/hide").then().statusCode(201)
                .body("type", equalTo("$hide")).body("pins[0].seq", equalTo(4));
        readObject(key, "p1", null).body("seq", equalTo(4))
                .body("state.name", equalTo("first")).body("state.size", equalTo(2));
        // Before the hide, history shows what was served then.
        readObject(key, "p1", "seq=3").body("state.name", equalTo("oops"));
        // Hiding again changes nothing.
        as(key).post("/v1/events/" + mistake + "/hide").then().statusCode(201).body("pins[0].seq", equalTo(4));
        readObject(key, "p1", null).body("seq", equalTo(4));
        as(key).get("/v1/objects/p1/events").then().statusCode(200).body("events", hasSize(4))
                .body("events[3].type", equalTo("$hide")).body("events[3].metaData.target", equalTo(mistake));
        as(key).post("/v1/events/evt_missing/hide").then().statusCode(404);
    }

    @Test
    void aHideCannotBeHidden() {
        String key = projectKey();
        createObject(key, "Photo", "p2");
        createObject(key, "Photo", "p3");
        String mistake = sendEvent(key, "PhotoModify", List.of("p2", "p3"), Map.of("name", "oops"))
                .statusCode(201).extract().path("id");
        String hide = as(key).post("/v1/events/" + mistake + "/hide").then().statusCode(201)
                .extract().path("id");

        problem(as(key).post("/v1/events/" + hide + "/hide").then(), 422)
                .body("errors[0].field", equalTo("id"));
        for (String object : List.of("p2", "p3")) {
            readObject(key, object, null).body("seq", equalTo(2)).body("state.containsKey('name')", equalTo(false));
        }
    }

    @Test
    void seqAndAtTogetherAreRefused() {
        String key = projectKey();
        createObject(key, "Doc", "d2");
        String createdAt = sendEvent(key, "Edit", "d2", Map.of("version", 1)).statusCode(201)
                .extract().path("createdAt");
        problem(readObject(key, "d2", "seq=1&at=" + createdAt), 422)
                .body("errors[0].field", oneOf("seq", "at"));
        readObject(key, "d2", "seq=1").statusCode(200);
        readObject(key, "d2", "at=" + createdAt).statusCode(200);
    }

    @Test
    void mergeFollowsRfc7396() {
        String key = projectKey();
        createObject(key, "User", "u1");
        sendEvent(key, "Set", "u1", Map.of("name", "Ada", "address", Map.of("city", "Paris", "zip", "75001"),
                "tags", List.of("a", "b"))).statusCode(201);
        Map<String, Object> patch = new HashMap<>();
        patch.put("name", null);
        patch.put("address", Map.of("city", "Lyon"));
        patch.put("tags", List.of("c"));
        sendEvent(key, "Set", "u1", patch).statusCode(201);
        readObject(key, "u1", null).statusCode(200)
                .body("state.name", nullValue())
                .body("state.containsKey('name')", equalTo(false))
                .body("state.address.city", equalTo("Lyon"))
                .body("state.address.zip", equalTo("75001"))
                .body("state.tags", equalTo(List.of("c")));
    }

    @Test
    void theEditLogPagesInSeqOrder() {
        String key = projectKey();
        createObject(key, "Log", "l1");
        for (int i = 1; i <= 6; i++) {
            sendEvent(key, "Line", "l1", Map.of("i", i)).statusCode(201);
        }
        as(key).body(Map.of("type", "Line", "concerns", "l1", "metaData", Map.of("i", 7),
                "occurredAt", "2026-01-02T03:04:05Z")).post("/v1/events").then().statusCode(201);
        as(key).get("/v1/objects/l1/events?limit=3").then().statusCode(200)
                .body("events.seq", equalTo(List.of(1, 2, 3))).body("next", equalTo(3));
        as(key).get("/v1/objects/l1/events?after=6&limit=3").then().statusCode(200)
                .body("events.seq", equalTo(List.of(7))).body("next", nullValue())
                .body("events[0].metaData.i", equalTo(7)).body("events[0].concerns", equalTo(List.of("l1")))
                .body("events[0].occurredAt", equalTo("2026-01-02T03:04:05Z"));
    }
}
