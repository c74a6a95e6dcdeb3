package io.padic.api.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.testkit.ApiClient;
import io.padic.testkit.Project;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Group commit (docs/design.md#group-commit), as a property across two processes sharing one store and one Redis: for
 * random sets of clients sending single events at once (to either process, on a few shared objects, some with an
 * Idempotency-Key, some sent twice at once through both processes, some retried through the other process, some on
 * two objects), every request is answered 201 and
 * <ul>
 * <li>I1: every object's events are seqs 1..n with no gap, createdAt never going back, each client's events in the
 * order it sent them;</li>
 * <li>I2 and I4: right after each answer, a read of each object it was pinned to, through the other process, is at
 * least at its seq; in the end each object's log, read through both processes, holds exactly the acknowledged
 * events, each once;</li>
 * <li>I3: requests with the same key got the same event and seqs, and that event is stored once.</li>
 * </ul>
 * After the tries, the processes' metrics must show groups of more than one event: the property held while groups
 * were being written, not around them. The seed is printed first; {@code -Dpadic.cacheTruth.seed=<seed>} replays it
 * (ReplayableSeed).
 */
class GroupCommitIT {

    private static final List<String> OBJECTS = List.of("g0", "g1", "g2", "g3");
    private static final Pattern GROUPS = Pattern.compile(
            "(?m)^padic_ingest_group_events_(count|sum)(?:\\{[^}]*\\})? ([0-9.E+]+)$");

    private static Backends backends;
    private static List<AppProcess> processes;
    private static List<ApiClient> apps;
    private static ExecutorService threads;

    /** One request of a client: its objects, the process it goes to, and what else happens to it. */
    record Send(List<Integer> objects, int process, boolean keyed, boolean twin, boolean retried) {
    }

    @BeforeContainer
    static void start() {
        backends = Backends.start();
        processes = AppProcess.startTogether(List.of(new AppProcess.Spec("group-1", backends, Map.of()),
                new AppProcess.Spec("group-2", backends, Map.of())));
        apps = processes.stream().map(p -> ApiClient.to(p.uri())).toList();
        threads = Executors.newVirtualThreadPerTaskExecutor();
    }

    @AfterContainer
    static void groupsWereWrittenAndStop() throws Exception {
        try {
            double events = 0;
            double groups = 0;
            for (AppProcess process : processes) {
                Map<String, Double> figures = groupFigures(process.managementUrl());
                events += figures.getOrDefault("sum", 0.0);
                groups += figures.getOrDefault("count", 0.0);
            }
            assertTrue(events > groups, "single events were written in groups of more than one: " + events
                    + " events in " + groups + " groups");
        } finally {
            if (threads != null) {
                threads.shutdownNow();
            }
            if (processes != null) {
                processes.forEach(AppProcess::close);
            }
            if (backends != null) {
                backends.close();
            }
        }
    }

    @Provide
    Arbitrary<List<List<Send>>> clients() {
        Arbitrary<List<Integer>> objects = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0, OBJECTS.size() - 1).map(List::of)),
                Tuple.of(1, Arbitraries.integers().between(0, OBJECTS.size() - 1).set().ofSize(2)
                        .map(ArrayList::new)));
        Arbitrary<Send> send = Combinators.combine(objects, Arbitraries.integers().between(0, 1),
                Arbitraries.of(false, true), Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 9))
                .as((o, process, keyed, twin, retried) -> new Send(o, process, keyed, keyed && twin < 2,
                        keyed && retried < 2));
        return send.list().ofMinSize(3).ofMaxSize(12).list().ofMinSize(4).ofMaxSize(12);
    }

    @Property(tries = 10, edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(ReplayableSeed.class)
    void concurrentSingleEventsKeepI1ToI4(@ForAll("clients") List<List<Send>> clients) throws Exception {
        Project project = apps.get(0).newProjectTakingAnyType("Groups");
        apps.get(0).as(project.key()).createObjects("Thing", OBJECTS.toArray(String[]::new));
        String run = Long.toString(System.nanoTime(), 36);
        Map<String, List<JsonNode>> answersByKey = new ConcurrentHashMap<>();
        CountDownLatch go = new CountDownLatch(1);

        List<Future<List<JsonNode>>> running = new ArrayList<>();
        for (int c = 0; c < clients.size(); c++) {
            int client = c;
            List<Send> sends = clients.get(c);
            running.add(threads.submit(() -> {
                go.await();
                List<JsonNode> acked = new ArrayList<>();
                for (int i = 0; i < sends.size(); i++) {
                    Send send = sends.get(i);
                    String key = send.keyed() ? run + "-" + client + "-" + i : null;
                    List<String> concerns = send.objects().stream().map(OBJECTS::get).toList();
                    Map<String, Object> metaData = Map.of("client", client, "i", i);
                    Callable<JsonNode> attempt = () -> post(project, send.process(), concerns, metaData, key);
                    JsonNode answer;
                    if (send.twin()) {
                        // The same request through the other process at the same moment.
                        Future<JsonNode> other = threads.submit(
                                () -> post(project, 1 - send.process(), concerns, metaData, key));
                        answer = attempt.call();
                        answersByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(other.get(60, TimeUnit.SECONDS));
                    } else {
                        answer = attempt.call();
                    }
                    if (key != null) {
                        answersByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(answer);
                    }
                    // Read-your-writes through the other process.
                    for (JsonNode pin : answer.path("pins")) {
                        long seq = apps.get(1 - send.process()).as(project.key())
                                .readObject(pin.path("objectId").asText(), null).expect(200).path("seq").asLong();
                        assertTrue(seq >= pin.path("seq").asLong(), "a read through the other process right after "
                                + answer + " answered seq " + seq);
                    }
                    if (send.retried()) {
                        answersByKey.get(key).add(post(project, 1 - send.process(), concerns, metaData, key));
                    }
                    acked.add(answer);
                }
                return acked;
            }));
        }
        go.countDown();
        List<List<JsonNode>> ackedByClient = new ArrayList<>();
        for (Future<List<JsonNode>> client : running) {
            ackedByClient.add(client.get(120, TimeUnit.SECONDS));
        }

        answersByKey.forEach((key, answers) -> {
            for (JsonNode answer : answers) {
                assertEquals(answers.get(0), answer, "every request with key " + key + " got the first answer");
            }
        });
        Map<String, Set<String>> ackedOn = new HashMap<>();
        for (List<JsonNode> acked : ackedByClient) {
            for (JsonNode answer : acked) {
                for (JsonNode pin : answer.path("pins")) {
                    ackedOn.computeIfAbsent(pin.path("objectId").asText(), o -> new HashSet<>())
                            .add(answer.path("id").asText());
                }
            }
        }
        for (String objectId : OBJECTS) {
            EditLog log = EditLog.read(apps.get(0).as(project.key()), objectId, 500).assertGapFreeAndOrdered();
            assertEquals(log.events(), EditLog.read(apps.get(1).as(project.key()), objectId, 500).events(),
                    objectId + ": both processes read the same log");
            assertEquals(log.ids().size(), new HashSet<>(log.ids()).size(), objectId + " holds each event once");
            assertEquals(ackedOn.getOrDefault(objectId, Set.of()), new HashSet<>(log.ids()),
                    objectId + " holds exactly the acknowledged events");
            for (int c = 0; c < clients.size(); c++) {
                int client = c;
                List<Integer> order = log.events().stream()
                        .filter(e -> e.path("metaData").path("client").asInt(-1) == client)
                        .map(e -> e.path("metaData").path("i").asInt()).toList();
                assertEquals(order.stream().sorted().toList(), order,
                        "client " + client + "'s events on " + objectId + " in the order it sent them");
            }
            for (List<JsonNode> acked : ackedByClient) {
                for (JsonNode answer : acked) {
                    for (JsonNode pin : answer.path("pins")) {
                        if (pin.path("objectId").asText().equals(objectId)) {
                            assertEquals(pin.path("seq").asLong(), log.seqOf(answer.path("id").asText()),
                                    "the answer " + answer + " names the event's seq in " + objectId + "'s log");
                        }
                    }
                }
            }
        }
    }

    private static JsonNode post(Project project, int process, List<String> concerns, Map<String, Object> metaData,
            String key) {
        Object target = concerns.size() == 1 ? concerns.get(0) : concerns;
        return apps.get(process).as(project.key()).sendEvent("Tick", target, metaData, key).expect(201);
    }

    private static Map<String, Double> groupFigures(String managementUrl) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String metrics = http.send(HttpRequest.newBuilder(URI.create(managementUrl + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Map<String, Double> figures = new HashMap<>();
            Matcher m = GROUPS.matcher(metrics);
            while (m.find()) {
                figures.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
            }
            return figures;
        }
    }
}
