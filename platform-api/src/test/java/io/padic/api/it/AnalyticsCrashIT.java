package io.padic.api.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.api.it.AnalyticsRecount.Figures;
import io.padic.api.it.AnalyticsRecount.Sent;
import io.padic.embedded.ChildApp;
import io.padic.testkit.ApiClient;
import io.padic.testkit.Project;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Analytics converge by themselves after {@code kill -9} (docs/design.md#analytics): a process that acknowledged
 * events and died before counting them (its flush is an hour away) leaves a lease whose heartbeat stops; the other
 * process counts those objects within 30 seconds, to exactly the figures of a recount, with no manual step. Pins
 * that the repair sweep adds to an event whose writer died are counted too.
 */
class AnalyticsCrashIT {

    private static final Duration CONVERGENCE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(250);

    private static Backends backends;
    private static AppProcess victim;
    private static AppProcess survivor;

    @BeforeAll
    static void start() {
        backends = Backends.start();
        List<AppProcess> apps = AppProcess.startTogether(List.of(
                new AppProcess.Spec("analytics-victim", backends, Map.of("PADIC_ANALYTICS_FLUSH_EVERY", "PT1H")),
                new AppProcess.Spec("analytics-survivor", backends, Map.of("PADIC_REPAIR_GRACE", "PT1S",
                        "PADIC_REPAIR_EVERY", "1s", "PADIC_REPAIR_DELAY", "1s"))));
        victim = apps.get(0);
        survivor = apps.get(1);
    }

    @AfterAll
    static void stop() {
        if (victim != null) {
            victim.close();
        }
        if (survivor != null) {
            survivor.close();
        }
        if (backends != null) {
            backends.close();
        }
    }

    @Test
    void eventsAcknowledgedByAKilledProcessAreCountedWithin30Seconds() {
        Project project = ApiClient.to(survivor.uri()).newProjectTakingAnyType("IT analytics");
        ApiClient writer = ApiClient.to(victim.uri()).as(project.key());
        ApiClient member = ApiClient.to(survivor.uri()).as(project.token());
        Map<String, String> objectTypes = Map.of("u1", "User", "u2", "User", "o1", "Order");
        objectTypes.forEach((id, type) -> writer.createObjects(type, id));
        List<Sent> sent = new ArrayList<>();
        Instant first = Instant.parse("2026-05-04T08:00:00Z");
        for (int i = 0; i < 30; i++) {
            List<String> concerns = i % 3 == 0 ? List.of("o1", "u" + (1 + i % 2)) : List.of("u" + (1 + i % 2));
            String type = i % 3 == 0 ? "order.placed" : "login";
            Instant at = first.plus(Duration.ofHours(7L * i));
            Map<String, Object> body = new HashMap<>(Map.of("type", type, "concerns", concerns,
                    "occurredAt", at.toString()));
            writer.post("/v1/events", body, i % 5 == 0 ? "crash-" + i : null).expect(201);
            sent.add(new Sent(type, concerns, at));
        }
        LocalDate from = LocalDate.parse("2026-05-01");
        LocalDate to = LocalDate.parse("2026-05-20");
        String range = "from=" + from + "&to=" + to + "&interval=day";
        assertEquals(0, member.get("/v1/projects/" + project.id() + "/analytics/overview?" + range).expect(200)
                .path("eventTypes").size(), "nothing is counted while the victim holds its notes");

        assertEquals(ChildApp.KILLED_BY_SIGKILL, victim.killHard(), "the victim died of SIGKILL");
        Figures expected = new AnalyticsRecount(ZoneId.of("UTC"), "day").figures(objectTypes, sent, from, to);
        await().atMost(CONVERGENCE).pollInterval(POLL).untilAsserted(() -> assertEquals(expected,
                AnalyticsExactnessIT.read(member, project.id(), range, List.of("User", "Order")),
                "figures within 30 s of the kill"));
    }

    @Test
    void anEventThatTheRepairSweepFinishesIsCountedOnce() {
        Project project = ApiClient.to(survivor.uri()).newProjectTakingAnyType("IT analytics");
        ApiClient writer = ApiClient.to(survivor.uri()).as(project.key());
        ApiClient member = ApiClient.to(survivor.uri()).as(project.token());
        writer.createObjects("Thing", "a", "b", "c");
        writer.sendEvent("Tick", List.of("a"), Map.of()).expect(201);
        // The writer of a three-object event died after its first pin: only the sweep pins it to b and c.
        new RawStore(backends.store()).leaveHalfWritten(project.id(), RawStore.newEventId(), "Link",
                List.of("a", "b", "c"), Map.of(), false);
        LocalDate today = LocalDate.now(ZoneId.of("UTC"));
        String range = "from=" + today + "&to=" + today.plusDays(1) + "&interval=day";
        await().atMost(CONVERGENCE).pollInterval(POLL).untilAsserted(() -> {
            JsonNode overview = member.get("/v1/projects/" + project.id() + "/analytics/overview?" + range)
                    .expect(200);
            assertEquals("[{\"name\":\"Link\",\"counts\":[1],\"total\":1,\"previousTotal\":0},"
                    + "{\"name\":\"Tick\",\"counts\":[1],\"total\":1,\"previousTotal\":0}]",
                    overview.path("eventTypes").toString());
            assertEquals("[{\"name\":\"Thing\",\"events\":[4],\"created\":[3]}]",
                    overview.path("objectTypes").toString());
        });
    }
}
