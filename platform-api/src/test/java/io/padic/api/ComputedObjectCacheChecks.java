package io.padic.api;

import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.hideEvent;
import static io.padic.api.support.Api.readObject;
import static io.padic.api.support.Api.management;
import static io.padic.api.support.Api.saveReducer;
import static io.padic.api.support.Api.sendBatch;
import static io.padic.api.support.Api.sendEvent;
import static io.padic.api.support.Api.sendEventId;
import static io.padic.api.support.Api.workspace;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.model.Filters;
import io.padic.api.cache.ObjectCache;
import io.padic.api.fold.FoldStats;
import io.padic.api.support.Api;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The computed-object cache and snapshots (docs/design.md#cache-and-snapshots): repeated reads are hits, a miss folds
 * only the events after the newest cached or snapshotted state, concurrent misses fold once, and nothing stale is
 * served after a hide or a reducer change (I4). Run on one Redis ({@link ComputedObjectCacheTest}) and on a Redis
 * Cluster ({@link ComputedObjectCacheOnClusterTest}).
 */
abstract class ComputedObjectCacheChecks {

    static final int N = 64;

    @Inject
    FoldStats stats;

    @Inject
    ObjectCache cache;

    /** Empties the Redis (every master of a cluster). */
    abstract void emptyRedis();


    @Test
    void aRepeatedReadIsACacheHitThatAppliesNothing() {
        String key = Api.projectKey();
        createObject(key, "Doc", "d1");
        sendEvent(key, "Edit", "d1", Map.of("title", "one")).statusCode(201);
        sendEvent(key, "Edit", "d1", Map.of("body", "two")).statusCode(201);
        String first = readObject(key, "d1", null).statusCode(200).extract().asString();
        long kept = stats.localHits();
        long applied = stats.eventsApplied();
        String second = readObject(key, "d1", null).statusCode(200).body("state.title", equalTo("one"))
                .extract().asString();
        assertEquals(first, second, "a cached answer is the answer");
        assertEquals(kept + 1, stats.localHits(), "this process kept the state it served");
        assertEquals(applied, stats.eventsApplied());
        // Without this process's copy, the state comes from Redis, still with nothing applied.
        cache.forgetKept();
        long hits = stats.hits();
        String third = readObject(key, "d1", null).statusCode(200).extract().asString();
        assertEquals(first, third);
        assertEquals(hits + 1, stats.hits(), "a Redis hit");
        assertEquals(applied, stats.eventsApplied());
        // One more event: only that one is applied, on top of the cached state.
        sendEvent(key, "Edit", "d1", Map.of("title", "three")).statusCode(201);
        readObject(key, "d1", null).body("seq", equalTo(3)).body("state.title", equalTo("three"))
                .body("state.body", equalTo("two"));
        assertEquals(applied + 1, stats.eventsApplied());
        management().get("/q/metrics").then().statusCode(200).body(containsString("padic_cache_hits_total"))
                .body(containsString("padic_fold_events_applied_total"));
    }

    @Test
    void anObjectReadAfterEveryAppendStaysCoveredBySnapshots() {
        Api.Workspace ws = workspace();
        createObject(ws.key(), "Feed", "f1");
        for (int i = 1; i <= 140; i++) {
            sendEvent(ws.key(), "Post", "f1", Map.of("i", i)).statusCode(201);
            readObject(ws.key(), "f1", null).body("seq", equalTo(i));
        }
        await("snapshots at 64 and 128").atMost(Duration.ofSeconds(20))
                .until(() -> snapshotSeqs(ws.projectId(), "f1").equals(List.of(64L, 128L)));
        emptyRedis();
        cache.forgetKept();
        long applied = stats.eventsApplied();
        readObject(ws.key(), "f1", null).body("seq", equalTo(140)).body("state.i", equalTo(140));
        assertEquals(140 - 128, stats.eventsApplied() - applied);
    }

    @Test
    void snapshotsBoundTheColdCostOfALongHistory() {
        Api.Workspace ws = workspace();
        createObject(ws.key(), "Log", "long");
        List<Map<String, Object>> expected = appendNumbered(ws.key(), "long", 300);
        readObject(ws.key(), "long", null).statusCode(200).body("seq", equalTo(300));
        await("snapshots at 64, 128, 192, 256").atMost(Duration.ofSeconds(20))
                .until(() -> snapshotSeqs(ws.projectId(), "long").equals(List.of(64L, 128L, 192L, 256L)));

        emptyRedis();
        cache.forgetKept();
        long applied = stats.eventsApplied();
        Map<String, Object> state = readObject(ws.key(), "long", null).statusCode(200).body("seq", equalTo(300))
                .extract().jsonPath().getMap("state");
        assertEquals(expected.get(300), state);
        assertEquals(300 - 256, stats.eventsApplied() - applied, "a cold read starts from snapshot 256");

        applied = stats.eventsApplied();
        state = readObject(ws.key(), "long", "seq=130").statusCode(200).body("seq", equalTo(130))
                .extract().jsonPath().getMap("state");
        assertEquals(expected.get(130), state);
        assertEquals(2, stats.eventsApplied() - applied, "seq=130 starts from snapshot 128");
    }

    @Test
    void aFirstReadOfALongHistoryKeepsTheNearestSnapshotsAndOlderOnesComeWhenNeeded() {
        Api.Workspace ws = workspace();
        createObject(ws.key(), "Log", "longer");
        List<Map<String, Object>> expected = appendNumbered(ws.key(), "longer", 17 * N + 12);
        readObject(ws.key(), "longer", null).statusCode(200).body("seq", equalTo(17 * N + 12));
        List<Long> nearest = new ArrayList<>();
        for (long m = 2; m <= 17; m++) {
            nearest.add(m * N);
        }
        await("the 16 snapshots nearest below the head").atMost(Duration.ofSeconds(20))
                .until(() -> snapshotSeqs(ws.projectId(), "longer").equals(nearest));

        long applied = stats.eventsApplied();
        Map<String, Object> state = readObject(ws.key(), "longer", "seq=100").statusCode(200)
                .extract().jsonPath().getMap("state");
        assertEquals(expected.get(100), state);
        assertEquals(100, stats.eventsApplied() - applied, "no snapshot at 64 yet: folded from the start");
        await("the snapshot at 64, taken by that read").atMost(Duration.ofSeconds(20))
                .until(() -> snapshotSeqs(ws.projectId(), "longer").get(0) == N);
    }

    @Test
    void concurrentColdReadsOfOneObjectFoldItOnce() throws Exception {
        String key = Api.projectKey();
        createObject(key, "Log", "busy");
        List<Map<String, Object>> expected = appendNumbered(key, "busy", 200);
        long folds = stats.folds();
        long applied = stats.eventsApplied();
        int readers = 8;
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<Map<String, Object>>> reads = new ArrayList<>();
        for (int i = 0; i < readers; i++) {
            reads.add(() -> {
                go.await();
                return readObject(key, "busy", null).statusCode(200).extract().jsonPath().getMap("state");
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(readers)) {
            List<Future<Map<String, Object>>> answers = new ArrayList<>();
            for (Callable<Map<String, Object>> read : reads) {
                answers.add(pool.submit(read));
            }
            go.countDown();
            for (Future<Map<String, Object>> answer : answers) {
                assertEquals(expected.get(200), answer.get());
            }
        }
        assertEquals(1, stats.folds() - folds, "one fold for " + readers + " concurrent reads");
        assertEquals(200, stats.eventsApplied() - applied);
    }

    @Test
    void hidingAnEventThatACachedStateHoldsRemovesItFromLaterReads() {
        String key = Api.projectKey();
        createObject(key, "Photo", "p1");
        sendEvent(key, "Set", "p1", Map.of("name", "first", "size", 1)).statusCode(201);
        String mistake = sendEventId(key, "Set", "p1", Map.of("name", "oops", "tag", "x"));
        sendEvent(key, "Set", "p1", Map.of("size", 2)).statusCode(201);
        readObject(key, "p1", null).body("state.name", equalTo("oops"));
        readObject(key, "p1", null).body("state.name", equalTo("oops")); // now cached at seq 3

        hideEvent(key, mistake).statusCode(201);
        Map<String, Object> state = readObject(key, "p1", null).statusCode(200).body("seq", equalTo(4))
                .extract().jsonPath().getMap("state");
        assertEquals(Map.of("name", "first", "size", 2), state);
        readObject(key, "p1", "seq=3").body("state.name", equalTo("oops")).body("state.tag", equalTo("x"));
    }

    @Test
    void hidingAnEventBelowASnapshotRefoldsFromBeforeIt() {
        Api.Workspace ws = workspace();
        createObject(ws.key(), "Log", "h1");
        List<Map<String, ?>> batch = new ArrayList<>();
        for (int i = 1; i <= 70; i++) {
            batch.add(Map.of("type", "Line", "concerns", "h1", "metaData", Map.of("i", i, "k" + i, i)));
        }
        sendBatch(ws.key(), batch);
        readObject(ws.key(), "h1", null).body("seq", equalTo(70));
        await().atMost(Duration.ofSeconds(20)).until(() -> snapshotSeqs(ws.projectId(), "h1").equals(List.of(64L)));
        String third = Api.as(ws.key()).get("/v1/objects/h1/events?after=2&limit=1").then().statusCode(200).extract().path("events[0].id");
        hideEvent(ws.key(), third).statusCode(201);
        Map<String, Object> state = readObject(ws.key(), "h1", null).statusCode(200).body("seq", equalTo(71))
                .extract().jsonPath().getMap("state");
        assertTrue(!state.containsKey("k3"), "the hidden event's field is gone: " + state.keySet());
        assertEquals(69, state.size() - 1, "every other event's field is there");
        assertEquals(70, state.get("i"));
        // The snapshot at 64 still holds event 3, as the fold of 1..64 does.
        readObject(ws.key(), "h1", "seq=64").body("state.k3", equalTo(3));
        emptyRedis();
        cache.forgetKept();
        readObject(ws.key(), "h1", null).body("seq", equalTo(71)).body("state.containsKey('k3')", equalTo(false))
                .body("state.k4", equalTo(4));
    }

    @Test
    void aNewReducerVersionIsNeverServedAStateOfTheOldOne() {
        Api.Workspace ws = workspace();
        saveReducer(ws, "Inc", "return { n: (state.n || 0) + 1 };");
        createObject(ws.key(), "Counter", "c1");
        for (int i = 0; i < 3; i++) {
            sendEvent(ws.key(), "Inc", "c1", Map.of()).statusCode(201);
        }
        readObject(ws.key(), "c1", null).body("state.n", equalTo(3));
        readObject(ws.key(), "c1", null).body("state.n", equalTo(3));
        saveReducer(ws, "Inc", "return { n: (state.n || 0) + 10 };");
        readObject(ws.key(), "c1", null).body("seq", equalTo(3)).body("state.n", equalTo(30));
        readObject(ws.key(), "c1", "seq=2").body("state.n", equalTo(20));
    }

    @Test
    void eachAccessLevelHasItsOwnCachedStates() {
        Api.Workspace ws = workspace();
        saveReducer(ws, "Profile", "const d = Object.assign({}, event.metaData);"
                + " if (accessLevel !== 'owner') { delete d.secret; } return d;");
        createObject(ws.key(), "User", "u1");
        sendEvent(ws.key(), "Profile", "u1", Map.of("name", "Ada", "secret", "s3")).statusCode(201);
        readObject(ws.key(), "u1", null).body("state.secret", equalTo("s3"));
        readObject(ws.key(), "u1", null).body("state.secret", equalTo("s3"));
        String member = ws.keyAt("member");
        readObject(member, "u1", null).body("state.name", equalTo("Ada"))
                .body("state.containsKey('secret')", equalTo(false));
        readObject(member, "u1", null).body("state.containsKey('secret')", equalTo(false));
    }

    /** Sends {@code count} events {i, k<i%5>} in batches; returns the expected state after each seq. */
    static List<Map<String, Object>> appendNumbered(String key, String objectId, int count) {
        List<Map<String, Object>> expected = new ArrayList<>();
        Map<String, Object> state = new HashMap<>();
        expected.add(Map.copyOf(state));
        List<Map<String, ?>> batch = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Map<String, Object> meta = Map.of("i", i, "k" + (i % 5), "v" + i);
            batch.add(Map.of("type", "Line", "concerns", objectId, "metaData", meta));
            state.putAll(meta);
            expected.add(Map.copyOf(state));
            if (batch.size() == 100 || i == count) {
                sendBatch(key, batch);
                batch.clear();
            }
        }
        return expected;
    }

    static List<Long> snapshotSeqs(String projectId, String objectId) {
        List<Long> seqs = new ArrayList<>();
        for (Document doc : Api.store().getCollection("snapshots")
                .find(Filters.and(Filters.eq("projectId", projectId), Filters.eq("objectId", objectId)))) {
            seqs.add(((Number) doc.get("seq")).longValue());
        }
        seqs.sort(null);
        return seqs;
    }
}
