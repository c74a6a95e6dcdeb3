package io.padic.api.objects;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.management;
import static io.padic.api.support.Api.workspace;
import static io.padic.api.support.Schemas.declare;
import static io.padic.api.support.Schemas.optional;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.api.store.EventStore;
import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When a warm read may take the head from its note in Redis instead of the store
 * (docs/design.md#warm-reads-without-the-store):
 * never while a process owes a note (its fence in the store), never from a note of an older epoch, and again once the
 * process that owed reaches Redis, with every note made before ignored.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class HeadFenceTest {

    private static final Pattern FINDS =
            Pattern.compile("(?m)^padic_store_commands_total\\{command=\"find\"[^}]*\\} ([0-9.E+]+)$");

    @Inject
    EventStore store;

    @Inject
    RedisDataSource redis;

    @AfterEach
    void allIsWellAgain() {
        try {
            redis.execute("PING");
        } catch (RuntimeException e) {
            RedisResource.redis().restart();
        }
        store.cacheFences().deleteMany(new Document());
    }

    @Test
    void aFenceOfAnotherProcessSendsEveryReadToTheStoreUntilItComesDown() {
        Workspace w = objectWithEvents(1);
        awaitWarm(w, 1);

        store.cacheFences().insertOne(new Document("_id", "proc_elsewhere").append("token", "t1")
                .append("refreshedAt", new Date()));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertTrue(findsOfRead(w, 1) >= 1,
                "a read while another process owes a note asks the store"));

        store.cacheFences().deleteMany(new Document("_id", "proc_elsewhere"));
        awaitWarm(w, 1);
    }

    @Test
    void aFenceNotRefreshedForAMinuteIsADeadProcessesAndComesDownWithANewEpoch() {
        long before = epoch();
        store.cacheFences().insertOne(new Document("_id", "proc_dead").append("token", "t2")
                .append("refreshedAt", Date.from(Instant.now().minus(Duration.ofMinutes(2)))));
        await().atMost(Duration.ofSeconds(5)).until(() -> store.cacheFences().countDocuments() == 0);
        assertTrue(epoch() > before, "the epoch was raised before the dead process's fence came down");
    }

    @Test
    void aNoteOfAnOlderEpochIsNotTrusted() {
        Workspace w = objectWithEvents(2);
        awaitWarm(w, 2);
        String note = KnownHeads.key(w.projectId(), "c1");
        long current = epoch();

        // A note one seq short: of the current epoch it is served (which shows that the check below can fail) ...
        redis.execute("HSET", note, "seq", "1", "epoch", Long.toString(current));
        readNow(w).body("seq", equalTo(1));
        // ... of an older epoch it is not: the read asks the store and answers the newest event.
        redis.execute("HSET", note, "seq", "1", "epoch", Long.toString(current - 1));
        readNow(w).body("seq", equalTo(2)).body("state.n", equalTo(1));
    }

    /**
     * Redis stopped: the write is acknowledged behind a fence, reads go to the store meanwhile, and once Redis is back
     * the fence comes down and reads are warm again. (A Redis that kept its notes while a process could not reach it
     * is it/CacheTruthIT's link cut off from one process.)
     */
    @Test
    void aWriteWhileRedisIsAwayIsAcknowledgedBehindAFenceThatComesDownWhenRedisIsBack() {
        Workspace w = objectWithEvents(1);
        awaitWarm(w, 1);
        double fencesBefore = fencesPut();

        RedisResource.redis().stop();
        send(w, 1);
        assertEquals(1, store.cacheFences().countDocuments(), "the process that could not note the head fenced");
        assertEquals(fencesBefore + 1, fencesPut(), "padic_cache_head_fences_total");
        assertTrue(findsOfRead(w, 2) >= 1, "a read while the fence is up asks the store");

        RedisResource.redis().restart();
        await().atMost(Duration.ofSeconds(10)).until(() -> store.cacheFences().countDocuments() == 0);
        readNow(w).body("seq", equalTo(2)).body("state.n", equalTo(1));
        awaitWarm(w, 2);
    }

    private static Workspace objectWithEvents(int events) {
        Workspace w = workspace();
        declare(w, "Tick", "allow", optional("n", "integer"));
        createObject(w.key(), "Clock", "c1");
        for (int n = 0; n < events; n++) {
            send(w, n);
        }
        return w;
    }

    private static void send(Workspace w, int n) {
        as(w.key()).body(Map.of("type", "Tick", "concerns", "c1", "metaData", Map.of("n", n))).post("/v1/events")
                .then().statusCode(201);
    }

    private static ValidatableResponse readNow(Workspace w) {
        return as(w.key()).get("/v1/objects/c1").then().statusCode(200);
    }

    /** Reads until a read asks the store nothing (the process's view trusts the notes within a second or two). */
    private static void awaitWarm(Workspace w, int seq) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(0.0, findsOfRead(w, seq),
                "store finds of a warm read"));
    }

    private static double findsOfRead(Workspace w, int seq) {
        double before = finds();
        readNow(w).body("seq", equalTo(seq));
        return finds() - before;
    }

    private static double fencesPut() {
        Matcher m = Pattern.compile("(?m)^padic_cache_head_fences_total(?:\\{[^}]*\\})? ([0-9.E+]+)$")
                .matcher(management().get("/q/metrics").then().statusCode(200).extract().asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static double finds() {
        Matcher m = FINDS.matcher(management().get("/q/metrics").then().statusCode(200).extract().asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private long epoch() {
        Response value = redis.execute("GET", HeadFence.EPOCH_KEY);
        return value == null ? 0 : value.toLong();
    }
}
