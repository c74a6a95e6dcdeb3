package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.management;
import static io.padic.api.support.Api.workspace;
import static io.padic.api.support.Schemas.declare;
import static io.padic.api.support.Schemas.optional;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees on {@code /q/metrics}: the store commands (round trips) this process sends, by
 * name. A warm process writes a single-concern event in at most three (event, pin, head), single events sent at
 * once in fewer (they are written in groups), and a batch in a few, however many events it holds; the metrics
 * show no secret.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class StoreRoundTripsTest {

    private static final Pattern COMMANDS =
            Pattern.compile("(?m)^padic_store_commands_total\\{command=\"([a-zA-Z]+)\"[^}]*\\} ([0-9.E+]+)$");

    @Test
    void aWarmProcessWritesASingleConcernEventInThreeRoundTrips() {
        Workspace w = clockWithOneTick();

        Map<String, Double> before = commands();
        send(w, 1);
        Map<String, Double> used = difference(before, commands());

        assertTrue(total(used) <= 3, "round trips of one warm single-concern write: " + used);
        assertEquals(Map.of("insert", 2.0, "update", 1.0), used, "event and pin inserted, head raised");
    }

    /**
     * A warm read takes the object's head from its note in Redis and the state from this process or Redis: no store
     * command (docs/design.md#warm-reads-without-the-store). The first read notes the head; the process trusts notes
     * once its fence poll has run, within a second. A write raises the note before it answers, so the read after it
     * sees the new event and asks the store only for that event's pin (to fold it), not for the head.
     */
    @Test
    void aWarmReadAsksTheStoreNothing() {
        Workspace w = clockWithOneTick();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, Double> before = commands();
            readSeq(w, 1);
            assertEquals(Map.of(), difference(before, commands()), "store commands of a warm read");
        });

        send(w, 1);
        Map<String, Double> before = commands();
        readSeq(w, 2);
        assertEquals(Map.of("find", 1.0), difference(before, commands()), "store commands of the read after a write");
    }

    private static void readSeq(Workspace w, int seq) {
        as(w.key()).get("/v1/objects/c1").then().statusCode(200).body("seq", equalTo(seq))
                .body("state.n", equalTo(seq - 1));
    }

    @Test
    void anIdempotencyKeyAddsItsClaimAndItsAnswer() {
        Workspace w = clockWithOneTick();

        Map<String, Double> before = commands();
        as(w.key()).header("Idempotency-Key", "tick-1").body(Map.of("type", "Tick", "concerns", "c1",
                "metaData", Map.of("n", 1))).post("/v1/events").then().statusCode(201);
        Map<String, Double> used = difference(before, commands());

        assertEquals(Map.of("insert", 3.0, "update", 2.0), used, "key claimed, event, pin, head, answer saved");
    }

    /**
     * Single events sent at once are written in groups (docs/design.md#group-commit): sixteen clients sending keyed
     * events one after another cost fewer than half the round trips they cost one by one (five each, above), and every
     * one is answered with its own seq, in each client's order.
     */
    @Test
    void concurrentSingleEventsShareTheirRoundTrips() throws Exception {
        Workspace w = workspace();
        declare(w, "Tick", "allow", optional("n", "integer"));
        int clients = 16;
        int each = 10;
        for (int c = 0; c < clients; c++) {
            createObject(w.key(), "Clock", "g" + c);
        }

        Map<String, Double> before = commands();
        List<Callable<List<Integer>>> senders = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String object = "g" + c;
            senders.add(() -> {
                List<Integer> seqs = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    seqs.add(as(w.key()).header("Idempotency-Key", object + "-" + i).body(Map.of("type", "Tick",
                            "concerns", object, "metaData", Map.of("n", i))).post("/v1/events").then()
                            .statusCode(201).extract().jsonPath().getInt("pins[0].seq"));
                }
                return seqs;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            for (Future<List<Integer>> sent : pool.invokeAll(senders, 120, TimeUnit.SECONDS)) {
                assertEquals(IntStream.rangeClosed(1, each).boxed().toList(), sent.get(), "each client's seqs");
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Double> used = difference(before, commands());

        double perEvent = total(used) / (clients * each);
        assertTrue(perEvent < 2.5, "store commands per keyed event sent at once (5 alone): " + perEvent + " " + used);
    }

    @Test
    void aBatchOfAHundredEventsOnTenObjectsTakesAFewRoundTrips() {
        Workspace w = workspace();
        declare(w, "Tick", "allow", optional("n", "integer"));
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            items.add(Map.of("type", "Tick", "concerns", "t" + (i % 10), "metaData", Map.of("n", i)));
        }
        for (int o = 0; o < 10; o++) {
            createObject(w.key(), "Clock", "t" + o);
        }

        Map<String, Double> before = commands();
        JsonPath answer = as(w.key()).body(Map.of("events", items)).post("/v1/events/batch").then()
                .statusCode(200).extract().jsonPath();
        Map<String, Double> used = difference(before, commands());

        assertEquals(List.of(201), answer.getList("results.status").stream().distinct().toList());
        assertEquals(10, answer.getLong("results[99].event.pins[0].seq"), "t9's tenth event");
        assertTrue(total(used) <= 8, "round trips of a batch of 100 events on 10 objects: " + used);
    }

    @Test
    void theMetricsShowNoSecret() {
        Workspace w = workspace();
        createObject(w.key(), "Clock", "secret-free");
        as(w.key()).body(Map.of("type", "Tick", "concerns", "secret-free")).post("/v1/events").then().statusCode(201);
        as(w.key()).get("/v1/objects/secret-free").then().statusCode(200);
        as(w.key()).get("/v1/objects/secret-free-missing").then().statusCode(404);
        String metrics = management().get("/q/metrics").then().statusCode(200).extract().asString();
        assertFalse(metrics.contains(w.key()), "the API key is not in the metrics");
        assertFalse(metrics.contains(w.key().substring(4, 20)), "no part of the API key is in the metrics");
        assertFalse(metrics.contains(w.account().token()), "the session token is not in the metrics");
        assertFalse(metrics.contains("secret-free"), "paths are counted by template, without ids");
        assertTrue(metrics.contains("padic_store_commands_total"), "store commands are counted");
    }

    /** Tick declared, object c1 with one Tick: that first write read the key, type and object; later ones need not. */
    private static Workspace clockWithOneTick() {
        Workspace w = workspace();
        declare(w, "Tick", "allow", optional("n", "integer"));
        createObject(w.key(), "Clock", "c1");
        send(w, 0);
        return w;
    }

    private static void send(Workspace w, int n) {
        as(w.key()).body(Map.of("type", "Tick", "concerns", "c1", "metaData", Map.of("n", n))).post("/v1/events")
                .then().statusCode(201).body("pins[0].seq", equalTo(n + 1));
    }

    private static Map<String, Double> commands() {
        String metrics = management().get("/q/metrics").then().statusCode(200).extract().asString();
        Map<String, Double> counts = new TreeMap<>();
        Matcher m = COMMANDS.matcher(metrics);
        while (m.find()) {
            counts.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
        }
        return counts;
    }

    private static Map<String, Double> difference(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> used = new TreeMap<>();
        after.forEach((command, count) -> {
            double delta = count - before.getOrDefault(command, 0.0);
            if (delta > 0) {
                used.put(command, delta);
            }
        });
        return used;
    }

    private static double total(Map<String, Double> used) {
        return used.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
