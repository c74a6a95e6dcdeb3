package io.padic.dashboard.analytics;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.dashboard.support.BrowserTest;
import io.padic.dashboard.support.MemberPages;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An injected anomaly, found by the engine and told on the pages: five weeks of 20 orders a day in the same hour H
 * of each day, UTC (country US or DE, 10 each; today's too once hour H is over), then yesterday 30 more from FR in
 * that hour. The daily and the hourly series of {@code order.created} are flagged for yesterday, with FR as the
 * whole of the difference; nothing else is (every other closed day and hour equals its peers; a today without its
 * orders would rightly be flagged as fewer). The project home counts the two open flags. Yesterday's orders from FR
 * also carry a field never sent before, listed as appeared on the type's field-drift page.
 */
@QuarkusTest
class AnomalyE2E extends BrowserTest {

    private static final int DAYS = 35;
    private static final int OBJECTS = 20;

    @Test
    void anInjectedStepIsFlaggedWithItsSegmentOnTheAnomaliesPageAndCountedOnTheHome() {
        String email = signUp("Flo");
        String projectId = createProject("Flags");
        ApiClient api = ApiClient.to(apiUrl());
        Account member = new Account(email, null, api.logIn(email, ApiClient.PASSWORD), null);
        api.flagUndeclaredEventTypes(member, projectId);
        ApiClient app = api.as(api.createKey(member, projectId, "owner"));
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        LocalDate today = now.toLocalDate();
        LocalDate yesterday = today.minusDays(1);
        // An hour of today that is over with a margin, so today's orders are sent for it; before 01:05 there is
        // none, and the orders' hour (12:00) will not close during the test.
        ZonedDateTime margin = now.minusMinutes(65);
        boolean todayToo = margin.toLocalDate().equals(today);
        int hour = todayToo ? margin.getHour() : 12;
        sendHistory(app, today, hour, todayToo);

        String anomalies = "/v1/projects/" + projectId + "/analytics/anomalies";
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode answer = api.as(member.token()).get(anomalies).expect(200);
            Set<String> flags = new TreeSet<>();
            answer.path("anomalies").forEach(a -> flags.add(a.path("series").asText() + " " + a.path("interval")
                    .asText() + " " + OffsetDateTime.parse(a.path("bucket").asText()).toInstant() + " " + a.path("expected").asDouble() + "→"
                    + a.path("actual").asDouble() + " " + a.path("explanation").path(0).path("segment").asText()
                    + " " + a.path("explanation").path(0).path("share").asDouble()));
            assertEquals(Set.of(
                    "events:order.created day " + yesterday + "T00:00:00Z 20.0→50.0 meta:country=FR 1.0",
                    "events:order.created hour " + yesterday + "T" + hh(hour) + ":00:00Z 20.0→50.0 meta:country=FR 1.0"),
                    flags,
                    answer::toString);
            assertEquals(2, answer.path("open").asInt());
        });

        page.navigate("/projects/" + projectId);
        assertThat(page.locator("#figure-anomalies strong")).hasText("2");
        page.locator("#figure-anomalies").click();
        assertThat(page).hasURL(Pattern.compile(".*/projects/" + projectId + "/analytics/anomalies.*"));
        page.waitForLoadState();
        assertThat(page.locator("#anomaly-list li")).hasCount(2);
        assertThat(page.locator("#anomaly-list")).containsText("More order.created events than expected on "
                + yesterday + ": 50 instead of about 20 (+150%).");
        assertThat(page.locator("#anomaly-list")).containsText("More order.created events than expected on "
                + yesterday + " from " + hh(hour) + ":00 to " + hh((hour + 1) % 24) + ":00: 50 instead of about 20 (+150%).");
        assertThat(page.locator("#anomaly-list li").first()).containsText("Most of the difference: country = FR (100%).");
        shot("anomalies-injected");

        // Field drift: yesterday's FR orders also carried gift.wrap, never sent before.
        page.navigate("/projects/" + projectId + "/event-types/order.created/drift");
        // The object and the field in it, each a path of its own.
        assertThat(page.locator("#drift-appeared tbody tr")).hasCount(2);
        assertEquals(List.of("gift " + yesterday, "gift.wrap " + yesterday),
                page.locator("#drift-appeared tbody tr").allInnerTexts().stream()
                        .map(row -> row.trim().replaceAll("\\s+", " ")).sorted().toList());
        if (todayToo) {
            // Today's orders came without it: as far as the days tell, it stopped arriving after yesterday.
            assertEquals(List.of("gift " + yesterday, "gift.wrap " + yesterday),
                    page.locator("#drift-stopped tbody tr").allInnerTexts().stream()
                            .map(row -> row.trim().replaceAll("\\s+", " ")).sorted().toList());
        } else {
            assertThat(page.locator("#drift-stopped")).hasCount(0);
        }
        shot("field-drift");
        page.setViewportSize(390, 844);
        for (String path : List.of("/analytics/anomalies", "/event-types/order.created/drift")) {
            page.navigate("/projects/" + projectId + path);
            page.waitForLoadState();
            shot(path.substring(path.lastIndexOf('/') + 1) + "-390");
            assertEquals(0, horizontalOverflow(), path + " is wider than a phone's screen");
        }
        assertEquals(List.of(), MemberPages.scriptErrors(consoleErrors), "no script or CSP errors");
    }

    private static void sendHistory(ApiClient app, LocalDate today, int hour, boolean todayToo) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= OBJECTS; i++) {
            ids.add("order-" + i);
        }
        app.createObjects("order", ids.toArray(String[]::new));
        for (int d = DAYS; d >= (todayToo ? 0 : 1); d--) {
            LocalDate day = today.minusDays(d);
            List<Map<String, Object>> events = new ArrayList<>();
            for (int i = 0; i < OBJECTS; i++) {
                events.add(order(ids.get(i), day, hour, i, i % 2 == 0 ? "US" : "DE"));
            }
            if (d == 1) {
                for (int i = 0; i < 30; i++) {
                    Map<String, Object> fr = new HashMap<>(order(ids.get(i % OBJECTS), day, hour, 20 + i % 20, "FR"));
                    // An object value: a new field for the drift, and no segment of its own (not a scalar).
                    fr.put("metaData", Map.of("country", "FR", "gift", Map.of("wrap", true)));
                    events.add(fr);
                }
            }
            JsonNode answer = app.post("/v1/events/batch", Map.of("events", events), null).expect(200);
            answer.path("results").forEach(r -> assertEquals(201, r.path("status").asInt(), r::toString));
        }
    }

    private static String hh(int value) {
        return String.format("%02d", value);
    }

    private static Map<String, Object> order(String object, LocalDate day, int hour, int minute, String country) {
        return Map.of("type", "order.created", "concerns", object,
                "occurredAt", day + "T" + hh(hour) + ":" + hh(minute) + ":00Z",
                "metaData", Map.of("country", country));
    }
}
