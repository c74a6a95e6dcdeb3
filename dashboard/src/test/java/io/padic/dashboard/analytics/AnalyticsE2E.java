package io.padic.dashboard.analytics;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.padic.dashboard.support.BrowserTest;
import io.padic.dashboard.support.MemberPages;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A user's first look at analytics: sign up, create a project and a key, send six weeks of orders with their
 * {@code occurredAt} through the key, and read on the pages the figures this test works out itself: the events in
 * the range, active objects per week (and the same as a CSV download), a retention cell, the lifecycle's main path
 * and an edge's count, a funnel's conversions; the pickers used with the keyboard only; every page at 1280 and 390
 * pixels wide, with nothing wider than a phone's screen.
 *
 * <p>The history (weeks W0…W5, W5 the current one, UTC): orders 1–10 created on W0's Tuesday, 1–6 paid a day later,
 * 1–3 shipped on W1's Monday; orders 11–15 created on W2's Tuesday, 11–12 paid a day later; order 13 gets two notes
 * today. 28 events; 15 objects.
 */
@QuarkusTest
class AnalyticsE2E extends BrowserTest {

    private static final List<String> TYPES = List.of("order.created", "order.paid", "order.shipped", "order.note");
    private static final List<String> PAGES = List.of("", "/active", "/retention", "/lifecycle", "/funnel",
            "/anomalies");

    @Test
    void theFiguresOfAKnownHistoryShowOnEveryPage() throws Exception {
        String email = signUp("Ana");
        String projectId = createProject("Shop");
        String key = createKey(projectId);
        ApiClient api = ApiClient.to(apiUrl());
        Account member = new Account(email, null, api.logIn(email, ApiClient.PASSWORD), null);
        for (String type : TYPES) {
            api.declareEventType(member, projectId, type, Map.of("objectType", "order", "unknownFields", "allow",
                    "fields", List.of()));
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate w0 = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(5);
        sendHistory(api.as(key), w0, today);
        String overview = "/v1/projects/" + projectId + "/analytics/overview?interval=week&from=" + w0 + "&to="
                + today.plusDays(1);
        // The analytics follow ingest within a few seconds (the flusher may pause while it catches up).
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            JsonNode answer = api.as(member.token()).get(overview).expect(200);
            long total = 0;
            for (JsonNode type : answer.path("eventTypes")) {
                total += type.path("total").asLong();
            }
            return total == 28 && !answer.path("building").asBoolean();
        });

        // The project home: events today, objects active this week, open anomalies; each a link.
        page.navigate("/projects/" + projectId);
        assertThat(page.locator("#figure-events strong")).hasText("2");
        assertThat(page.locator("#figure-active strong")).hasText("1");
        assertThat(page.locator("#figure-anomalies strong")).hasText(Pattern.compile("^(–|\\d+)$"));
        shot("project-home-figures");

        // The Analytics home, then the range W0 to today by week, chosen in the form (swapped in by htmx).
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Analytics").setExact(true)).click();
        page.waitForLoadState();
        assertThat(page.locator("#time-zone")).hasText("UTC");
        shot("analytics-default-range");
        page.locator("#pick-from").fill(w0.toString());
        page.locator("#pick-interval").selectOption("week");
        page.locator("#pick-show").click();
        assertThat(page).hasURL(Pattern.compile(".*from=" + w0 + ".*interval=week.*"));
        assertThat(page.locator("#events-total")).hasText("28");
        assertThat(page.locator("#events-change")).hasText("new");
        Locator totals = page.locator("#type-totals tbody tr");
        assertThat(totals).hasCount(4);
        assertThat(totals.first()).containsText("order.created");
        assertThat(totals.first().locator("td").first()).hasText("15");
        assertThat(page.locator("#overview-table tbody tr")).hasCount(6);
        shot("analytics-six-weeks");

