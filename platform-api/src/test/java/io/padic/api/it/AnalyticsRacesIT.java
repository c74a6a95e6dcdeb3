package io.padic.api.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.api.it.AnalyticsRecount.Figures;
import io.padic.api.it.AnalyticsRecount.Sent;
import io.padic.testkit.ApiClient;
import io.padic.testkit.Project;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Rebuilds and time-zone changes asked for through two platform-api processes at once, while events arrive through
 * both (docs/design.md#analytics, generations): when they stop, the project's analytics are one finished build in
 * the project's last time zone, through either process, and every figure equals a brute-force recount in that zone.
 * A generation started in a zone the project no longer has, or a build left unfinished, would show here.
 */
class AnalyticsRacesIT {

    private static final List<String> ZONES = List.of("UTC", "Europe/London", "America/New_York");
    private static final List<String> EVENT_TYPES = List.of("signup", "login", "order.placed", "item.viewed");
    /** Both DST changes of 2026 in Europe and America fall in the range. */
    private static final Instant FIRST = Instant.parse("2026-03-01T00:00:00Z");
    private static final long SPREAD_SECONDS = Duration.ofDays(35).toSeconds();
    private static final Duration SETTLED_WITHIN = Duration.ofSeconds(90);

    @Test
    void rebuildsAndTimeZoneChangesFromTwoProcessesEndInOneBuildInTheProjectsLastZone() throws Exception {
        Map<String, String> env = Map.of("PADIC_ANALYTICS_FLUSH_EVERY", "PT0.1S",
                "PADIC_CACHE_CONTROL_PLANE_STALENESS", "PT0S");
        try (Backends backends = Backends.start()) {
            List<AppProcess> processes = AppProcess.startTogether(List.of(
                    new AppProcess.Spec("races-1", backends, env), new AppProcess.Spec("races-2", backends, env)));
            try {
                race(processes.stream().map(app -> ApiClient.to(app.uri())).toList());
            } finally {
                processes.forEach(AppProcess::close);
            }
        }
    }

    private static void race(List<ApiClient> apps) throws Exception {
        Project project = apps.getFirst().newProjectTakingAnyType("IT analytics races");
        String path = "/v1/projects/" + project.id();
        Map<String, String> objectTypes = new LinkedHashMap<>();
        for (int i = 1; i <= 4; i++) {
            objectTypes.put("u" + i, "User");
            objectTypes.put("o" + i, "Order");
        }
        objectTypes.forEach((id, type) -> apps.getFirst().as(project.key()).createObjects(type, id));

        Random random = new Random(14);
        List<String> ids = new ArrayList<>(objectTypes.keySet());
        List<List<Sent>> batches = new ArrayList<>();
        for (int b = 0; b < 24; b++) {
            List<Sent> batch = new ArrayList<>();
            for (int e = 0; e < 10; e++) {
                Collections.shuffle(ids, random);
                batch.add(new Sent(EVENT_TYPES.get(random.nextInt(EVENT_TYPES.size())),
                        List.copyOf(ids.subList(0, 1 + random.nextInt(2))),
                        FIRST.plusSeconds(random.nextLong(SPREAD_SECONDS))));
            }
            batches.add(batch);
        }

        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            List<Sent> batch = batches.get(i);
            ApiClient writer = apps.get(i % 2).as(project.key());
            tasks.add(() -> {
                JsonNode results = writer.post("/v1/events/batch", Map.of("events", batch.stream().map(s -> Map.of(
                        "type", s.type(), "concerns", s.concerns(), "occurredAt", s.time().toString())).toList()),
                        null).expect(200).path("results");
                results.forEach(item -> assertEquals(201, item.path("status").asInt(), item.toString()));
                return results.size();
            });
        }
        for (int i = 0; i < 12; i++) {
            ApiClient member = apps.get(i % 2).as(project.token());
            tasks.add(() -> member.post(path + "/analytics/rebuild", Map.of(), null).expect(202).size());
            String zone = ZONES.get(i % ZONES.size());
            tasks.add(() -> member.call("PATCH", path, Map.of("timeZone", zone), null).expect(200).size());
        }
        Collections.shuffle(tasks, random);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Integer> done : pool.invokeAll(tasks)) {
                done.get(); // a refused batch, rebuild or change has failed its expect(…) already
            }
        }
        List<Sent> sent = batches.stream().flatMap(List::stream).toList();

        String zone = apps.getFirst().as(project.token()).get(path).expect(200).path("timeZone").asText();
        assertTrue(ZONES.contains(zone), "the project has one of the zones set: " + zone);
        LocalDate from = LocalDate.parse("2026-02-27");
        LocalDate to = LocalDate.parse("2026-04-08");
        String range = "from=" + from + "&to=" + to + "&interval=day";
        Figures expected = new AnalyticsRecount(ZoneId.of(zone), "day").figures(objectTypes, sent, from, to);
        for (ApiClient app : apps) {
            ApiClient member = app.as(project.token());
            await().atMost(SETTLED_WITHIN).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                JsonNode overview = member.get(path + "/analytics/overview?" + range).expect(200);
                assertFalse(overview.path("building").asBoolean(true), "the last build is done");
                assertEquals(zone, overview.path("timeZone").asText(), "counted in the project's last zone");
                assertEquals(expected, AnalyticsExactnessIT.read(member, project.id(), range,
                        List.of("User", "Order")), "every figure as a recount in " + zone + " gives it");
            });
        }
    }
}
