package io.padic.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.embedded.FreePorts;
import io.padic.testkit.ApiClient;
import io.padic.testkit.ApiClient.Reply;
import io.padic.testkit.Project;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue acceptance (I1, I2, I3 on the embedded default): {@code ./padic up} on a fresh data directory, four
 * clients sending single events and batches, some with an Idempotency-Key, to shared objects and objects of
 * their own; the whole process tree is killed with SIGKILL at a random moment and started again, five times.
 * After each restart every acknowledged event is at its seq, no object's history has a gap, and every key
 * sent again lands once: an acknowledged one answers its first event, an unanswered one is written now.
 */
class CrashRestartIT {

    private static final Path REPO_ROOT = Path.of(System.getProperty("padic.repo.root", "../.."))
            .toAbsolutePath().normalize();
    private static final Path LOGS = Path.of(System.getProperty("padic.it.logs", "target/it-logs"));
    private static final int CRASHES = 5;
    private static final int CLIENTS = 4;
    private static final List<String> SHARED = List.of("shared-1", "shared-2");
    private static final String TYPE = "tick";

    /** A write with a key, its body, and the event it answered with (null while unanswered). */
    private record Keyed(String key, Map<String, Object> body, String eventId) {
    }

    /** Where an acknowledged event must be found: object id → seq → event id. */
    private final Map<String, Map<Integer, String>> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, Keyed> keyed = new ConcurrentHashMap<>();

    @Test
    void acknowledgedEventsSurviveKillMinus9OfTheWholeTree(@TempDir Path tmp) throws Exception {
        long seed = Long.getLong("padic.crash.seed", System.nanoTime());
        System.out.println("CrashRestartIT seed " + seed + " (replay with -Dpadic.crash.seed=" + seed + ")");
        Random random = new Random(seed);
        Path dataDir = tmp.resolve("data");
        int port = FreePorts.find();
        String path = System.getenv("PATH");

        PadicRun run = PadicRun.up(REPO_ROOT, dataDir, port, path, LOGS.resolve("crash-0.log"));
        Project project;
        try {
            project = setUp(api(port));
            for (int crash = 1; crash <= CRASHES; crash++) {
                int killAfter = 40 + random.nextInt(160);
                long seedForClients = random.nextLong();
                writeUntilKilled(run, api(port), project.key(), crash, killAfter, seedForClients);

                run = PadicRun.up(REPO_ROOT, dataDir, port, path, LOGS.resolve("crash-" + crash + ".log"));
                ApiClient api = api(port);
                resendKeys(api, project.key());
                assertHistories(api, project.key(), "after crash " + crash + " (seed " + seed + ")");
            }
            run.stop();
        } finally {
            run.kill();
        }
    }

    /** A fresh client per run, so no pooled connection outlives its server. */
    private static ApiClient api(int port) {
        return ApiClient.to("http://127.0.0.1:" + port);
    }

    private Project setUp(ApiClient api) {
        Project project = api.newProject("crash");
        api.declareEventType(project.owner(), project.id(), TYPE, Map.of(
                "fields", List.of(Map.of("name", "client", "type", "integer", "required", true),
                        Map.of("name", "n", "type", "integer", "required", true))));
        List<String> objects = new ArrayList<>(SHARED);
        for (int client = 0; client < CLIENTS; client++) {
            objects.add(own(client));
        }
        for (String object : objects) {
            api.as(project.key()).createObjects("counter", object);
        }
        return project;
    }

    /** Runs the clients until {@code killAfter} events are acknowledged, then kills the tree under them. */
    private void writeUntilKilled(PadicRun run, ApiClient api, String key, int crash, int killAfter, long seed)
            throws Exception {
        AtomicInteger acks = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        try {
            for (int client = 0; client < CLIENTS; client++) {
                int me = client;
                Random random = new Random(seed + client);
                running.add(clients.submit(() -> {
                    for (int i = 0; ; i++) {
                        try {
                            if (random.nextInt(4) == 0) {
                                sendBatch(api, key, me, crash, i, random, acks);
                            } else {
                                sendOne(api, key, me, crash, i, random, acks);
                            }
                        } catch (UncheckedIOException e) {
                            return null; // no answer: the server is gone
                        }
                    }
                }));
            }
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20)).until(() ->
                    acks.get() >= killAfter || running.stream().anyMatch(Future::isDone));
            for (Future<?> client : running) {
                if (client.isDone()) {
                    client.get(); // a client that stopped before the kill: its failure is the test's
                    throw new AssertionError("a client stopped before the kill; " + run.output());
                }
            }
            run.killTree();
            for (Future<?> client : running) {
                client.get(60, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private void sendOne(ApiClient api, String key, int client, int crash, int i, Random random,
            AtomicInteger acks) {
        Map<String, Object> body = event(client, crash * 100_000 + i, concerns(client, random));
        String idempotencyKey = null;
        if (random.nextBoolean()) {
            idempotencyKey = "c" + client + "-" + crash + "-" + i;
            keyed.put(idempotencyKey, new Keyed(idempotencyKey, body, null));
        }
        Reply answer = api.as(key).post("/v1/events", body, idempotencyKey);
        if (answer.status() == 201) {
            record(answer.body(), acks);
            if (idempotencyKey != null) {
                keyed.put(idempotencyKey, new Keyed(idempotencyKey, body, answer.body().path("id").asText()));
            }
        }
    }

    private void sendBatch(ApiClient api, String key, int client, int crash, int i, Random random,
            AtomicInteger acks) {
        List<Map<String, Object>> items = new ArrayList<>();
        int size = 2 + random.nextInt(20);
        for (int item = 0; item < size; item++) {
            items.add(event(client, crash * 100_000 + i * 100 + item, concerns(client, random)));
        }
        Reply answer = api.as(key).post("/v1/events/batch", Map.of("events", items), null);
        if (answer.status() == 200) {
            for (JsonNode result : answer.body().path("results")) {
                assertEquals(201, result.path("status").asInt(), result.toString());
                record(result.path("event"), acks);
            }
        }
    }

    private static Map<String, Object> event(int client, int n, List<String> concerns) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE);
        body.put("concerns", concerns);
        body.put("metaData", Map.of("client", client, "n", n));
        return body;
    }

