package io.padic.api.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.testkit.ApiClient;
import io.padic.testkit.Project;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * I1 Order (docs/design.md#i1-order) across processes: two packaged platform-api processes share one store while
 * several clients write at once, one by one or in batches; every object's events still get seqs 1, 2, 3, … with no gap
 * and no duplicate, in each client's own order, with createdAt never going back.
 */
class PerObjectOrderIT {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);

    private static Backends backends;
    private static AppProcess first;
    private static AppProcess second;

    @BeforeAll
    static void startTwoProcessesOnOneStore() {
        backends = Backends.start();
        List<AppProcess> apps = AppProcess.startTogether(List.of(new AppProcess.Spec("order-1", backends, Map.of()),
                new AppProcess.Spec("order-2", backends, Map.of())));
        first = apps.get(0);
        second = apps.get(1);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable running : new AutoCloseable[] {second, first, backends}) {
            if (running != null) {
                try {
                    running.close();
                } catch (Exception e) {
                    throw new IllegalStateException("Cannot stop " + running, e);
                }
            }
        }
    }

    @Test
    void concurrentClientsOfTwoProcessesGetGapFreeSeqsInTheirOwnOrder() throws Exception {
        Project project = ApiClient.to(first.uri()).newProjectTakingAnyType("IT");
        ApiClient.to(first.uri()).as(project.key()).createObjects("Thing", "o1");
        int clients = 4;
        int perClient = 250;

        List<Callable<List<String>>> writers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            ApiClient api = ApiClient.to((client % 2 == 0 ? first : second).uri()).as(project.key());
            writers.add(() -> {
                List<String> sent = new ArrayList<>(perClient);
                for (int i = 0; i < perClient; i++) {
                    JsonNode answer = api.sendEvent("Tick", List.of("o1"), Map.of("client", client, "i", i))
                            .expect(201);
                    assertEquals(List.of("o1"), answer.path("pins").findValuesAsText("objectId"));
                    sent.add(answer.path("id").asText());
                }
                return sent;
            });
        }
        List<List<String>> sentByClient = runAll(writers);

        EditLog log = EditLog.read(ApiClient.to(first.uri()).as(project.key()), "o1", 1000);
        EditLog viaSecond = EditLog.read(ApiClient.to(second.uri()).as(project.key()), "o1", 300);
        assertEquals(log.events(), viaSecond.events(), "both processes read the same log");
        log.assertGapFreeAndOrdered();
        assertEquals(clients * perClient, log.events().size());

        Set<String> acknowledged = new HashSet<>();
        sentByClient.forEach(acknowledged::addAll);
        assertEquals(clients * perClient, acknowledged.size(), "every acknowledged id is distinct");
        assertEquals(acknowledged, new HashSet<>(log.ids()), "the log holds exactly the acknowledged events");

        for (int c = 0; c < clients; c++) {
            int client = c;
            List<JsonNode> mine = log.events().stream()
                    .filter(e -> e.path("metaData").path("client").asInt() == client).toList();
            assertEquals(IntStream.range(0, perClient).boxed().toList(),
                    mine.stream().map(e -> e.path("metaData").path("i").asInt()).toList(),
                    "client " + client + "'s events in the order it sent them");
            assertEquals(sentByClient.get(c), mine.stream().map(e -> e.path("id").asText()).toList());
        }

        JsonNode object = ApiClient.to(second.uri()).as(project.key()).get("/v1/objects/o1").expect(200);
        assertEquals(clients * perClient, object.path("seq").asLong());
    }

    @Test
    void aThreeObjectEventIsPinnedOnceToEachWhileOthersWriteToThoseObjects() throws Exception {
        Project project = ApiClient.to(first.uri()).newProjectTakingAnyType("IT");
        List<String> objects = List.of("a", "b", "c");
        ApiClient.to(first.uri()).as(project.key()).createObjects("Thing", objects.toArray(String[]::new));

        // One writer per object, alternating processes, keeps writing until the three-object events are in.
        AtomicBoolean stop = new AtomicBoolean();
        List<AtomicInteger> acked = new ArrayList<>();
        List<Callable<List<String>>> writers = new ArrayList<>();
        for (int w = 0; w < objects.size(); w++) {
            String objectId = objects.get(w);
            AtomicInteger count = new AtomicInteger();
            acked.add(count);
            ApiClient api = ApiClient.to((w % 2 == 0 ? first : second).uri()).as(project.key());
            writers.add(() -> {
                List<String> sent = new ArrayList<>();
                while (!stop.get()) {
                    sent.add(api.sendEvent("Tick", List.of(objectId), Map.of("i", sent.size()))
                            .expect(201).path("id").asText());
                    count.incrementAndGet();
                }
                return sent;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers.size());
        List<JsonNode> multi = new ArrayList<>();
        List<List<String>> singles = new ArrayList<>();
        try {
            List<Future<List<String>>> running = writers.stream().map(pool::submit).toList();
            await("every writer is under way").atMost(WRITE_TIMEOUT)
                    .until(() -> acked.stream().allMatch(n -> n.get() >= 5));
            List<Integer> before = acked.stream().map(AtomicInteger::get).toList();
            for (int i = 0; i < 10; i++) {
                ApiClient api = ApiClient.to((i % 2 == 0 ? second : first).uri()).as(project.key());
                multi.add(api.sendEvent("Link", objects, Map.of("link", i)).expect(201));
            }
            List<Integer> after = acked.stream().map(AtomicInteger::get).toList();
            stop.set(true);
            for (Future<List<String>> writer : running) {
                singles.add(writer.get(WRITE_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            }
            for (int w = 0; w < objects.size(); w++) {
                assertTrue(after.get(w) > before.get(w), "writer of " + objects.get(w)
                        + " kept writing while the three-object events went in: " + before + " -> " + after);
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, EditLog> logs = new HashMap<>();
        for (int w = 0; w < objects.size(); w++) {
            String objectId = objects.get(w);
            ApiClient reader = ApiClient.to((w % 2 == 0 ? second : first).uri()).as(project.key());
            EditLog log = EditLog.read(reader, objectId, 1000).assertGapFreeAndOrdered();
            logs.put(objectId, log);
            assertEquals(singles.get(w).size() + multi.size(), log.events().size(), objectId + "'s log size");
            for (String id : singles.get(w)) {
                assertEquals(1, log.count(id), objectId + " holds its own event " + id + " once");
            }
        }
        for (JsonNode answer : multi) {
            String eventId = answer.path("id").asText();
            assertEquals(objects, answer.path("pins").findValuesAsText("objectId"), "pins of " + answer);
            for (JsonNode pin : answer.path("pins")) {
                EditLog log = logs.get(pin.path("objectId").asText());
                assertEquals(1, log.count(eventId), log.objectId() + " holds " + eventId + " exactly once");
                assertEquals(pin.path("seq").asLong(), log.seqOf(eventId),
                        "the 201 answer names the seq of " + eventId + " in " + log.objectId() + "'s log");
            }
        }
    }

    @Test
    void batchesAndSingleWritesOfTwoProcessesKeepEveryObjectGapFreeAndInOrder() throws Exception {
        Project project = ApiClient.to(first.uri()).newProjectTakingAnyType("IT");
        List<String> objects = List.of("p", "q", "r");
        ApiClient.to(first.uri()).as(project.key()).createObjects("Thing", objects.toArray(String[]::new));

        // Per process one client sending batches (some items concern all three objects) and one single writer.
        List<Callable<Map<String, List<String>>>> writers = new ArrayList<>();
        for (AppProcess app : List.of(first, second)) {
            ApiClient api = ApiClient.to(app.uri()).as(project.key());
            String batcher = "batch@" + app.uri().getPort();
            writers.add(() -> {
                Map<String, List<String>> sent = new HashMap<>();
                for (int round = 0; round < 5; round++) {
                    List<Map<String, Object>> items = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        Object concerns = i % 10 == 9 ? objects : objects.get(i % 3);
                        items.add(Map.of("type", "Tick", "concerns", concerns,
                                "metaData", Map.of("writer", batcher, "i", round * 50 + i)));
                    }
                    JsonNode answer = api.post("/v1/events/batch", Map.of("events", items), null).expect(200);
                    for (JsonNode result : answer.path("results")) {
                        assertEquals(201, result.path("status").asInt(), "every item is stored: " + result);
                        sent.computeIfAbsent(batcher, w -> new ArrayList<>())
                                .add(result.path("event").path("id").asText());
                    }
                }
                return sent;
            });
            String single = "single@" + app.uri().getPort();
            writers.add(() -> {
                Map<String, List<String>> sent = new HashMap<>();
                for (int i = 0; i < 150; i++) {
                    sent.computeIfAbsent(single, w -> new ArrayList<>()).add(api.sendEvent("Tick",
                            List.of(objects.get(i % 3)), Map.of("writer", single, "i", i)).expect(201)
                            .path("id").asText());
                }
                return sent;
            });
        }
        Set<String> acknowledged = new HashSet<>();
        for (Map<String, List<String>> sent : runAll(writers)) {
            sent.values().forEach(acknowledged::addAll);
        }
        assertEquals(2 * 250 + 2 * 150, acknowledged.size(), "every acknowledged id is distinct");

        Set<String> logged = new HashSet<>();
        for (String objectId : objects) {
            EditLog log = EditLog.read(ApiClient.to(second.uri()).as(project.key()), objectId, 1000)
                    .assertGapFreeAndOrdered();
            assertEquals(log.events().size(), new HashSet<>(log.ids()).size(), objectId + " holds each event once");
            logged.addAll(log.ids());
            Map<String, List<Integer>> byWriter = new HashMap<>();
            for (JsonNode event : log.events()) {
                byWriter.computeIfAbsent(event.path("metaData").path("writer").asText(), w -> new ArrayList<>())
                        .add(event.path("metaData").path("i").asInt());
            }
            byWriter.forEach((writer, order) -> assertEquals(order.stream().sorted().toList(), order,
                    writer + "'s events on " + objectId + " in the order it sent them"));
        }
        assertEquals(acknowledged, logged, "the logs hold exactly the acknowledged events");
    }

    /** Runs the callables at once, one thread each, and returns their results in order. */
    private static <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> future : pool.invokeAll(tasks, WRITE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
