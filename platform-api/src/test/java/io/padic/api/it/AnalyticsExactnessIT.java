package io.padic.api.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.api.it.AnalyticsRecount.EventLine;
import io.padic.api.it.AnalyticsRecount.Figures;
import io.padic.api.it.AnalyticsRecount.Sent;
import io.padic.testkit.ApiClient;
import io.padic.testkit.Project;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
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
 * Analytics are exact (docs/design.md#analytics), as a property: random histories sent through two processes that
 * share one store (several object types, events of several objects, occurredAt spread over ten weeks that hold the
 * DST changes of London and New York, batches, retries with an Idempotency-Key through the other process, hides)
 * give, once both processes have flushed, the overview, active and retention figures that a brute-force recount of
 * the sent events gives ({@link AnalyticsRecount}), in the project's time zone and a random interval and range.
 */
class AnalyticsExactnessIT {

    private static final Map<String, String> OBJECTS = new LinkedHashMap<>();
    private static final List<String> EVENT_TYPES = List.of("signup", "login", "order.placed", "item.viewed");
    private static final Instant FIRST = Instant.parse("2026-02-20T00:00:00Z");
    private static final long SPREAD_SECONDS = Duration.ofDays(70).toSeconds();
    private static final Duration CONVERGENCE = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(100);

    static {
        for (String id : List.of("u1", "u2", "u3", "u4")) {
            OBJECTS.put(id, "User");
        }
        for (String id : List.of("o1", "o2", "o3")) {
            OBJECTS.put(id, "Order");
        }
        OBJECTS.put("d1", "Device");
    }

    private static Backends backends;
    private static List<AppProcess> processes;
    private static List<ApiClient> apps;

    @BeforeContainer
    static void start() {
        backends = Backends.start();
        // Flushes every 100 ms; a time zone set through one process is seen by the other's flusher at once.
        Map<String, String> env = Map.of("PADIC_ANALYTICS_FLUSH_EVERY", "PT0.1S",
                "PADIC_CACHE_CONTROL_PLANE_STALENESS", "PT0S");
        processes = AppProcess.startTogether(List.of(new AppProcess.Spec("analytics-1", backends, env),
                new AppProcess.Spec("analytics-2", backends, env)));
        apps = processes.stream().map(app -> ApiClient.to(app.uri())).toList();
    }

    @AfterContainer
    static void stop() {
        if (processes != null) {
            processes.forEach(AppProcess::close);
        }
        if (backends != null) {
            backends.close();
        }
    }

    /** One event: type, objects (first one first), seconds after {@link #FIRST} (null: no occurredAt). */
    record Event(String type, List<String> concerns, Long second) {

        Map<String, Object> body() {
            Map<String, Object> body = new HashMap<>(Map.of("type", type, "concerns", concerns));
            if (second != null) {
                body.put("occurredAt", FIRST.plusSeconds(second).toString());
            }
            return body;
        }
    }

    sealed interface Op permits Single, Batch, Hide {
    }

    /** One event through a process; keyed: with an Idempotency-Key, and sent again through the other process. */
    record Single(Event event, int process, boolean keyed) implements Op {
    }

    record Batch(List<Event> events, int process) implements Op {
    }

    /** Hides the {@code pick}-th event sent so far (modulo their number). */
    record Hide(int pick, int process) implements Op {
    }

    /** What a try does besides its history: the zone, interval and range asked for. */
    record Question(String zone, String interval, int fromDay, int days) {
    }

    @Provide
    Arbitrary<List<Op>> histories() {
        Arbitrary<List<String>> concerns = Arbitraries.of(new ArrayList<>(OBJECTS.keySet())).list().uniqueElements()
                .ofMinSize(1).ofMaxSize(3);
        Arbitrary<Long> second = Arbitraries.longs().between(0, SPREAD_SECONDS).injectNull(0.1);
        Arbitrary<Event> event = Combinators.combine(Arbitraries.of(EVENT_TYPES), concerns, second).as(Event::new);
        Arbitrary<Integer> process = Arbitraries.integers().between(0, 1);
        Arbitrary<Op> single = Combinators.combine(event, process, Arbitraries.of(false, false, true))
                .as(Single::new);
        Arbitrary<Op> batch = Combinators.combine(event.list().ofMinSize(1).ofMaxSize(6), process).as(Batch::new);
        Arbitrary<Op> hide = Combinators.combine(Arbitraries.integers().between(0, 1000), process).as(Hide::new);
        return Arbitraries.frequencyOf(Tuple.of(6, single), Tuple.of(2, batch), Tuple.of(1, hide)).list()
                .ofMinSize(5).ofMaxSize(40);
    }

    @Provide
    Arbitrary<Question> questions() {
        return Combinators.combine(Arbitraries.of("UTC", "Europe/London", "America/New_York"),
                Arbitraries.of("hour", "day", "week", "month"), Arbitraries.integers().between(-7, 60),
                Arbitraries.integers().between(1, 80)).as(Question::new);
    }

    @Property(tries = 12, edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(ReplayableSeed.class)
    void overviewActiveAndRetentionEqualABruteForceRecount(@ForAll("histories") List<Op> history,
            @ForAll("questions") Question question) {
        Project project = apps.getFirst().newProjectTakingAnyType("IT analytics");
        List<ApiClient> keyed = apps.stream().map(app -> app.as(project.key())).toList();
        ApiClient member = apps.get(1).as(project.token());
        member.call("PATCH", "/v1/projects/" + project.id(), Map.of("timeZone", question.zone()), null).expect(200);
        OBJECTS.forEach((id, type) -> keyed.getFirst().createObjects(type, id));

        List<Sent> sent = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Op op : history) {
            switch (op) {
                case Single s -> {
                    String key = s.keyed() ? UUID.randomUUID().toString() : null;
                    JsonNode answer = keyed.get(s.process()).post("/v1/events", s.event().body(), key).expect(201);
                    if (key != null) {
                        keyed.get(1 - s.process()).post("/v1/events", s.event().body(), key).expect(201);
                    }
                    record(s.event(), answer, sent, ids);
                }
                case Batch b -> {
                    JsonNode answer = keyed.get(b.process()).post("/v1/events/batch",
                            Map.of("events", b.events().stream().map(Event::body).toList()), null).expect(200);
                    for (int i = 0; i < b.events().size(); i++) {
                        JsonNode item = answer.path("results").get(i);
                        assertEquals(201, item.path("status").asInt(), item.toString());
                        record(b.events().get(i), item.path("event"), sent, ids);
                    }
                }
                case Hide h -> {
                    if (!ids.isEmpty()) {
                        String target = ids.get(h.pick() % ids.size());
                        int status = keyed.get(h.process()).post("/v1/events/" + target + "/hide", Map.of(), null)
                                .status();
                        assertEquals(true, status == 201 || status == 200, "hide answered " + status);
                    }
                }
            }
        }

        ZoneId zone = ZoneId.of(question.zone());
        LocalDate from = LocalDate.ofInstant(FIRST, zone).plusDays(question.fromDay());
        // At most 400 cohorts per retention answer: 16 days of hours.
        LocalDate to = from.plusDays(question.interval().equals("hour") ? Math.min(question.days(), 16)
                : question.days());
        Figures expected = new AnalyticsRecount(zone, question.interval()).figures(OBJECTS, sent, from, to);
        String range = "from=" + from + "&to=" + to + "&interval=" + question.interval();
        await().atMost(CONVERGENCE).pollInterval(POLL).untilAsserted(() -> assertEquals(expected,
                read(member, project.id(), range, new HashSet<>(OBJECTS.values())),
                "figures for " + question + " after " + sent.size() + " events"));
    }

    private static void record(Event event, JsonNode stored, List<Sent> sent, List<String> ids) {
        Instant time = event.second() != null ? FIRST.plusSeconds(event.second())
                : Instant.parse(stored.path("createdAt").asText());
        sent.add(new Sent(event.type(), event.concerns(), time));
        ids.add(stored.path("id").asText());
    }

    /** The routes' answers in the recount's shape. */
    static Figures read(ApiClient member, String projectId, String range, Iterable<String> objectTypes) {
        String base = "/v1/projects/" + projectId + "/analytics/";
        JsonNode overview = member.get(base + "overview?" + range).expect(200);
        List<String> buckets = new ArrayList<>();
        overview.path("buckets").forEach(b -> buckets.add(b.asText()));
        List<EventLine> lines = new ArrayList<>();
        for (JsonNode line : overview.path("eventTypes")) {
            lines.add(new EventLine(line.path("name").asText(), longs(line.path("counts")), line.path("total").asLong(),
                    line.path("previousTotal").asLong()));
        }
        Map<String, List<Long>> objectEvents = new TreeMap<>();
        Map<String, List<Long>> created = new TreeMap<>();
        for (JsonNode type : overview.path("objectTypes")) {
            AnalyticsRecount.putNonZero(objectEvents, type.path("name").asText(), longs(type.path("events")));
            AnalyticsRecount.putNonZero(created, type.path("name").asText(), longs(type.path("created")));
        }
        Map<String, Map<String, List<Long>>> active = new TreeMap<>();
        Map<String, List<List<Long>>> retention = new TreeMap<>();
        for (String type : objectTypes) {
            JsonNode answer = member.get(base + "active?objectType=" + type + "&" + range).expect(200);
            Map<String, List<Long>> figures = new TreeMap<>();
            for (String figure : List.of("active", "new", "returning", "resurrected", "dormant")) {
                figures.put(figure, longs(answer.path(figure)));
            }
            active.put(type, figures);
            List<List<Long>> cohorts = new ArrayList<>();
            for (JsonNode cohort : member.get(base + "retention?objectType=" + type + "&" + range).expect(200)
                    .path("cohorts")) {
                List<Long> retained = longs(cohort.path("retained"));
                assertEquals(retained.getFirst(), cohort.path("size").asLong(), "a cohort's size is retained[0]");
                cohorts.add(retained);
            }
            retention.put(type, cohorts);
        }
        return new Figures(buckets, lines, strings(overview.path("newEventTypes")),
                strings(overview.path("goneEventTypes")), objectEvents, created, active, retention);
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asLong()));
        return out;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new HashSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