        // Active objects per week (the tab keeps the range and interval).
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Active objects")).click();
        page.waitForLoadState();
        assertThat(page.locator("#pick-type")).hasValue("order");
        List<List<Object>> weeks = List.of(
                List.of(w0, 10, 10, 0, 0, 0), List.of(w0.plusWeeks(1), 3, 0, 3, 0, -7),
                List.of(w0.plusWeeks(2), 5, 5, 0, 0, -3), List.of(w0.plusWeeks(3), 0, 0, 0, 0, -5),
                List.of(w0.plusWeeks(4), 0, 0, 0, 0, 0), List.of(w0.plusWeeks(5), 1, 0, 0, 1, 0));
        Locator rows = page.locator("#active-table tbody tr");
        assertThat(rows).hasCount(6);
        assertThat(rows.nth(0).locator("td").first()).hasText("10");
        assertThat(rows.nth(1).locator("td").last()).hasText("-7");
        assertThat(rows.nth(5).locator("td").nth(3)).hasText("1");
        shot("active-weekly");
        Download download = page.waitForDownload(() -> page.locator("#active-csv").click());
        StringBuilder expected = new StringBuilder("bucket,active,new,returning,resurrected,dormant\r\n");
        for (List<Object> week : weeks) {
            expected.append(String.join(",", week.stream().map(String::valueOf).toList())).append("\r\n");
        }
        assertEquals(expected.toString(), Files.readString(download.path()), "the CSV holds what the chart shows");
        assertEquals("active-" + w0 + "-" + today + ".csv", download.suggestedFilename());

        // Retention: 3 of the 10 orders of W0 were active a week later.
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Retention")).click();
        page.waitForLoadState();
        Locator w0Cohort = page.locator("#retention-table tbody tr").first();
        assertThat(w0Cohort.locator("th")).hasText(w0.toString());
        assertThat(w0Cohort.locator("td").nth(0)).hasText("10");
        assertThat(w0Cohort.locator("td").nth(2)).hasText("30% (3)");
        shot("retention");

        // Lifecycle: created → paid → shipped, 8 orders paid after being created, one note after another.
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Lifecycle")).click();
        page.waitForLoadState();
        assertThat(page.locator("#main-path")).hasText("order.created → order.paid → order.shipped");
        Locator paid = page.locator("#lifecycle-graph g.edge[data-from='order.created'][data-to='order.paid']");
        assertThat(paid.locator("text")).hasText(Pattern.compile("^8 · "));
        assertThat(paid).hasClass(Pattern.compile("\\bmain\\b"));
        assertThat(page.locator("#lifecycle-graph g.edge[data-from='order.note'][data-to='order.note'] text"))
                .hasText(Pattern.compile("^1 · "));
        assertThat(page.locator("#lifecycle-graph g.node.start")).hasCount(1);
        shot("lifecycle");

        // Funnel: prefilled with the main path; 8 of 15 paid, 3 shipped.
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Funnel")).click();
        page.waitForLoadState();
        assertThat(page.locator("#step-1")).hasValue("order.created");
        assertThat(page.locator("#step-3")).hasValue("order.shipped");
        Locator steps = page.locator("#funnel-table tbody tr");
        assertThat(steps).hasCount(3);
        assertThat(steps.nth(0).locator("td").nth(2)).hasText("15");
        assertThat(steps.nth(1).locator("td").nth(3)).hasText("53.3%");
        assertThat(steps.nth(2).locator("td").nth(3)).hasText("20%");
        assertThat(steps.nth(2).locator("td").nth(4)).hasText("37.5%");
        shot("funnel");
        // Edited: from created straight to a note (one order, 13, got notes).
        page.locator("#step-2").fill("order.note");
        page.locator("#step-3").fill("");
        page.locator("#pick-show").click();
        assertThat(page).hasURL(Pattern.compile(".*step=order.note.*"));
        assertThat(steps).hasCount(2);
        assertThat(steps.nth(1).locator("td").nth(1)).hasText("order.note");
        assertThat(steps.nth(1).locator("td").nth(2)).hasText("1");
        assertThat(steps.nth(1).locator("td").nth(3)).hasText("6.7%");
        shot("funnel-edited");

        // Anomalies: the page lists what the route answers for the range (one sentence per flag), or says that
        // this platform-api has no such route yet (404). Six weeks of a few orders are too thin to flag: the
        // injected anomaly of issue 15 is for the test of the anomaly engine to add.
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Anomalies").setExact(true)).click();
        page.waitForLoadState();
        ApiClient.Reply flags = api.as(member.token()).get("/v1/projects/" + projectId + "/analytics/anomalies?from="
                + w0 + "&to=" + today.plusDays(1));
        if (flags.status() == 404) {
            assertThat(page.locator("#anomalies-unavailable")).isVisible();
        } else if (flags.expect(200).path("anomalies").isEmpty()) {
            assertThat(page.locator("#anomalies-empty")).isVisible();
        } else {
            assertThat(page.locator("#anomaly-list li")).hasCount(flags.body().path("anomalies").size());
        }
        shot("anomalies");

