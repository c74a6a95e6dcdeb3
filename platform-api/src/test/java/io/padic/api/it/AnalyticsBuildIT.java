package io.padic.api.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Events stored before analytics counted anything (docs/design.md#analytics) are counted when a process that counts
 * starts: it finds the project without rollups, builds them in the background, says {@code "building": false} when
 * done, and the figures equal a brute-force recount, with no rebuild asked for.
 */
class AnalyticsBuildIT {

    private static final Duration BUILT_WITHIN = Duration.ofSeconds(60);

    @Test
    void eventsStoredBeforeAnalyticsAreCountedByTheBuildAtStartup() {
        try (Backends backends = Backends.start()) {
            Map<String, String> objectTypes = Map.of("u1", "User", "u2", "User", "u3", "User", "o1", "Order");
            List<Sent> sent = new ArrayList<>();
            Project project;
            // The version before analytics, as far as the store can tell: nothing counted, no rollups of any kind.
            try (AppProcess before = AppProcess.start("before-analytics", backends,
                    Map.of("PADIC_ANALYTICS_ENABLED", "false"))) {
                project = ApiClient.to(before.uri()).newProjectTakingAnyType("IT analytics build");
                ApiClient writer = ApiClient.to(before.uri()).as(project.key());
                objectTypes.forEach((id, type) -> writer.createObjects(type, id));
                Instant first = Instant.parse("2026-06-01T09:00:00Z");
                for (int i = 0; i < 40; i++) {
                    List<String> concerns = i % 4 == 0 ? List.of("o1", "u" + (1 + i % 3)) : List.of("u" + (1 + i % 3));
                    String type = i % 4 == 0 ? "order.placed" : i % 4 == 1 ? "login" : "view";
                    Instant at = first.plus(Duration.ofHours(9L * i));
                    writer.post("/v1/events", Map.of("type", type, "concerns", concerns, "occurredAt", at.toString()),
                            null).expect(201);
                    sent.add(new Sent(type, concerns, at));
                }
                JsonNode nothing = ApiClient.to(before.uri()).as(project.token())
                        .get("/v1/projects/" + project.id() + "/analytics/overview?from=2026-06-01&to=2026-06-20")
                        .expect(200);
                assertEquals(0, nothing.path("eventTypes").size(), "a process that does not count counted nothing");
            }

            try (AppProcess after = AppProcess.start("after-analytics", backends, Map.of())) {
                ApiClient member = ApiClient.to(after.uri()).as(project.token());
                LocalDate from = LocalDate.parse("2026-06-01");
                LocalDate to = LocalDate.parse("2026-06-20");
                String range = "from=" + from + "&to=" + to + "&interval=day";
                Figures expected = new AnalyticsRecount(ZoneId.of("UTC"), "day").figures(objectTypes, sent, from, to);
                await().atMost(BUILT_WITHIN).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    JsonNode overview = member.get("/v1/projects/" + project.id() + "/analytics/overview?" + range)
                            .expect(200);
                    assertFalse(overview.path("building").asBoolean(true), "the build is done");
                    assertEquals(expected, AnalyticsExactnessIT.read(member, project.id(), range,
                            List.of("User", "Order")), "every figure as a recount gives it");
                });
                JsonNode lifecycle = member.get("/v1/projects/" + project.id()
                        + "/analytics/lifecycle?objectType=Order&" + range).expect(200);
                assertEquals("[\"order.placed\"]", lifecycle.path("mainPath").toString(),
                        "the lifecycle is built as well: the order's only event type");
                assertEquals(1, lifecycle.path("starts").get(0).path("objects").asLong());
                assertEquals(9, lifecycle.path("transitions").get(0).path("count").asLong(),
                        "o1's ten order.placed events make nine transitions");
            }
        }
    }
}
