package io.padic.api.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.api.it.AnalyticsRecount.EventLine;
import io.padic.api.it.AnalyticsRecount.Figures;
import io.padic.api.it.AnalyticsRecount.Funnel;
import io.padic.api.it.AnalyticsRecount.FunnelStep;
import io.padic.api.it.AnalyticsRecount.Lifecycle;
import io.padic.api.it.AnalyticsRecount.Sent;
import io.padic.api.it.AnalyticsRecount.Start;
import io.padic.api.it.AnalyticsRecount.Times;
import io.padic.api.it.AnalyticsRecount.Transition;
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
import java.util.TreeSet;
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
 * give, once both processes have flushed, the overview, active, retention, lifecycle and funnel figures that a
 * brute-force recount of the sent events gives ({@link AnalyticsRecount}), in the project's time zone and a random
 * interval and range (lifecycle and funnel: a range of instants, random steps and window); and the same figures
 * again after a rebuild.
 */
class AnalyticsExactnessIT {

    private static final Map<String, String> OBJECTS = new LinkedHashMap<>();
    private static final List<String> EVENT_TYPES = List.of("signup", "login", "order.placed", "item.viewed");
    private static final Instant FIRST = Instant.parse("2026-02-20T00:00:00Z");
    private static final long SPREAD_SECONDS = Duration.ofDays(70).toSeconds();
    private static final Duration CONVERGENCE = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(100);
    /** A rebuild recounts a few dozen events of eight objects; this is far more than it takes. */
    private static final Duration REBUILD = Duration.ofSeconds(60);

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

    /**
     * What a try does besides its history: the zone, interval and range asked for; for lifecycle and funnel the
     * range starts {@code startMinute} later and ends {@code endMinute} earlier (instants: the lifecycle rounds
     * them to whole hours, the funnel takes them as they are), and the funnel's steps and window.
     */
    record Question(String zone, String interval, int fromDay, int days, int startMinute, int endMinute,
            List<String> steps, long windowSeconds) {

        Duration window() {
            return Duration.ofSeconds(windowSeconds);
        }
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
        Arbitrary<Integer> minutes = Arbitraries.integers().between(0, 600);
        Arbitrary<List<String>> steps = Arbitraries.of(EVENT_TYPES).list().uniqueElements().ofMinSize(1)
                .ofMaxSize(EVENT_TYPES.size());
        Arbitrary<Long> window = Arbitraries.oneOf(Arbitraries.longs().between(1, Duration.ofDays(1).toSeconds()),
                Arbitraries.longs().between(1, Duration.ofDays(366).toSeconds()));
        return Combinators.combine(Arbitraries.of("UTC", "Europe/London", "America/New_York"),
                Arbitraries.of("hour", "day", "week", "month"), Arbitraries.integers().between(-7, 60),
                Arbitraries.integers().between(1, 80), minutes, minutes, steps, window).as(Question::new);
    }