        pickersWithTheKeyboardOnly(projectId, w0);
        everyPageAtTwoWidths(projectId, w0, today);
        assertEquals(List.of(), MemberPages.scriptErrors(consoleErrors), "no script or CSP errors");
    }

    /** On the Active page: Tab to the first day, type it, Tab to the interval, choose day, Tab to Show, Enter. */
    private void pickersWithTheKeyboardOnly(String projectId, LocalDate w0) {
        page.navigate("/projects/" + projectId + "/analytics/active?from=" + w0 + "&interval=week");
        page.waitForLoadState();
        tabTo("pick-from");
        LocalDate w1 = w0.plusWeeks(1);
        page.keyboard().type(w1.format(DateTimeFormatter.ofPattern("MMddyyyy")));
        assertThat(page.locator("#pick-from")).hasValue(w1.toString());
        tabTo("pick-interval");
        page.keyboard().press("ArrowUp");
        assertThat(page.locator("#pick-interval")).hasValue("day");
        tabTo("pick-show");
        page.keyboard().press("Enter");
        assertThat(page).hasURL(Pattern.compile(".*from=" + w1 + ".*interval=day.*"));
        assertThat(page.locator("#active-table tbody tr").first().locator("th")).hasText(w1.toString());
        shot("keyboard-choice");
    }

    private void tabTo(String id) {
        for (int i = 0; i < 60; i++) {
            if (id.equals(page.evaluate("() => document.activeElement && document.activeElement.id"))) {
                return;
            }
            page.keyboard().press("Tab");
        }
        throw new AssertionError("Tab never reached #" + id);
    }

    /** Each page at a desktop width and at a phone's: screenshots, and nothing wider than the window at 390. */
    private void everyPageAtTwoWidths(String projectId, LocalDate w0, LocalDate today) {
        String query = "?from=" + w0 + "&to=" + today + "&interval=week";
        for (int width : List.of(1280, 390)) {
            page.setViewportSize(width, width == 390 ? 844 : 900);
            for (String path : PAGES) {
                page.navigate("/projects/" + projectId + "/analytics" + path + query);
                page.waitForLoadState();
                page.locator("details").evaluateAll("all => all.forEach(d => d.open = true)");
                String name = (path.isEmpty() ? "overview" : path.substring(1)) + "-" + width;
                shot(name);
                if (width == 390) {
                    assertEquals(0, horizontalOverflow(), name + " is wider than the window");
                }
            }
        }
        page.setViewportSize(1280, 900);
    }

    /** An owner key with every scope, made on the API keys page; returns its secret. */
    private String createKey(String projectId) {
        page.navigate("/projects/" + projectId + "/api-keys");
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("shop backend");
        for (String scope : ApiClient.ALL_SCOPES) {
            page.getByLabel(scope).check();
        }
        page.getByLabel("Access level").selectOption("owner");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")).click();
        Locator secret = page.locator("#new-key-secret");
        assertThat(secret).hasValue(Pattern.compile("^pdk_.+"));
        return secret.inputValue();
    }

    /** The history of the class comment, through {@code POST /v1/events/batch} with the key. */
    private static void sendHistory(ApiClient app, LocalDate w0, LocalDate today) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 15; i++) {
            ids.add(String.format("order-%02d", i));
        }
        app.createObjects("order", ids.toArray(String[]::new));
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            events.add(event("order.created", ids.get(i - 1), w0.plusDays(1), "10:00:00"));
        }
        for (int i = 1; i <= 6; i++) {
            events.add(event("order.paid", ids.get(i - 1), w0.plusDays(2), "12:00:00"));
        }
        for (int i = 1; i <= 3; i++) {
            events.add(event("order.shipped", ids.get(i - 1), w0.plusWeeks(1), "09:00:00"));
        }
        for (int i = 11; i <= 15; i++) {
            events.add(event("order.created", ids.get(i - 1), w0.plusWeeks(2).plusDays(1), "10:00:00"));
        }
        for (int i = 11; i <= 12; i++) {
            events.add(event("order.paid", ids.get(i - 1), w0.plusWeeks(2).plusDays(2), "12:00:00"));
        }
        events.add(event("order.note", ids.get(12), today, "00:00:01"));
        events.add(event("order.note", ids.get(12), today, "00:00:02"));
        JsonNode answer = app.post("/v1/events/batch", Map.of("events", events), null).expect(200);
        for (JsonNode result : answer.path("results")) {
            assertEquals(201, result.path("status").asInt(), result::toString);
        }
        assertTrue(answer.path("results").size() == 28, answer::toString);
    }

    private static Map<String, Object> event(String type, String object, LocalDate day, String time) {
        return Map.of("type", type, "concerns", object, "occurredAt", day + "T" + time + "Z",
                "metaData", Map.of("channel", "web"));
    }
}