    /** Its own object, a shared one, or both. */
    private static List<String> concerns(int client, Random random) {
        String shared = SHARED.get(random.nextInt(SHARED.size()));
        return switch (random.nextInt(3)) {
            case 0 -> List.of(own(client));
            case 1 -> List.of(shared);
            default -> List.of(own(client), shared);
        };
    }

    private void record(JsonNode event, AtomicInteger acks) {
        for (JsonNode pin : event.path("pins")) {
            String previous = acknowledged.computeIfAbsent(pin.path("objectId").asText(), o -> new ConcurrentHashMap<>())
                    .put(pin.path("seq").asInt(), event.path("id").asText());
            assertTrue(previous == null || previous.equals(event.path("id").asText()),
                    "two events acknowledged at " + pin + ": " + previous + " and " + event.path("id"));
        }
        acks.incrementAndGet();
    }

    /** Sends every keyed event again: an answered key must give its first event, an unanswered one lands now. */
    private void resendKeys(ApiClient api, String key) {
        for (Keyed sent : List.copyOf(keyed.values())) {
            Reply answer = api.as(key).post("/v1/events", sent.body(), sent.key());
            assertEquals(201, answer.status(), "resent " + sent.key() + ": " + answer.body());
            String id = answer.body().path("id").asText();
            if (sent.eventId() != null) {
                assertEquals(sent.eventId(), id, "key " + sent.key() + " answered another event after the restart");
            } else {
                record(answer.body(), new AtomicInteger());
                keyed.put(sent.key(), new Keyed(sent.key(), sent.body(), id));
            }
        }
    }

    private void assertHistories(ApiClient api, String key, String when) {
        Map<String, Integer> keyedEventsSeen = new HashMap<>();
        for (String object : allObjects()) {
            List<String> history = editLog(api, key, object);
            for (int seq = 1; seq <= history.size(); seq++) {
                assertTrue(history.get(seq - 1) != null, object + " has no event at seq " + seq + " " + when);
            }
            Map<Integer, String> expected = acknowledged.getOrDefault(object, Map.of());
            for (Map.Entry<Integer, String> ack : expected.entrySet()) {
                assertTrue(ack.getKey() <= history.size(), object + " lost acknowledged seq " + ack.getKey()
                        + " (" + ack.getValue() + "); its history has " + history.size() + " events " + when);
                assertEquals(ack.getValue(), history.get(ack.getKey() - 1),
                        object + " seq " + ack.getKey() + " holds another event " + when);
            }
            history.forEach(id -> keyedEventsSeen.merge(object + "/" + id, 1, Integer::sum));
        }
        for (Keyed sent : keyed.values()) {
            for (Object object : (List<?>) sent.body().get("concerns")) {
                assertEquals(1, keyedEventsSeen.getOrDefault(object + "/" + sent.eventId(), 0),
                        "key " + sent.key() + " on " + object + " " + when);
            }
        }
    }

    private static List<String> allObjects() {
        List<String> objects = new ArrayList<>(SHARED);
        for (int client = 0; client < CLIENTS; client++) {
            objects.add(own(client));
        }
        return objects;
    }

    /** The object's event ids in seq order; the seqs must run 1, 2, 3, … across pages. */
    private static List<String> editLog(ApiClient api, String key, String object) {
        List<String> ids = new ArrayList<>();
        int after = 0;
        while (true) {
            JsonNode page = api.as(key).get("/v1/objects/" + object + "/events?after=" + after + "&limit=1000")
                    .expect(200);
            for (JsonNode event : page.path("events")) {
                assertEquals(ids.size() + 1, event.path("seq").asInt(), object + " skips or repeats a seq");
                ids.add(event.path("id").asText());
            }
            if (page.path("next").isNull() || page.path("next").isMissingNode()) {
                return ids;
            }
            after = page.path("next").asInt();
        }
    }

    private static String own(int client) {
        return "own-" + client;
    }
}
