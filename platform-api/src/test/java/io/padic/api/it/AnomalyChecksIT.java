package io.padic.api.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.api.support.StepHistory;
import io.padic.testkit.ApiClient;
import io.padic.testkit.Project;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two platform-api processes on one store both run the anomaly check every second over the same history
 * (docs/design.md#analytics): the step of {@link StepHistory}, backfilled, is flagged once per bucket, the same through
 * either process, and checking it again and again changes nothing.
 */
class AnomalyChecksIT {

    private static final Duration CONVERGENCE = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);

    private static Backends backends;
    private static List<AppProcess> processes;
    private static List<ApiClient> apps;

    @BeforeAll
    static void start() {
        backends = Backends.start();
        Map<String, String> env = Map.of("PADIC_ANALYTICS_FLUSH_EVERY", "PT0.1S",
                "PADIC_CACHE_CONTROL_PLANE_STALENESS", "PT0S",
                "PADIC_ANALYTICS_ANOMALIES_CHECK_EVERY", "1s",
                "PADIC_ANALYTICS_ANOMALIES_CHECK_DELAY", "1s",
                "PADIC_ANALYTICS_ANOMALIES_SETTLE", "PT0S");
        processes = AppProcess.startTogether(List.of(new AppProcess.Spec("anomalies-1", backends, env),
                new AppProcess.Spec("anomalies-2", backends, env)));
        apps = processes.stream().map(app -> ApiClient.to(app.uri())).toList();
    }

    @AfterAll
    static void stop() {
        if (processes != null) {
            processes.forEach(AppProcess::close);
        }
        if (backends != null) {
            backends.close();
        }
    }

    @Test
    void bothProcessesCheckingTheSameHistoryFlagEachBucketOnce() {
        Project project = apps.getFirst().newProjectTakingAnyType("IT anomalies");
        ZoneId london = ZoneId.of("Europe/London");
        apps.get(1).as(project.token()).call("PATCH", "/v1/projects/" + project.id(),
                Map.of("timeZone", london.getId()), null).expect(200);
        StepHistory history = StepHistory.endingYesterday(london);
        List<ApiClient> keyed = apps.stream().map(app -> app.as(project.key())).toList();
        keyed.getFirst().createObjects("cart", StepHistory.CARTS.toArray(String[]::new));
        keyed.get(0).post("/v1/events/batch", Map.of("events", history.newestWeek()), null).expect(200);
        keyed.get(1).post("/v1/events/batch", Map.of("events", history.earlierWeeks()), null).expect(200);

        String route = "/v1/projects/" + project.id() + "/analytics/anomalies?" + history.query();
        List<ApiClient> members = apps.stream().map(app -> app.as(project.token())).toList();
        await().atMost(CONVERGENCE).pollInterval(POLL).until(() -> ids(members.get(0).get(route).expect(200)).size() == 2);
        // Both processes go on checking: the flags stay one per bucket, the same through either process.
        for (int round = 0; round < 3; round++) {
            for (ApiClient member : members) {
                JsonNode answer = member.get(route).expect(200);
                List<String> ids = ids(answer);
                assertEquals(2, ids.size(), answer.toString());
                assertEquals(2, ids.stream().distinct().count(), answer.toString());
                assertEquals(List.of("hour", "day"), List.of(answer.path("anomalies").get(0).path("interval").asText(),
                        answer.path("anomalies").get(1).path("interval").asText()));
                assertEquals("meta:country=FR", answer.path("anomalies").get(0).path("explanation").get(0)
                        .path("segment").asText());
                assertEquals(2, answer.path("open").asInt());
            }
        }
    }

    private static List<String> ids(JsonNode answer) {
        List<String> out = new ArrayList<>();
        answer.path("anomalies").forEach(flag -> out.add(flag.path("id").asText()));
        return out;
    }
}
