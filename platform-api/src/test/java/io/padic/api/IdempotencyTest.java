package io.padic.api;

import static com.mongodb.client.model.Filters.eq;
import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.projectKey;
import static io.padic.api.support.Api.readObject;
import static io.padic.api.support.Api.store;
import static io.padic.api.support.Api.workspace;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.model.Updates;
import io.padic.api.store.StoreKeys;
import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** I3: a retry with the same Idempotency-Key returns the first answer and stores nothing new. */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class IdempotencyTest {

    private static Response send(String key, String idempotencyKey, Map<String, ?> body) {
        return as(key).header("Idempotency-Key", idempotencyKey).body(body).post("/v1/events");
    }

    @Test
    void aRetryReturnsTheFirstAnswerAndStoresOneEvent() {
        String key = projectKey();
        createObject(key, "Order", "o1");
        Map<String, Object> body = Map.of("type", "OrderPlaced", "concerns", "o1", "metaData", Map.of("total", 42));
        Response first = send(key, "order-o1-placed", body);
        first.then().statusCode(201);
        for (int i = 0; i < 3; i++) {
            Response retry = send(key, "order-o1-placed", body);
            retry.then().statusCode(201);
            assertEquals(first.jsonPath().getMap(""), retry.jsonPath().getMap(""));
        }
        readObject(key, "o1", null).body("seq", equalTo(1)).body("state.total", equalTo(42));
    }

    @Test
    void concurrentDuplicatesStoreOneEventAndAllGetTheSameAnswer() throws Exception {
        String key = projectKey();
        createObject(key, "Order", "o2");
        createObject(key, "Order", "o3");
        Map<String, Object> body = Map.of("type", "OrdersMerged", "concerns", List.of("o2", "o3"),
                "metaData", Map.of("merged", true));
        int clients = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<CompletableFuture<Response>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return send(key, "merge-o2-o3", body);
                }, pool));
            }
            start.countDown();
            Set<Map<String, Object>> distinct = new HashSet<>();
            for (CompletableFuture<Response> answer : answers) {
                Response response = answer.get();
                response.then().statusCode(201);
                distinct.add(response.jsonPath().getMap(""));
            }
            assertEquals(1, distinct.size(), "every duplicate gets the first answer: " + distinct);
        } finally {
            pool.shutdownNow();
        }
        readObject(key, "o2", null).body("seq", equalTo(1));
        readObject(key, "o3", null).body("seq", equalTo(1));
    }

    @Test
    void theSameDataInAnotherMemberOrderIsTheSameRequest() {
        String key = projectKey();
        createObject(key, "Order", "o7");
        String first = "{\"type\":\"OrderPlaced\",\"concerns\":\"o7\",\"metaData\":{\"a\":1,\"b\":{\"x\":1,\"y\":2}}}";
        String reordered = "{\"metaData\":{\"b\":{\"y\":2,\"x\":1},\"a\":1},\"concerns\":\"o7\",\"type\":\"OrderPlaced\"}";
        String id = as(key).header("Idempotency-Key", "k-order").body(first).post("/v1/events")
                .then().statusCode(201).extract().path("id");
        as(key).header("Idempotency-Key", "k-order").body(reordered).post("/v1/events")
                .then().statusCode(201).body("id", equalTo(id));
        readObject(key, "o7", null).body("seq", equalTo(1));
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        String key = projectKey();
        createObject(key, "Order", "o4");
        send(key, "k-1", Map.of("type", "OrderPlaced", "concerns", "o4", "metaData", Map.of("total", 1)))
                .then().statusCode(201);
        send(key, "k-1", Map.of("type", "OrderPlaced", "concerns", "o4", "metaData", Map.of("total", 2)))
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("Idempotency-Key"));
        readObject(key, "o4", null).body("seq", equalTo(1)).body("state.total", equalTo(1));
    }

    @Test
    void keysBelongToOneProject() {
        String first = projectKey();
        String second = projectKey();
        createObject(first, "Order", "o5");
        createObject(second, "Order", "o5");
        Map<String, Object> body = Map.of("type", "OrderPlaced", "concerns", "o5", "metaData", Map.of("n", 1));
        send(first, "shared-key", body).then().statusCode(201);
        send(second, "shared-key", body).then().statusCode(201);
        readObject(first, "o5", null).body("seq", equalTo(1));
        readObject(second, "o5", null).body("seq", equalTo(1));
    }

    @Test
    void keysAreOneTo255PrintableAsciiCharactersWithoutSpaces() {
        String key = projectKey();
        createObject(key, "Order", "o9");
        Map<String, Object> body = Map.of("type", "OrderPlaced", "concerns", "o9", "metaData", Map.of("n", 1));
        for (String bad : List.of("k".repeat(256), "two words", "tab\tinside", "caf\u00e9", "")) {
            problem(send(key, bad, body).then(), 422).body("errors[0].field", equalTo("Idempotency-Key"))
                    .body("errors[0].message", containsString("255"));
        }
        Map<String, Object> badItem = Map.of("type", "OrderPlaced", "concerns", "o9", "idempotencyKey", "two words");
        as(key).body(Map.of("events", List.of(badItem))).post("/v1/events/batch").then().statusCode(200)
                .body("results[0].status", equalTo(422))
                .body("results[0].problem.errors[0].field", endsWith("idempotencyKey"));
        readObject(key, "o9", null).body("seq", equalTo(0));

        String longest = "k".repeat(254) + "~";
        String printable = "!\"#$%&'()*+,-./0123456789:;<=>?@AZ[\\]^_`az{|}~";
        for (String good : List.of(longest, printable, "x")) {
            send(key, good, body).then().statusCode(201);
        }
        readObject(key, "o9", null).body("seq", equalTo(3));
    }

    @Test
    void batchItemsCarryTheirOwnKeys() {
        String key = projectKey();
        createObject(key, "Order", "o6");
        Map<String, Object> item = Map.of("type", "OrderPlaced", "concerns", "o6", "metaData", Map.of("n", 1),
                "idempotencyKey", "batch-item-1");
        Response first = as(key).body(Map.of("events", List.of(item))).post("/v1/events/batch");
        first.then().statusCode(200).body("results[0].status", equalTo(201));
        Response again = as(key).body(Map.of("events", List.of(item, item))).post("/v1/events/batch");
        again.then().statusCode(200).body("results.status", equalTo(List.of(201, 201)));
        assertEquals(first.jsonPath().getMap("results[0].event"), again.jsonPath().getMap("results[1].event"));
        readObject(key, "o6", null).body("seq", equalTo(1));
    }

    @Test
    void aRetryAfterTheWriterDiedBeforeAnsweringReturnsTheSinglePinItMade() {
        Workspace w = workspace();
        createObject(w.key(), "Order", "o8");
        Map<String, Object> body = Map.of("type", "OrderPlaced", "concerns", "o8", "metaData", Map.of("total", 8));
        Response first = send(w.key(), "k-died", body);
        first.then().statusCode(201).body("pins[0].seq", equalTo(1));
        as(w.key()).body(Map.of("type", "OrderShipped", "concerns", "o8")).post("/v1/events").then().statusCode(201);
        // As if the first writer had stored its event and pin, then died before saving its answer.
        store().getCollection("idempotency").updateOne(
                eq("_id", StoreKeys.idempotency(w.projectId(), "k-died")), Updates.unset("response"));

        Response retry = send(w.key(), "k-died", body);
        retry.then().statusCode(201);
        assertEquals(first.jsonPath().getMap(""), retry.jsonPath().getMap(""), "the same event at the same seq");
        readObject(w.key(), "o8", null).body("seq", equalTo(2));
    }
}