    @Property(tries = 12, edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(ReplayableSeed.class)
    void analyticsEqualABruteForceRecountAlsoAfterARebuild(@ForAll("histories") List<Op> history,
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
        AnalyticsRecount recount = new AnalyticsRecount(zone, question.interval());
        Instant start = from.atStartOfDay(zone).toInstant().plus(Duration.ofMinutes(question.startMinute()));
        Instant end = to.atStartOfDay(zone).toInstant().minus(Duration.ofMinutes(question.endMinute()));
        Instant[] hours = AnalyticsRecount.wholeHours(start, end);
        Map<String, Lifecycle> lifecycles = new TreeMap<>();
        Map<String, List<Times>> times = new TreeMap<>();
        // The question's funnel, and two steps over the whole history with the longest window, where many objects
        // enter and reach the second step (so that medians of even counts occur).
        List<String> pair = List.of(EVENT_TYPES.get(Math.floorMod(question.fromDay(), EVENT_TYPES.size())),
                EVENT_TYPES.get(Math.floorMod(question.fromDay() + 1 + question.days() % 3, EVENT_TYPES.size())));
        List<FunnelQuestion> funnelQuestions = List.of(
                new FunnelQuestion(start, end, question.steps(), question.window()),
                new FunnelQuestion(FIRST.minus(Duration.ofDays(1)), FIRST.plus(Duration.ofDays(71)), pair,
                        Duration.ofDays(366)));
        Map<String, Funnel> funnels = new TreeMap<>();
        for (String type : new TreeSet<>(OBJECTS.values())) {
            lifecycles.put(type, recount.lifecycle(OBJECTS, sent, type, hours[0], hours[1]));
            times.put(type, recount.times(OBJECTS, sent, type, hours[0], hours[1]));
            for (int i = 0; i < funnelQuestions.size(); i++) {
                FunnelQuestion f = funnelQuestions.get(i);
                funnels.put(type + " " + i, recount.funnel(OBJECTS, sent, type, f.from(), f.to(), f.steps(),
                        f.window()));
            }
        }
        Figures expected = recount.figures(OBJECTS, sent, from, to).withLifecycleAndFunnel(lifecycles, funnels);
        Ranges ranges = new Ranges("from=" + from + "&to=" + to + "&interval=" + question.interval(),
                "from=" + start + "&to=" + end, funnelQuestions);
        String what = "figures for " + question + " after " + sent.size() + " events";
        await().atMost(CONVERGENCE).pollInterval(POLL).untilAsserted(() -> assertSame(expected, times,
                read(member, project.id(), ranges, new TreeSet<>(OBJECTS.values())), what));

        // A rebuild recounts every figure from the stored events: the same figures once it is done.
        JsonNode rebuild = member.post("/v1/projects/" + project.id() + "/analytics/rebuild", Map.of(), null)
                .expect(202);
        assertEquals(true, rebuild.path("building").asBoolean(), rebuild.toString());
        String overview = "/v1/projects/" + project.id() + "/analytics/overview?" + ranges.buckets();
        await().atMost(REBUILD).pollInterval(POLL).until(() -> !member.get(overview).expect(200)
                .path("building").asBoolean(true));
        assertSame(expected, times, read(member, project.id(), ranges, new TreeSet<>(OBJECTS.values())),
                what + ", after a rebuild");
    }

    /** The query parameters of a try: the bucketed routes', the lifecycle's range, the funnels asked for. */
    record Ranges(String buckets, String instants, List<FunnelQuestion> funnels) {
    }

    /** A funnel asked for: exact range, steps, window. */
    record FunnelQuestion(Instant from, Instant to, List<String> steps, Duration window) {

        String query() {
            return "from=" + from + "&to=" + to + "&steps=" + String.join(",", steps) + "&window=" + window;
        }
    }

    /** The answers and the transitions' times the routes gave. */
    record Answer(Figures figures, Map<String, List<Times>> times, Set<Boolean> building) {
    }

    /**
     * Equal figures, built ones ({@code building} false everywhere), and each transition's percentiles within 2% of
     * the exact nearest-rank value (DDSketch buckets of 1.9% relative accuracy).
     */
    private static void assertSame(Figures expected, Map<String, List<Times>> expectedTimes, Answer actual,
            String what) {
        assertEquals(expected, actual.figures(), what);
        assertEquals(Set.of(false), actual.building(), "building, " + what);
        expectedTimes.forEach((type, list) -> {
            List<Times> got = actual.times().get(type);
            assertEquals(list.size(), got.size(), type + " transitions, " + what);
            for (int i = 0; i < list.size(); i++) {
                Times e = list.get(i);
                Times g = got.get(i);
                String label = type + " " + e.from() + "→" + e.to() + " " + g + " expected " + e + ", " + what;
                assertTrue(Math.abs(g.p50() - e.p50()) <= e.p50() / 50, "p50 of " + label);
                assertTrue(Math.abs(g.p90() - e.p90()) <= e.p90() / 50, "p90 of " + label);
                assertTrue(Math.abs(g.p99() - e.p99()) <= e.p99() / 50, "p99 of " + label);
            }
        });
    }

    private static void record(Event event, JsonNode stored, List<Sent> sent, List<String> ids) {
        Instant time = event.second() != null ? FIRST.plusSeconds(event.second())
                : Instant.parse(stored.path("createdAt").asText());
        sent.add(new Sent(event.type(), event.concerns(), time));
        ids.add(stored.path("id").asText());
    }

    /** The overview, active and retention answers in the recount's shape (no lifecycle, no funnel). */
    static Figures read(ApiClient member, String projectId, String range, Iterable<String> objectTypes) {
        return readBuckets(member, projectId, range, objectTypes, new HashSet<>());
    }

    /** Every route's answers in the recount's shape, the transitions' times, and the building flags seen. */
    static Answer read(ApiClient member, String projectId, Ranges ranges, Iterable<String> objectTypes) {
        String base = "/v1/projects/" + projectId + "/analytics/";
        Set<Boolean> building = new HashSet<>();
        Figures bucketed = readBuckets(member, projectId, ranges.buckets(), objectTypes, building);
        Map<String, Lifecycle> lifecycles = new TreeMap<>();
        Map<String, List<Times>> times = new TreeMap<>();
        Map<String, Funnel> funnels = new TreeMap<>();
        for (String type : objectTypes) {
            JsonNode lifecycle = member.get(base + "lifecycle?objectType=" + type + "&" + ranges.instants())
                    .expect(200);
            building.add(lifecycle.path("building").asBoolean(true));
            List<Start> starts = new ArrayList<>();
            lifecycle.path("starts").forEach(n -> starts.add(new Start(n.path("eventType").asText(),
                    n.path("objects").asLong())));
            List<Transition> transitions = new ArrayList<>();
            List<Times> typeTimes = new ArrayList<>();
            for (JsonNode n : lifecycle.path("transitions")) {
                transitions.add(new Transition(n.path("from").asText(), n.path("to").asText(),
                        n.path("count").asLong()));
                typeTimes.add(new Times(n.path("from").asText(), n.path("to").asText(),
                        n.path("p50Seconds").asDouble(), n.path("p90Seconds").asDouble(),
                        n.path("p99Seconds").asDouble()));
            }
            lifecycles.put(type, new Lifecycle(lifecycle.path("from").asText(), lifecycle.path("to").asText(), starts,
                    transitions, texts(lifecycle.path("mainPath"))));
            times.put(type, typeTimes);

            for (int i = 0; i < ranges.funnels().size(); i++) {
                JsonNode funnel = member.get(base + "funnel?objectType=" + type + "&"
                        + ranges.funnels().get(i).query()).expect(200);
                building.add(funnel.path("building").asBoolean(true));
                funnels.put(type + " " + i, funnel(funnel));
            }
        }
        return new Answer(bucketed.withLifecycleAndFunnel(lifecycles, funnels), times, building);
    }

    private static Figures readBuckets(ApiClient member, String projectId, String range, Iterable<String> objectTypes,
            Set<Boolean> building) {
        String base = "/v1/projects/" + projectId + "/analytics/";
        JsonNode overview = member.get(base + "overview?" + range).expect(200);
        building.add(overview.path("building").asBoolean(true));
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
            building.add(answer.path("building").asBoolean(true));
            Map<String, List<Long>> figures = new TreeMap<>();
            for (String figure : List.of("active", "new", "returning", "resurrected", "dormant")) {
                figures.put(figure, longs(answer.path(figure)));
            }
            active.put(type, figures);
            List<List<Long>> cohorts = new ArrayList<>();
            JsonNode cohortsAnswer = member.get(base + "retention?objectType=" + type + "&" + range).expect(200);
            building.add(cohortsAnswer.path("building").asBoolean(true));
            for (JsonNode cohort : cohortsAnswer.path("cohorts")) {
                List<Long> retained = longs(cohort.path("retained"));
                assertEquals(retained.getFirst(), cohort.path("size").asLong(), "a cohort's size is retained[0]");
                cohorts.add(retained);
            }
            retention.put(type, cohorts);
        }
        return new Figures(buckets, lines, strings(overview.path("newEventTypes")),
                strings(overview.path("goneEventTypes")), objectEvents, created, active, retention, Map.of(),
                Map.of());
    }

    /** A funnel answer in the recount's shape (conversionFromPrevious left out after a step no object reached). */
    private static Funnel funnel(JsonNode funnel) {
        List<FunnelStep> steps = new ArrayList<>();
        long previous = -1;
        for (JsonNode n : funnel.path("steps")) {
            JsonNode median = n.path("medianSecondsFromPrevious");
            steps.add(new FunnelStep(n.path("eventType").asText(), n.path("objects").asLong(),
                    AnalyticsRecount.billionths(n.path("conversion").asDouble()),
                    previous == 0 ? null : AnalyticsRecount.billionths(n.path("conversionFromPrevious").asDouble()),
                    median.isNull() || median.isMissingNode() ? null : Math.round(median.asDouble() * 2000)));
            previous = n.path("objects").asLong();
        }
        return new Funnel(funnel.path("from").asText(), funnel.path("to").asText(), steps);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
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
