package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.hideEvent;
import static io.padic.api.support.Api.readObject;
import static io.padic.api.support.Api.saveReducer;
import static io.padic.api.support.Api.sendBatch;
import static io.padic.api.support.Api.sendEvent;
import static io.padic.api.support.Api.sendEventId;
import static io.padic.api.support.Api.workspace;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.api.cache.ObjectCache;
import io.padic.api.fold.FoldStats;
import io.padic.api.fold.StateLine;
import io.padic.api.support.Api;
import io.padic.api.support.RedisCluster;
import io.padic.api.support.RedisClusterResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * platform-api on a Redis Cluster (docs/operations.md, "Redis Cluster"): every cache path works there — cached and
 * incremental reads, snapshots, invalidation by hides and reducer versions, the recent-events feed, key usage and
 * sign-in limits — and every key that a multi-key command touches carries its object's or project's hash tag, so
 * the command stays in one slot (docs/design.md#cache-and-snapshots).
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisClusterResource.class)
class RedisClusterTest {

    /** Keys read or written together: an object's states and their index, a project's feed and key usage. */
    private static final Pattern TAGGED = Pattern.compile("^(obj|head|feed|keyuse|keylast|keyrefused):\\{([^}]+)}.*");
    /** A sign-in limit is one key, read and written alone. */
    private static final Pattern ALONE = Pattern.compile("^padic:(limits:.*|heads:epoch)$");

    @Inject
    FoldStats stats;

    @Inject
    ObjectCache cache;

