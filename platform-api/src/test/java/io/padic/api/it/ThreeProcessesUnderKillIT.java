package io.padic.api.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.padic.api.it.ClientsUnderKill.Ack;
import io.padic.api.it.ClientsUnderKill.HideAck;
import io.padic.api.it.ClientsUnderKill.Read;
import io.padic.api.it.ClientsUnderKill.Sent;
import io.padic.testkit.ApiClient;
import io.padic.testkit.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three platform-api processes on one on-disk store and one Redis Cluster, under clients that spread single events,
 * batches, multi-object events, hides and reads over all three for a minute while a process is killed with SIGKILL
 * and replaced three times (issue 18, point 3). Afterwards the invariants (docs/design.md#invariants) hold: every
 * object's history is gap-free (I1), every acknowledged event is in it at the seqs its answer named (I2), every
 * Idempotency-Key and every event is stored once, also when its request was sent again to another process after the
 * first one died under it (I3), and every state a read returned equals a recount of the events up to its seq (I4).
 * A client may only see connections to the killed process fail; any other failure, any 5xx and any wrong answer
 * fails the test. The figures go to stdout and {@code target/it-logs/three-processes-figures.txt}.
 */
class ThreeProcessesUnderKillIT {

    private static final int CLIENTS = 6;
    private static final Duration LOAD = Duration.ofSeconds(62);
    /** When each kill comes, from the start of the load; kill k hits slot k. */
    private static final List<Duration> KILLS = List.of(Duration.ofSeconds(6), Duration.ofSeconds(24),
            Duration.ofSeconds(42));
    /** The load goes on at least this long after the last restart, for clients to find the new process. */
    private static final Duration AFTER_LAST_RESTART = Duration.ofSeconds(4);
    private static final Map<String, String> ENV = Map.of(
            // Snapshots every 10 seqs, so reads start from snapshots as well as from cached states and seq 0.
            "PADIC_SNAPSHOTS_EVERY", "10",
            // The sweep finishes what a killed writer left of an event nobody sends again, soon enough to check.
            "PADIC_REPAIR_EVERY", "1s", "PADIC_REPAIR_DELAY", "1s", "PADIC_REPAIR_GRACE", "PT3S");
    private static final Path FIGURES = Path.of("target", "it-logs", "three-processes-figures.txt");

    @Test
    void invariantsHoldWhileOneOfThreeProcessesIsKilledAndRestartedThreeTimes(@TempDir Path dataDir)
            throws Exception {
        long began = System.nanoTime();
        StringBuilder figures = new StringBuilder("Three platform-api processes under kill -9"
                + " (ThreeProcessesUnderKillIT)\n");
        try (Backends backends = Backends.startOnDiskWithRedisCluster(dataDir);
                ThreeProcesses processes = ThreeProcesses.start(backends, ENV)) {
            // Only slot 0 sees the project before the load: the others read its event types when they first
            // need them, already declared.
            ApiClient api = ApiClient.to(processes.uri(0));
            Project project = api.newProjectTakingAnyType("IT three processes");
            api.declareEventType(project.owner(), project.id(), "Add",
                    Map.of("applyEvent", ClientsUnderKill.ADD_REDUCER));
            api.as(project.key()).createObjects("Thing", ClientsUnderKill.OBJECTS.toArray(String[]::new));
            figures.append(String.format("set-up (store, Redis Cluster, 3 processes, project): %.1f s%n",
                    seconds(System.nanoTime() - began)));

            ClientsUnderKill clients = new ClientsUnderKill(processes, project.key());
            try {
                runLoad(processes, clients, figures);
                // Clients found each restarted process at its new address; states were cached in the cluster.
                for (String name : processes.names()) {
                    assertTrue(clients.answeredBy.get(name) > 0, name + " answered clients");
                }
                Map<Integer, Long> keys = backends.redisCluster().keysPerMaster();
                figures.append("Redis keys per master at the end: ").append(keys).append('\n');
                assertTrue(keys.values().stream().mapToLong(Long::longValue).sum() > 0, "the cluster holds states");

                long checking = System.nanoTime();
                ApiClient reader = ApiClient.to(processes.uri(0)).as(project.key());
                check(project, clients, new RawStore(backends.store()), reader, figures);
                figures.append(String.format("checks: %.1f s%n", seconds(System.nanoTime() - checking)));
            } finally {
                clients.closeClients();
                figures.append(String.format("total: %.1f s%n", seconds(System.nanoTime() - began)));
                report(figures);
            }
        }
    }

    /** The clients for {@link #LOAD}, and meanwhile the three kills and restarts. */
    private static void runLoad(ThreeProcesses processes, ClientsUnderKill clients, StringBuilder figures)
            throws Exception {
        long start = System.nanoTime();
        List<String> recoveries = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                running.add(threads.submit(() -> clients.run(client)));
            }
            try {
                for (int k = 0; k < KILLS.size(); k++) {
                    sleepUntil(start + KILLS.get(k).toNanos());
                    Duration recovery = processes.killAndRestart(k, "three-" + k + "-restarted");
                    recoveries.add(String.format("  kill %d (slot %d at %.1f s): %.1f s%n", k + 1, k,
                            seconds(System.nanoTime() - start - recovery.toNanos()), seconds(recovery.toNanos())));
                }
                sleepUntil(Math.max(start + LOAD.toNanos(), System.nanoTime() + AFTER_LAST_RESTART.toNanos()));
            } finally {
                clients.stop();
            }
            for (Future<?> client : running) {
                client.get(60, TimeUnit.SECONDS);
            }
        }
        figures.append(String.format("load: %.1f s, %d client threads over 3 processes%n",
                seconds(System.nanoTime() - start), CLIENTS));
        figures.append("requests (by kind, and attempts by slot):\n").append(clients.requests.lines("  "))
                .append('\n');
        figures.append("answers by process:\n").append(clients.answeredBy.lines("  ")).append('\n');
        figures.append("errors clients saw:\n").append(clients.errors.lines("  ")).append('\n');
        figures.append("recovery (SIGKILL to the restarted process ready):\n");
        recoveries.forEach(figures::append);
        figures.append(String.format("acknowledged: %d events (%d of them after a resend to another process),"
                + " %d hides; %d reads%n", clients.acks.size(), clients.resent.size(), clients.hides.size(),
                clients.reads.size()));
    }

    /** Where an event is in one object's edit log. */
    private record Placed(String objectId, long seq, String eventId) {
    }

    private static void check(Project project, ClientsUnderKill clients, RawStore store, ApiClient reader,
            StringBuilder figures) {
        assertEquals(List.of(), clients.problems.stream().limit(20).toList(),
                "no client saw an error other than a failed connection to the killed process");
        await("the repair sweep finishes what the killed writers left").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> store.pendingCount() == 0);

        // I1: each log is 1..head without gap, as the object's read and its document in the store say.
        Map<String, EditLog> logs = new LinkedHashMap<>();
        for (String objectId : ClientsUnderKill.OBJECTS) {
            EditLog log = EditLog.read(reader, objectId, 1000).assertGapFreeAndOrdered();
            assertEquals(log.events().size(), reader.get("/v1/objects/" + objectId).expect(200).path("seq").asLong(),
                    objectId + "'s seq as read");
            assertEquals(log.events().size(), store.head(project.id(), objectId), objectId + "'s head in the store");
            logs.put(objectId, log);
        }

        // Every logged event is one a client sent, as it sent it, in each object it concerns once and only there.
        Map<String, List<Placed>> placedByOp = new HashMap<>();
        Map<String, List<Placed>> hidesLogged = new HashMap<>();
        logs.forEach((objectId, log) -> {
            for (JsonNode event : log.events()) {
                Placed placed = new Placed(objectId, event.path("seq").asLong(), event.path("id").asText());
                if (event.path("type").asText().equals("$hide")) {
                    hidesLogged.computeIfAbsent(placed.eventId(), id -> new ArrayList<>()).add(placed);
                    continue;
                }
                String op = event.path("metaData").path("op").asText();
                Sent sent = clients.sent.get(op);
                assertTrue(sent != null, "an event no client sent: " + event);
                assertEquals(sent.type(), event.path("type").asText(), "type of " + op);
                assertEquals(ApiClient.JSON.valueToTree(sent.metaData()), event.path("metaData"), "metaData of " + op);
                assertEquals(ApiClient.JSON.valueToTree(sent.concerns()), event.path("concerns"), "concerns of " + op);
                placedByOp.computeIfAbsent(op, o -> new ArrayList<>()).add(placed);
            }
        });
        placedByOp.forEach((op, places) -> {
            Set<String> ids = new HashSet<>(places.stream().map(Placed::eventId).toList());
            assertEquals(1, ids.size(), op + " is one event: " + places);
            assertEquals(new HashSet<>(clients.sent.get(op).concerns()),
                    new HashSet<>(places.stream().map(Placed::objectId).toList()),
                    op + " is pinned to each object it concerns");
            assertEquals(clients.sent.get(op).concerns().size(), places.size(), op + " once per object: " + places);
        });

        // I2: every acknowledged event (and hide) is where its answer put it.
        Map<String, Ack> acked = new HashMap<>();
        for (Ack ack : clients.acks) {
            acked.put(ack.sent().op(), ack);
            ack.pins().forEach((objectId, seq) -> assertEquals(ack.eventId(),
                    logs.get(objectId).events().get((int) (seq - 1)).path("id").asText(),
                    "acknowledged " + ack.sent().op() + " at seq " + seq + " of " + objectId));
            assertEquals(new HashSet<>(ack.sent().concerns()), ack.pins().keySet(), "pins of " + ack.sent().op());
        }
        Set<String> hideIds = new HashSet<>();
        for (HideAck hide : clients.hides) {
            hideIds.add(hide.eventId());
            hide.pins().forEach((objectId, seq) -> {
                JsonNode logged = logs.get(objectId).events().get((int) (seq - 1));
                assertEquals(hide.eventId(), logged.path("id").asText(),
                        "hide of " + hide.target() + " on " + objectId);
                assertEquals(hide.target(), logged.path("metaData").path("target").asText());
            });
            assertEquals(hide.pins().size(), hidesLogged.get(hide.eventId()).size(), "hide once per object");
        }
        assertEquals(hideIds, hidesLogged.keySet(), "every $hide logged is one a client acknowledged");

        // I3: every keyed write was answered in the end, its key names its one event, stored once.
        long unkeyedStored = 0;
        long unkeyedLost = 0;
        for (Sent sent : clients.sent.values()) {
            Ack ack = acked.get(sent.op());
            if (sent.key() != null) {
                assertTrue(ack != null, "keyed " + sent.op() + " was answered, through one process or another");
                assertEquals(ack.eventId(), store.idempotentEventId(project.id(), sent.key()), "key of " + sent.op());
            } else if (ack == null) {
                if (placedByOp.containsKey(sent.op())) {
                    unkeyedStored++;
                } else {
                    unkeyedLost++;
                }
            }
        }

        // I4: every state read equals the recount of the object's events up to the seq it was read at.
        int pastReads = 0;
        int throughHides = 0;
        for (Read read : clients.reads) {
            List<JsonNode> events = logs.get(read.objectId()).events();
            assertTrue(read.seq() <= events.size(), read.request() + " read seq " + read.seq());
            List<JsonNode> folded = events.subList(0, (int) read.seq());
            assertEquals(recount(folded, clients.sent), read.state(), read.request() + " at seq " + read.seq());
            pastReads += read.request().contains("seq=") ? 1 : 0;
            throughHides += folded.stream().anyMatch(e -> e.path("type").asText().equals("$hide")) ? 1 : 0;
        }
        figures.append(String.format("in the logs: %d events, %d hides; unacknowledged events without keys cut by a"
                + " kill: %d stored whole, %d not stored%n", placedByOp.size(), hidesLogged.size(), unkeyedStored,
                unkeyedLost));
        figures.append(String.format("reads equal to the recount: %d (%d of the past, %d with hides among the events"
                + " folded)%n", clients.reads.size(), pastReads, throughHides));
        assertTrue(clients.resent.size() > 0, "some keyed write was sent again to another process");
    }

    /**
     * The state after {@code events}, counted here without the product: hidden events and hides skipped, each Add
     * adds its {@code k} to {@code sum} and one to {@code adds}, each Mark sets {@code op} and {@code m}.
     */
    private static ObjectNode recount(List<JsonNode> events, Map<String, Sent> sent) {
        Set<String> hidden = new HashSet<>();
        events.stream().filter(e -> e.path("type").asText().equals("$hide"))
                .forEach(e -> hidden.add(e.path("metaData").path("target").asText()));
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        for (JsonNode event : events) {
            if (event.path("type").asText().equals("$hide") || hidden.contains(event.path("id").asText())) {
                continue;
            }
            Map<String, Object> metaData = sent.get(event.path("metaData").path("op").asText()).metaData();
            if (event.path("type").asText().equals("Add")) {
                state.put("sum", state.path("sum").asInt(0) + (Integer) metaData.get("k"));
                state.put("adds", state.path("adds").asInt(0) + 1);
            } else {
                state.put("op", (String) metaData.get("op"));
                state.put("m", (Integer) metaData.get("m"));
            }
        }
        return state;
    }

    private static void report(StringBuilder figures) throws IOException {
        System.out.print(figures);
        Files.createDirectories(FIGURES.getParent());
        Files.writeString(FIGURES, figures);
    }

    private static void sleepUntil(long nanoTime) {
        while (System.nanoTime() < nanoTime) {
            LockSupport.parkNanos(Math.min(nanoTime - System.nanoTime(), Duration.ofMillis(100).toNanos()));
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
