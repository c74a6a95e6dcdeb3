package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.saveReducer;
import static io.padic.api.support.Api.sendEventId;
import static io.padic.api.support.Api.signUp;
import static io.padic.api.support.Api.store;
import static io.padic.api.support.Api.workspace;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.padic.api.events.EventFeed;
import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.testkit.Account;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Member reads (control plane): a project's members read its objects, edit logs and recent events with
 * their session, and get exactly what the data plane answers an API key of the same level.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class MemberReadsTest {

    /** A project whose ContactSet reducer shows {@code email} only to {@code owner}, with one contact. */
    private static Workspace contacts() {
        Workspace w = workspace();
        saveReducer(w, "ContactSet", """
                const visible = { name: event.metaData.name };
                if (accessLevel === 'owner') {
                  visible.email = event.metaData.email;
                }
                return visible;""");
        createObject(w.key(), "Contact", "c1");
        sendEventId(w.key(), "ContactSet", "c1", Map.of("name", "Ada", "email", "ada@example.com"));
        sendEventId(w.key(), "ContactSet", "c1", Map.of("name", "Ada Lovelace", "email", "ada@lovelace.org"));
        return w;
    }

    private static String member(Workspace w, String path) {
        return as(w.account().token()).get("/v1/projects/" + w.projectId() + path).then().statusCode(200)
                .extract().asString();
    }

    private static String dataPlane(String key, String path) {
        return as(key).get(path).then().statusCode(200).extract().asString();
    }

    @Test
    void objectReadsAnswerLikeTheDataPlaneAtTheSameLevel() {
        Workspace w = contacts();
        String createdAt2 = as(w.key()).get("/v1/objects/c1/events").then().statusCode(200)
                .extract().path("events[1].createdAt");

        // No level: the project's highest, which is what the owner key reads.
        assertEquals(dataPlane(w.key(), "/v1/objects/c1"), member(w, "/objects/c1"));
        assertEquals(dataPlane(w.key(), "/v1/objects/c1?seq=1"), member(w, "/objects/c1?seq=1"));
        assertEquals(dataPlane(w.key(), "/v1/objects/c1?seq=0"), member(w, "/objects/c1?seq=0"));
        assertEquals(dataPlane(w.key(), "/v1/objects/c1?at=" + createdAt2), member(w, "/objects/c1?at=" + createdAt2));
        as(w.account().token()).get("/v1/projects/" + w.projectId() + "/objects/c1").then()
                .body("state.name", equalTo("Ada Lovelace")).body("state.email", equalTo("ada@lovelace.org"));

        String publicKey = w.keyAt("public");
        assertEquals(dataPlane(publicKey, "/v1/objects/c1"), member(w, "/objects/c1?level=public"));
        assertEquals(dataPlane(publicKey, "/v1/objects/c1?seq=1"), member(w, "/objects/c1?level=public&seq=1"));
        as(w.account().token()).get("/v1/projects/" + w.projectId() + "/objects/c1?level=public").then()
                .body("state.name", equalTo("Ada Lovelace")).body("state.email", equalTo(null));

        problem(as(w.account().token()).get("/v1/projects/" + w.projectId() + "/objects/c1?level=admin").then(), 422)
                .body("errors[0].field", equalTo("level"));
        problem(as(w.account().token()).get("/v1/projects/" + w.projectId() + "/objects/c1?seq=9").then(), 422)
                .body("errors[0].field", equalTo("seq"));
        problem(as(w.account().token()).get("/v1/projects/" + w.projectId() + "/objects/nobody").then(), 404);
    }

    @Test
    void aTimelineGivesEachEventWithTheStateAReadAtItsSeqGives() {
        Workspace w = contacts();
        createObject(w.key(), "Contact", "c3");
        for (int i = 0; i < 6; i++) {
            sendEventId(w.key(), "ContactSet", "c3", Map.of("name", "n" + i, "email", i + "@example.com"));
        }
        String publicKey = w.keyAt("public");
        for (String level : List.of("owner", "public")) {
            String key = level.equals("owner") ? w.key() : publicKey;
            JsonPath timeline = JsonPath.from(
                    member(w, "/objects/c3/timeline?level=" + level + "&after=2&limit=3"));
            JsonPath log = JsonPath.from(
                    dataPlane(w.key(), "/v1/objects/c3/events?after=2&limit=3"));
            assertEquals(log.getList("events.id"), timeline.getList("events.id"), level);
            assertEquals(log.getList("events.seq"), timeline.getList("events.seq"), level);
            assertEquals(5, timeline.getInt("next"), "the next page starts after seq 5");
            assertEquals(JsonPath.from(dataPlane(key, "/v1/objects/c3?seq=2")).getMap("state"),
                    timeline.getMap("before"), level);
            for (int i = 0; i < 3; i++) {
                assertEquals(JsonPath.from(dataPlane(key, "/v1/objects/c3?seq=" + (3 + i)))
                        .getMap("state"), timeline.getMap("events[" + i + "].state"), level + " seq " + (3 + i));
            }
        }
        // The first event's state at each level: the public one lacks exactly what the reducer hides.
        assertEquals(Map.of("name", "n0", "email", "0@example.com"), JsonPath.from(
                member(w, "/objects/c3/timeline?level=owner")).getMap("events[0].state"));
        assertEquals(Map.of("name", "n0"), JsonPath.from(
                member(w, "/objects/c3/timeline?level=public")).getMap("events[0].state"),
                "the level hides what it hides in reads");
        problem(as(w.account().token()).get("/v1/projects/" + w.projectId() + "/objects/c3/timeline?limit=101").then(),
                422).body("errors[0].field", equalTo("limit"));
    }

    @Test
    void listsAndEditLogsAnswerLikeTheDataPlane() {
        Workspace w = contacts();
        createObject(w.key(), "Contact", "c2");
        createObject(w.key(), "Note", "n1");
        for (int i = 0; i < 5; i++) {
            sendEventId(w.key(), "ContactSet", "c2", Map.of("name", "n" + i, "email", i + "@example.com"));
        }
        for (String query : List.of("", "?type=Contact", "?type=Note", "?type=Missing", "?cursor=1")) {
            assertEquals(dataPlane(w.key(), "/v1/objects" + query), member(w, "/objects" + query), query);
        }
        for (String query : List.of("", "?after=2", "?limit=2", "?after=1&limit=3", "?after=9")) {
            assertEquals(dataPlane(w.key(), "/v1/objects/c2/events" + query), member(w, "/objects/c2/events" + query),
                    query);
        }
        problem(as(w.account().token()).get("/v1/projects/" + w.projectId() + "/objects/c2/events?limit=0").then(), 422)
                .body("errors[0].field", equalTo("limit"));
    }

    @Test
    void recentEventsComeNewestFirstUpToTheLimit() {
        Workspace w = workspace();
        String recent = "/v1/projects/" + w.projectId() + "/events/recent";
        as(w.account().token()).get(recent).then().statusCode(200).body("events", equalTo(List.of()));

        createObject(w.key(), "Counter", "k1");
        createObject(w.key(), "Counter", "k2");
        List<String> sent = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            sent.add(0, sendEventId(w.key(), "Tick", i % 2 == 0 ? List.of("k1", "k2") : "k1", Map.of("n", i)));
        }
        // The feed is appended in the background, after the event is acknowledged.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(w.account().token()).get(recent).then()
                .statusCode(200).body("events.id", equalTo(sent)));
        as(w.account().token()).get(recent + "?limit=2").then().statusCode(200)
                .body("events.id", equalTo(sent.subList(0, 2)))
                .body("events[0].type", equalTo("Tick")).body("events[0].metaData.n", equalTo(6))
                .body("events[0].concerns", equalTo(List.of("k1", "k2")))
                .body("events[0].pins.objectId", equalTo(List.of("k1", "k2")))
                .body("events[0].pins.seq", equalTo(List.of(6, 3)))
                // A single-concern event shows its pin too (its stored record keeps none: the pin is the record).
                .body("events[1].concerns", equalTo(List.of("k1")))
                .body("events[1].pins.objectId", equalTo(List.of("k1")))
                .body("events[1].pins.seq", equalTo(List.of(5)));
        problem(as(w.account().token()).get(recent + "?limit=0").then(), 422).body("errors[0].field", equalTo("limit"));
        problem(as(w.account().token()).get(recent + "?limit=1001").then(), 422);
        problem(as(w.account().token()).get(recent + "?limit=many").then(), 422);
    }

    @Inject
    RedisDataSource redis;

    @Test
    void aBatchShowsUpNewestFirstWithItsPinsAndALimitCutsInsideIt() {
        Workspace w = workspace();
        createObject(w.key(), "Counter", "k1");
        createObject(w.key(), "Counter", "k2");
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Map<String, Object> event = new HashMap<>(Map.of("type", "Tick", "concerns",
                    i % 3 == 0 ? List.of("k1", "k2") : "k1", "metaData", Map.of("n", i)));
            if (i == 150) {
                // An item with its own key takes the single-event path: the feed gets three entries, in order.
                event.put("idempotencyKey", "feed-" + w.projectId());
            }
            batch.add(event);
        }
        JsonPath written = as(w.key()).body(Map.of("events", batch))
                .post("/v1/events/batch").then().statusCode(200).extract().jsonPath();
        List<String> ids = new ArrayList<>(written.getList("results.event.id", String.class));
        List<Object> pins = new ArrayList<>(written.getList("results.event.pins"));
        Collections.reverse(ids);
        Collections.reverse(pins);

        String recent = "/v1/projects/" + w.projectId() + "/events/recent";
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(w.account().token())
                .get(recent + "?limit=300").then().statusCode(200).body("events.id", equalTo(ids)));
        as(w.account().token()).get(recent + "?limit=1000").then().statusCode(200)
                .body("events.id", equalTo(ids)).body("events.pins", equalTo(pins))
                .body("events[0].metaData.n", equalTo(299)).body("events[299].pins.seq", equalTo(List.of(1, 1)));
        // The last entry holds items 151..299: 120 ends inside it, 160 inside the first.
        as(w.account().token()).get(recent + "?limit=120").then().statusCode(200)
                .body("events.id", equalTo(ids.subList(0, 120))).body("events.pins", equalTo(pins.subList(0, 120)));
        as(w.account().token()).get(recent + "?limit=160").then().statusCode(200)
                .body("events.id", equalTo(ids.subList(0, 160)));
        assertEquals(3, redis.stream(String.class).xlen(EventFeed.key(w.projectId())),
                "one entry per written group");
    }

    @Test
    void entriesInTheFormatOfBeforeAreStillRead() {
        Workspace w = workspace();
        createObject(w.key(), "Counter", "k1");
        createObject(w.key(), "Counter", "k2");
        String first = sendEventId(w.key(), "Tick", "k1", Map.of("n", 1));
        String second = sendEventId(w.key(), "Tick", List.of("k1", "k2"), Map.of("n", 2));
        String recent = "/v1/projects/" + w.projectId() + "/events/recent";
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(w.account().token()).get(recent).then()
                .statusCode(200).body("events.id", equalTo(List.of(second, first))));
        // As a platform-api of before the upgrade left them: one entry per event, its id in the field "id".
        String feed = EventFeed.key(w.projectId());
        redis.key().del(feed);
        redis.stream(String.class).xadd(feed, Map.of("id", first, "pins", "k1=1"));
        redis.stream(String.class).xadd(feed, Map.of("id", second, "pins", "k1=2,k2=1"));
        // A retried request that finished a died attempt's event may have added it twice: it shows once.
        redis.stream(String.class).xadd(feed, Map.of("id", second, "pins", "k1=2,k2=1"));

        List<Map<String, ?>> batch = List.of(Map.of("type", "Tick", "concerns", "k2", "metaData", Map.of("n", 3)),
                Map.of("type", "Tick", "concerns", "k1", "metaData", Map.of("n", 4)));
        List<String> batchIds = as(w.key()).body(Map.of("events", batch)).post("/v1/events/batch").then()
                .statusCode(200).extract().path("results.event.id");
        List<String> all = List.of(batchIds.get(1), batchIds.get(0), second, first);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(w.account().token()).get(recent).then()
                .statusCode(200).body("events.id", equalTo(all)));
        as(w.account().token()).get(recent + "?limit=3").then().statusCode(200)
                .body("events.id", equalTo(all.subList(0, 3)))
                .body("events[2].pins.objectId", equalTo(List.of("k1", "k2")))
                .body("events[2].pins.seq", equalTo(List.of(2, 1)));
        // A single-concern event's stored record keeps no pins: the one shown comes from the old entry.
        as(w.account().token()).get(recent).then()
                .body("events[3].pins.objectId", equalTo(List.of("k1")))
                .body("events[3].pins.seq", equalTo(List.of(1)));
    }

    @Test
    void theFeedKeepsAtLeastTheLastThousandEvents() {
        Workspace w = workspace();
        createObject(w.key(), "Counter", "k1");
        String feed = EventFeed.key(w.projectId());
        String recent = "/v1/projects/" + w.projectId() + "/events/recent";
        // Entries left from before (ids never stored here) fill the stream past 1000 entries. A single event's
        // entry trims it to about 1000, as Redis trims with MAXLEN ~: whole nodes of entries, a little over.
        for (int i = 0; i < 1100; i++) {
            redis.stream(String.class).xadd(feed, Map.of("id", "evt_gone" + i, "pins", ""));
        }
        String single = sendEventId(w.key(), "Tick", "k1", Map.of("n", 0));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(w.account().token()).get(recent + "?limit=1")
                .then().statusCode(200).body("events.id", equalTo(List.of(single))));
        long length = redis.stream(String.class).xlen(feed);
        assertTrue(length >= 1000 && length < 1100, "stream length " + length);

        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            batch.add(Map.of("type", "Tick", "concerns", "k1", "metaData", Map.of("n", i)));
        }
        as(w.key()).body(Map.of("events", batch)).post("/v1/events/batch").then().statusCode(200);
        List<String> last = new ArrayList<>();
        for (int i = 1001; i <= 1200; i++) {
            last.add(0, sendEventId(w.key(), "Tick", "k1", Map.of("n", i)));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(w.account().token()).get(recent + "?limit=200")
                .then().statusCode(200).body("events.id", equalTo(last)));
        // 200 entries of one event, then 800 of the batch's entry.
        as(w.account().token()).get(recent + "?limit=1000").then().statusCode(200)
                .body("events.size()", equalTo(1000)).body("events[999].metaData.n", equalTo(201));
        // The batch's entry held 1000 events by itself, so adding it dropped every older entry.
        assertEquals(201, redis.stream(String.class).xlen(feed));
    }

    @Test
    void aViewerReadsAndAnotherTenantSeesNothing() {
        Workspace w = contacts();
        Account viewer = signUp();
        store().getCollection("tenants").updateOne(Filters.eq("_id", w.account().tenantId()),
                Updates.push("members", new Document("userId", viewer.userId()).append("role", "VIEWER")));
        store().getCollection("users").updateOne(Filters.eq("_id", viewer.userId()),
                Updates.push("tenantIds", w.account().tenantId()));
        String base = "/v1/projects/" + w.projectId();
        as(viewer.token()).get(base + "/objects/c1").then().statusCode(200).body("state.name", equalTo("Ada Lovelace"));
        as(viewer.token()).get(base + "/objects").then().statusCode(200).body("objects.id", equalTo(List.of("c1")));
        as(viewer.token()).get(base + "/objects/c1/events").then().statusCode(200).body("events.seq", equalTo(List.of(1, 2)));
        as(viewer.token()).get(base + "/events/recent").then().statusCode(200);

        Account stranger = signUp();
        String missing = "/v1/projects/prj_01missingmissingmissingmi";
        for (String path : List.of("/objects/c1", "/objects/c1?level=nope", "/objects", "/objects/c1/events",
                "/events/recent")) {
            String foreign = problem(as(stranger.token()).get(base + path).then(), 404).extract().path("detail");
            String absent = problem(as(stranger.token()).get(missing + path).then(), 404).extract().path("detail");
            assertEquals(absent.replace("prj_01missingmissingmissingmi", w.projectId()), foreign, path);
        }
    }

    @Test
    void memberReadsNeedASessionNotAnApiKey() {
        Workspace w = contacts();
        String base = "/v1/projects/" + w.projectId();
        for (String path : List.of("/objects/c1", "/objects", "/objects/c1/events", "/events/recent")) {
            problem(given().get(base + path).then(), 401);
            problem(as(w.key()).get(base + path).then(), 401);
        }
    }

    @Test
    void withRedisDownEventsAreStillStoredAndRecentEventsSaySo() {
        Workspace w = contacts();
        String recent = "/v1/projects/" + w.projectId() + "/events/recent";
        RedisResource.redis().stop();
        try {
            String id = sendEventId(w.key(), "ContactSet", "c1", Map.of("name", "Ada King", "email", "k@example.com"));
            as(w.key()).get("/v1/objects/c1/events?after=2").then().statusCode(200).body("events.id", equalTo(List.of(id)));
            problem(as(w.account().token()).get(recent).then(), 503);
        } finally {
            RedisResource.redis().restart();
        }
        String later = sendEventId(w.key(), "ContactSet", "c1", Map.of("name", "Ada", "email", "a@example.com"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as(w.account().token()).get(recent + "?limit=1")
                .then().statusCode(200).body("events.id", equalTo(List.of(later))));
    }
}