    @Test
    void theCachePathsRunOnTheClusterWithEveryKeyInItsObjectsOrProjectsSlot() {
        RedisCluster cluster = RedisClusterResource.cluster();
        Api.Workspace ws = workspace();
        saveReducer(ws, "Add", "return { n: event.metaData.i, sum: (state.sum || 0) + event.metaData.i };");
        List<String> ids = new ArrayList<>();
        for (int o = 0; o < 12; o++) {
            ids.add("c" + o);
            createObject(ws.key(), "Counter", "c" + o);
            for (int i = 1; i <= 3; i++) {
                sendEvent(ws.key(), "Add", "c" + o, Map.of("i", i)).statusCode(201);
            }
            readObject(ws.key(), "c" + o, null).body("seq", equalTo(3)).body("state.sum", equalTo(6));
        }
        // Twelve objects land on more than one master: the test really spans the cluster.
        Set<Integer> masters = ids.stream().map(id -> cluster.masterOf("{" + ws.projectId() + ":" + id + "}"))
                .collect(Collectors.toSet());
        assertTrue(masters.size() >= 2, "objects spread over masters " + masters);

        // A Redis hit (this process's copy forgotten) applies nothing.
        cache.forgetKept();
        long hits = stats.hits();
        long applied = stats.eventsApplied();
        for (String id : ids) {
            readObject(ws.key(), id, null).body("state.sum", equalTo(6));
        }
        assertEquals(hits + ids.size(), stats.hits(), "every read is a Redis hit");
        assertEquals(applied, stats.eventsApplied());

        // A new event: the miss starts from the newest cached state (ZREVRANGEBYSCORE, then MGET) and applies one.
        sendEvent(ws.key(), "Add", "c0", Map.of("i", 4)).statusCode(201);
        cache.forgetKept();
        applied = stats.eventsApplied();
        readObject(ws.key(), "c0", null).body("seq", equalTo(4)).body("state.sum", equalTo(10));
        assertEquals(applied + 1, stats.eventsApplied(), "only the new event is applied");

        // Snapshots bound a cold read when the whole cluster is empty.
        createObject(ws.key(), "Counter", "long");
        List<Map<String, ?>> batch = new ArrayList<>();
        for (int i = 1; i <= 70; i++) {
            batch.add(Map.of("type", "Add", "concerns", "long", "metaData", Map.of("i", i)));
        }
        sendBatch(ws.key(), batch);
        readObject(ws.key(), "long", null).body("seq", equalTo(70));
        await("the snapshot at 64").atMost(Duration.ofSeconds(20)).until(() -> Api.store().getCollection("snapshots")
                .countDocuments(new Document("projectId", ws.projectId()).append("objectId", "long")) > 0);
        cluster.flushAll();
        cache.forgetKept();
        applied = stats.eventsApplied();
        readObject(ws.key(), "long", null).body("seq", equalTo(70)).body("state.sum", equalTo(70 * 71 / 2));
        assertEquals(applied + 70 - 64, stats.eventsApplied(), "a cold read starts from snapshot 64");

        // Invalidation: a hide and a new reducer version are never answered from an older cached state.
        String second = as(ws.key()).get("/v1/objects/c1/events?after=1&limit=1").then().statusCode(200)
                .extract().path("events[0].id");
        readObject(ws.key(), "c1", null).body("state.sum", equalTo(6));
        hideEvent(ws.key(), second).statusCode(201);
        readObject(ws.key(), "c1", null).body("seq", equalTo(4)).body("state.sum", equalTo(4));
        saveReducer(ws, "Add", "return { n: event.metaData.i, sum: (state.sum || 0) + 10 * event.metaData.i };");
        readObject(ws.key(), "c1", null).body("state.sum", equalTo(40));
        readObject(ws.key(), "c2", "seq=2").body("state.sum", equalTo(30));

        // The recent-events feed (a stream per project) and key usage (MGET over one project's keys).
        String last = sendEventId(ws.key(), "Add", "c3", Map.of("i", 4));
        String recent = "/v1/projects/" + ws.projectId() + "/events/recent";
        await("the feed has the last event").atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(ws.account()
                .token()).get(recent).then().statusCode(200).body("events[0].id", equalTo(last)));
        String keys = "/v1/projects/" + ws.projectId() + "/api-keys";
        await("the key's use is counted").atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(ws.account()
                .token()).get(keys).then().statusCode(200)
                .body("apiKeys[0].requestsLast24h", greaterThanOrEqualTo(1))
                .body("apiKeys[0].lastUsedAt", notNullValue()));

        // Sign-in limits: the eleventh wrong password is refused, and the bucket is in the cluster.
        String email = "cluster-" + UUID.randomUUID() + "@example.com";
        for (int i = 1; i <= 10; i++) {
            logIn(email, "wrong " + i).statusCode(401);
        }
        logIn(email, "wrong 11").statusCode(429).body("limit", equalTo("login-per-account"));

        // Every key in the cluster either carries its object's or project's hash tag, or is used alone.
        List<String> all = allKeys(cluster);
        assertFalse(all.isEmpty());
        for (String key : all) {
            assertTrue(TAGGED.matcher(key).matches() || ALONE.matcher(key).matches(), "untagged key " + key);
        }
        assertTrue(all.stream().anyMatch(key -> key.startsWith("padic:limits:")), "a sign-in bucket in " + all);
        assertTrue(all.stream().anyMatch(key -> key.startsWith("feed:{" + ws.projectId() + "}")), "the feed");
        assertTrue(all.stream().anyMatch(key -> key.startsWith("keyuse:{" + ws.projectId() + "}")), "key usage");
        assertTrue(all.stream().anyMatch(key -> key.startsWith("head:{" + ws.projectId() + ":")), "noted heads");
    }

    @Test
    void theKeysOfOneMultiKeyCommandShareOneSlot() {
        RedisCluster cluster = RedisClusterResource.cluster();
        // One object's states and its seq index: the cache's Lua PUT writes both, its MGET reads several states.
        StateLine line = new StateLine("prj_1", "o/1:x", "owner", "v3");
        String index = ObjectCache.indexKey(line);
        int slot = cluster.slot(index);
        for (long seq : new long[] {1, 64, 1000}) {
            assertEquals(slot, cluster.slot(ObjectCache.key(line, seq)), "seq " + seq);
        }
        assertEquals(slot, cluster.slot(ObjectCache.key(new StateLine("prj_1", "o/1:x", "public", "v4"), 7)),
                "another level and reducer version of the same object");
        // An id with braces of its own ends the tag early, but at the same place in each of the object's keys.
        StateLine odd = new StateLine("prj_1", "a}b{c", "owner", "v3");
        assertEquals(cluster.slot(ObjectCache.indexKey(odd)), cluster.slot(ObjectCache.key(odd, 5)));
        // Another object of the same project is free to live elsewhere: the tag is per object.
        assertEquals(cluster.slot("{prj_1:other}"), cluster.slot(ObjectCache.key(
                new StateLine("prj_1", "other", "owner", "v3"), 1)));
        // What the cache writes in the cluster really lives under these names.
        Api.Workspace ws = workspace();
        createObject(ws.key(), "Doc", "d1");
        sendEvent(ws.key(), "Edit", "d1", Map.of("t", 1)).statusCode(201);
        readObject(ws.key(), "d1", null).statusCode(200);
        List<String> objectKeys = allKeys(cluster).stream()
                .filter(key -> key.startsWith("obj:{" + ws.projectId() + ":d1}")).toList();
        assertEquals(2, objectKeys.size(), "a state and its index: " + objectKeys);
        assertTrue(objectKeys.stream().anyMatch(key -> key.endsWith(":1")), objectKeys.toString());
        assertTrue(objectKeys.stream().anyMatch(key -> key.endsWith(":seqs")), objectKeys.toString());
        int objectSlot = cluster.slot("{" + ws.projectId() + ":d1}");
        for (String key : objectKeys) {
            Matcher tag = TAGGED.matcher(key);
            assertTrue(tag.matches(), key);
            assertEquals(objectSlot, cluster.slot(key), key);
        }
    }

    private static List<String> allKeys(RedisCluster cluster) {
        List<String> keys = new ArrayList<>();
        for (int port : cluster.keysPerMaster().keySet()) {
            Arrays.stream(cluster.cli(port, "KEYS", "*").split("\n")).map(String::trim).filter(k -> !k.isEmpty())
                    .forEach(keys::add);
        }
        return keys;
    }

    private static ValidatableResponse logIn(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .post("/v1/auth/login").then();
    }
}
