package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.readObject;
import static io.padic.api.support.Api.workspace;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.api.journal.ObjectLocks;
import io.padic.api.journal.ObjectRepository;
import io.padic.api.store.StoreKeys;
import io.padic.api.store.StoreOutage;
import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.RestartableStoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/design.md#store-outages, I2, I3 and I7: when the store goes away, a request that needs it is answered a
 * problem+json 503 {@code store-unavailable} with Retry-After within the driver's server-selection timeout, reads of
 * states the cache holds keep their answers, and once the store is back (same app, no restart) the retry with the
 * same Idempotency-Key completes the very same event: no object ends up with it twice or without it.
 */
@QuarkusTest
@WithTestResource(RestartableStoreResource.class)
@WithTestResource(RedisResource.class)
class StoreOutageTest {

    /** The stripes of {@link ObjectLocks}: two objects on different stripes are locked independently. */
    private static final int LOCK_STRIPES = 1024;

    @Inject
    ObjectLocks locks;

    @Inject
    RedisDataSource redis;

    @Inject
    StoreOutage outage;

    @Inject
    ObjectRepository objects;

    private volatile boolean storeDown;

    @AfterEach
    void storeRunsAgain() {
        redis.execute("CLIENT", "UNPAUSE");
        if (storeDown) {
            startStore();
        }
    }

    /**
     * docs/design.md#warm-reads-without-the-store, "A failed note": a write whose head can be noted neither in Redis
     * nor behind a fence in the store is stored but not acknowledged (503), since a read elsewhere could still trust
     * a note that lacks it. Sent without a key, so that nothing but the fence needs the store after the note.
     */
    @Test
    void aWriteThatCanNeitherNoteItsHeadNorFenceIsStoredButNotAcknowledged() throws Exception {
        Workspace w = workspace();
        createObject(w.key(), "Order", "o1");
        readObject(w.key(), "o1", null).statusCode(200).body("seq", equalTo(0));
        Map<String, Object> event = Map.of("type", "OrderPlaced", "concerns", "o1", "metaData", Map.of("n", 1));

        // Redis holds every script for 3 s, so the write's note raise (an EVAL) fails at its 1 s timeout ...
        redis.execute("CLIENT", "PAUSE", "3000", "WRITE");
        CompletableFuture<Response> refused = CompletableFuture.supplyAsync(() -> as(w.key()).body(event)
                .post("/v1/events"));
        await("the event is stored and its head raised in the store").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> objects.find(w.projectId(), "o1").orElseThrow().head() == 1);
        // ... and by then the store is away, so its fence cannot be put up either.
        stopStore();
        unavailable(refused.get());

