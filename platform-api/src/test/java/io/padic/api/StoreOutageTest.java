package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.readObject;
import static io.padic.api.support.Api.workspace;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.padic.api.journal.ObjectLocks;
import io.padic.api.store.StoreKeys;
import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.RestartableStoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * I7 and docs/design.md#writing-an-event: when the store goes away during a request, the answer is a problem+json 500
 * that says the request may be retried, and once the store is back the retry with the same Idempotency-Key completes
 * the very same event: no object ends up with it twice or without it.
 */
@QuarkusTest
@WithTestResource(RestartableStoreResource.class)
@WithTestResource(RedisResource.class)
class StoreOutageTest {

    /** The stripes of {@link ObjectLocks}: two objects on different stripes are locked independently. */
    private static final int LOCK_STRIPES = 1024;

    @Inject
    ObjectLocks locks;

    private boolean storeDown;

    @AfterEach
    void storeRunsAgain() {
        if (storeDown) {
            RestartableStoreResource.startStore();
            storeDown = false;
        }
    }

    @Test
    void anEventCutShortByAStoreOutageIsCompletedByItsRetry() throws Exception {
        Workspace w = workspace();
        createObject(w.key(), "Order", "first");
        String second = onAnotherStripe(w.projectId(), "first");
        createObject(w.key(), "Order", second);
        Map<String, Object> event = Map.of("type", "OrdersMerged", "concerns", List.of("first", second),
                "metaData", Map.of("merged", true));

        CompletableFuture<Response> cutShort;
        // The writer pins the objects one after the other; holding the second one's lock stops it in between.
        try (ObjectLocks.Held paused = locks.lock(w.projectId(), List.of(second))) {
            cutShort = CompletableFuture.supplyAsync(() -> send(w.key(), "merge-1", event));
            await("the writer has pinned the first object").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> readObject(w.key(), "first", null).extract().<Integer>path("seq") == 1);
            stopStore();
        }
        problem(cutShort.get().then(), 500).body("type", endsWith("/internal"))
                .body("detail", equalTo("Something went wrong on our side; the request may be retried"));

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
        problem(send(w.key(), "placed-1", event).then(), 500).body("type", endsWith("/internal"));
        problem(as(w.key()).body(Map.of("type", "Order", "id", "o2")).post("/v1/objects").then(), 500);
        startStore();

        readObject(w.key(), "o1", null).statusCode(200).body("seq", equalTo(0));
        problem(readObject(w.key(), "o2", null), 404);
        send(w.key(), "placed-1", event).then().statusCode(201).body("pins[0].seq", equalTo(1));
        readObject(w.key(), "o1", null).body("seq", equalTo(1)).body("state.n", equalTo(1));
    }

    private void stopStore() {
        RestartableStoreResource.stopStore();
        storeDown = true;
    }

    private void startStore() {
        RestartableStoreResource.startStore();
        storeDown = false;
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