        startStore();
        redis.execute("CLIENT", "UNPAUSE");
        // Stored, as the 503 says it may be: every read sees it once Redis and the store are back.
        readObject(w.key(), "o1", null).statusCode(200).body("seq", equalTo(1)).body("state.n", equalTo(1));
        as(w.key()).get("/v1/objects/o1/events").then().statusCode(200).body("events.seq", equalTo(List.of(1)));
    }

    @Test
    void anEventCutShortByAStoreOutageIsCompletedByItsRetry() throws Exception {
        Workspace w = workspace();
        createObject(w.key(), "Order", "first");
        String second = onAnotherStripe(w.projectId(), "first");
        createObject(w.key(), "Order", second);
        Map<String, Object> event = Map.of("type", "OrdersMerged", "concerns", List.of("first", second),
                "metaData", Map.of("merged", true));

        // RestAssured's first calls from two threads at once can deadlock in Groovy's class initialisation.
        readObject(w.key(), "first", null).statusCode(200).body("seq", equalTo(0));
        CompletableFuture<Response> cutShort;
        // The writer pins the objects one after the other; holding the second one's lock stops it in between.
        try (ObjectLocks.Held paused = locks.lock(w.projectId(), List.of(second))) {
            cutShort = CompletableFuture.supplyAsync(() -> send(w.key(), "merge-1", event));
            // In the store: a read answers the head noted in Redis, which the write raises only once it is done.
            await("the writer has pinned the first object").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> objects.find(w.projectId(), "first").orElseThrow().head() == 1);
            stopStore();
        }
        unavailable(cutShort.get());

        startStore();
        Response retry = send(w.key(), "merge-1", event);
        retry.then().statusCode(201)
                .body("pins.objectId", equalTo(List.of("first", second)))
                .body("pins.seq", equalTo(List.of(1, 1)));
        assertEquals(retry.jsonPath().getMap(""), send(w.key(), "merge-1", event).jsonPath().getMap(""),
                "a further retry gets the same answer");
        for (String object : List.of("first", second)) {
            readObject(w.key(), object, null).statusCode(200).body("seq", equalTo(1))
                    .body("state.merged", equalTo(true));
            as(w.key()).get("/v1/objects/" + object + "/events").then().statusCode(200)
                    .body("events.id", equalTo(List.of(retry.path("id").toString())));
        }
    }

    @Test
    void aRequestWhileTheStoreIsDownIsAProblemAndStoresNothing() {
        Workspace w = workspace();
        createObject(w.key(), "Order", "o1");
        Map<String, Object> event = Map.of("type", "OrderPlaced", "concerns", "o1", "metaData", Map.of("n", 1));

        stopStore();
        unavailable(send(w.key(), "placed-1", event));
        unavailable(as(w.key()).body(Map.of("type", "Order", "id", "o2")).post("/v1/objects"));
        startStore();

        readObject(w.key(), "o1", null).statusCode(200).body("seq", equalTo(0));
        problem(readObject(w.key(), "o2", null), 404);
        send(w.key(), "placed-1", event).then().statusCode(201).body("pins[0].seq", equalTo(1));
        readObject(w.key(), "o1", null).body("seq", equalTo(1)).body("state.n", equalTo(1));
    }

    /**
     * Ten seconds without the store while four writers and two readers keep going: every answer comes within a bound
     * (no hang), a write is 201 or 503 store-unavailable with Retry-After (never a 500), reads of objects whose state
     * the cache holds stay 200 with the state at their last seq (marked {@code PAdic-Store: unreachable} while the
     * store is away), an object the cache never held is 503; afterwards, without a restart, every refused write's
     * retry is stored once and every object's events are 1..n with every acknowledged event among them.
     */
    @Test
    void aTenSecondOutageUnderLoadRefusesWritesWith503KeepsCachedReadsAndLosesNothing() throws Exception {
        Workspace w = workspace();
        List<String> written = List.of("w1", "w2", "w3", "w4");
        List<String> readOnly = List.of("r1", "r2", "r3");
        AtomicInteger numbers = new AtomicInteger();
        Map<String, Integer> readOnlyLast = new ConcurrentHashMap<>();
        for (String object : concat(written, readOnly)) {
            createObject(w.key(), "Order", object);
            for (int i = 0; i < 3; i++) {
                int n = numbers.incrementAndGet();
                send(w.key(), "before-" + n, placed(object, n)).then().statusCode(201);
                readOnlyLast.put(object, n);
            }
            readObject(w.key(), object, null).statusCode(200).body("seq", equalTo(3));
        }
        createObject(w.key(), "Order", "never-read");
        // Reads note heads in Redis in the background: wait until the cache knows every read object's head.
        await().atMost(Duration.ofSeconds(10)).until(() -> concat(written, readOnly).stream()
                .allMatch(object -> redis.hash(String.class).hget(headKey(w.projectId(), object), "seq") != null));

        Map<String, Map<String, Object>> acknowledged = new ConcurrentHashMap<>(); // idempotency key -> event
        Map<String, Map<String, Object>> refused = new ConcurrentHashMap<>();
        List<String> wrongAnswers = new CopyOnWriteArrayList<>();
        List<long[]> seenReads = new CopyOnWriteArrayList<>(); // object index, seq, n
        AtomicInteger readsWithoutStore = new AtomicInteger();
        AtomicLong slowest = new AtomicLong();
        Map<Long, String> slowAnswers = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> all = concat(written, readOnly);
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            List<Future<?>> clients = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int writer = t;
                clients.add(pool.submit(() -> {
                    for (int i = 0; running.get(); i++) {
                        String object = written.get((writer + i) % written.size());
                        int n = numbers.incrementAndGet();
                        String key = "load-" + n;
                        Map<String, Object> event = placed(object, n);
                        long started = System.nanoTime();
                        Response answer = send(w.key(), key, event);
                        noteTime(slowest, slowAnswers, started, "write " + key, answer);
                        if (answer.statusCode() == 201) {
                            acknowledged.put(key, event);
                        } else if (isUnavailable(answer)) {
                            refused.put(key, event);
                            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
                        } else {
                            wrongAnswers.add("write " + answer.statusCode() + " " + answer.asString());
                        }
                    }
                }));
            }
            for (int t = 0; t < 2; t++) {
                clients.add(pool.submit(() -> {
                    for (int i = 0; running.get(); i++) {
                        int index = i % all.size();
                        long started = System.nanoTime();
                        Response answer = readObject(w.key(), all.get(index), null).extract().response();
                        noteTime(slowest, slowAnswers, started, "read " + all.get(index), answer);
                        if (answer.statusCode() == 200) {
                            seenReads.add(new long[] {index, answer.<Integer>path("seq"), answer.<Integer>path("state.n")});
                            if ("unreachable".equals(answer.header("PAdic-Store"))) {
                                readsWithoutStore.incrementAndGet();
                            }
                        } else if (!isUnavailable(answer) || readOnly.contains(all.get(index)) && storeDown) {
                            wrongAnswers.add("read of " + all.get(index) + ": " + answer.statusCode() + " "
                                    + answer.asString());
                        }
                        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
                    }
                }));
            }
            LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
            stopStore();
            LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
            for (String object : readOnly) {
                readObject(w.key(), object, null).statusCode(200).header("PAdic-Store", "unreachable")
                        .body("seq", equalTo(3)).body("state.n", equalTo(readOnlyLast.get(object)));
            }
            unavailable(readObject(w.key(), "never-read", null).extract().response());
            // Still ready for its load balancer: it answers cached reads and tells the rest to come back.
            given().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'Store' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'Store' }.data.store", equalTo("unreachable"))
                    .body("checks.find { it.name == 'Store' }.data.mode", equalTo("cached reads only"));
            LockSupport.parkNanos(Duration.ofSeconds(8).toNanos());
            startStore();
            await("writes are stored again, without a restart").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> send(w.key(), "after-" + numbers.incrementAndGet(), placed("w1", 0)).statusCode()
                            == 201);
            LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            running.set(false);
            for (Future<?> client : clients) {
                client.get();
            }
        }
        System.out.printf("Store outage under load: %d writes acknowledged, %d refused with 503, %d reads answered"
                + " (%d without the store), slowest answer %s%n", acknowledged.size(), refused.size(), seenReads.size(),
                readsWithoutStore.get(), Duration.ofNanos(slowest.get()));
        assertEquals(List.of(), wrongAnswers, "only 201, 200 and 503 store-unavailable while the store was away");
        // Bounded answers take the 5 s server-selection timeout at most, plus the machine's delays (6.0 s seen on a
        // 2-core machine at load 6); a request that waited for the store would take up to the 10 s outage.
        assertTrue(slowest.get() < Duration.ofSeconds(8).toNanos(),
                "no request hung: the slowest took " + Duration.ofNanos(slowest.get()) + ": "
                        + slowAnswers.get(slowest.get()));
        assertTrue(!refused.isEmpty(), "writes were refused while the store was away");
        assertTrue(readsWithoutStore.get() > 0, "reads were answered while the store was away");

        for (Map.Entry<String, Map<String, Object>> retry : refused.entrySet()) {
            Response answer = send(w.key(), retry.getKey(), retry.getValue());
            assertEquals(201, answer.statusCode(), answer.asString());
            acknowledged.put(retry.getKey(), retry.getValue());
        }
        Map<Integer, Integer> storedNumbers = new ConcurrentHashMap<>();
        for (int index = 0; index < all.size(); index++) {
            String object = all.get(index);
            List<Map<String, Object>> events = eventsOf(w.key(), object);
            for (int i = 0; i < events.size(); i++) {
                Map<String, Object> event = events.get(i);
                assertEquals(i + 1, ((Number) event.get("seq")).intValue(), object + "'s events are 1..n");
                int n = ((Number) ((Map<?, ?>) event.get("metaData")).get("n")).intValue();
                assertEquals(null, storedNumbers.put(n, index), "event n=" + n + " is stored once");
            }
            for (long[] read : seenReads) {
                if (read[0] == index) {
                    Map<?, ?> atSeq = (Map<?, ?>) events.get((int) read[1] - 1).get("metaData");
                    assertEquals(((Number) atSeq.get("n")).longValue(), read[2],
                            object + " read at seq " + read[1] + " is the fold of its events up to there");
                }
            }
        }
        for (Map<String, Object> event : acknowledged.values()) {
            int n = (Integer) ((Map<?, ?>) event.get("metaData")).get("n");
            assertEquals(all.indexOf(event.get("concerns")), storedNumbers.get(n),
                    "acknowledged event n=" + n + " is stored on its object");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'Store' }.data.store", equalTo("up"))
                .body("checks.find { it.name == 'Store' }.data.mode", equalTo("normal")));
        readOnly.forEach(object -> readObject(w.key(), object, null).statusCode(200)
                .header("PAdic-Store", (String) null).body("seq", equalTo(3)));
    }

    private static List<Map<String, Object>> eventsOf(String key, String object) {
        List<Map<String, Object>> events = new ArrayList<>();
        Object after = 0;
        while (after != null) {
            var page = as(key).get("/v1/objects/" + object + "/events?limit=1000&after=" + after).then()
                    .statusCode(200).extract().jsonPath();
            events.addAll(page.getList("events"));
            after = page.get("next");
        }
        return events;
    }

    private static void noteTime(AtomicLong slowest, Map<Long, String> slowAnswers, long started, String request,
            Response answer) {
        long took = System.nanoTime() - started;
        if (took > slowest.accumulateAndGet(took, Math::max) - 1) {
            slowAnswers.put(took, request + " at " + java.time.Instant.now() + " answered " + answer.statusCode() + " "
                    + answer.asString());
        }
    }

    private static Map<String, Object> placed(String object, int n) {
        return Map.of("type", "OrderPlaced", "concerns", object, "metaData", Map.of("n", n));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String headKey(String projectId, String objectId) {
        return "head:{" + projectId + ":" + objectId + "}";
    }

    private static boolean isUnavailable(Response answer) {
        return answer.statusCode() == 503 && answer.contentType().startsWith("application/problem+json")
                && answer.<String>path("type").endsWith("/store-unavailable") && answer.header("Retry-After") != null;
    }

    private static void unavailable(Response answer) {
        problem(answer.then(), 503).body("type", endsWith("/store-unavailable"))
                .body("title", equalTo("Store unavailable")).header("Retry-After", "5");
    }

    private void stopStore() {
        RestartableStoreResource.stopStore();
        storeDown = true;
    }

    /** Starts the store, then waits as long as a client told Retry-After would: until the app tries it again. */
    private void startStore() {
        RestartableStoreResource.startStore();
        storeDown = false;
        await().atMost(Duration.ofSeconds(5)).until(() -> !outage.suspected());
    }

    private static Response send(String key, String idempotencyKey, Map<String, ?> body) {
        return as(key).header("Idempotency-Key", idempotencyKey).body(body).post("/v1/events");
    }

    /** An object id whose lock is not the one of {@code objectId} (ObjectLocks stripes by the store key). */
    private static String onAnotherStripe(String projectId, String objectId) {
        int taken = stripe(projectId, objectId);
        for (int i = 0; ; i++) {
            String candidate = "second-" + i;
            if (stripe(projectId, candidate) != taken) {
                return candidate;
            }
        }
    }

    private static int stripe(String projectId, String objectId) {
        return Math.floorMod(StoreKeys.object(projectId, objectId).hashCode(), LOCK_STRIPES);
    }
}
