package io.padic.dashboard.events;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.padic.dashboard.support.BrowserTest;
import io.padic.dashboard.support.MemberPages;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Recent events as a live tail (issue 16, point 4): filtered by type and object, paused and resumed, longer on
 * "Load older"; each event has a page, which the project header's search box opens by id, as it opens objects.
 */
@QuarkusTest
class LiveTailTest extends BrowserTest {

    private static final LocatorAssertions.IsVisibleOptions POLLED = new LocatorAssertions.IsVisibleOptions()
            .setTimeout(20_000);

    @Test
    void theTailFiltersPausesResumesAndLoadsOlder() {
        page.setViewportSize(1280, 800);
        ApiClient api = ApiClient.to(apiUrl());
        Account account = api.signUp();
        String projectId = api.createProject(account, "Tail");
        api.flagUndeclaredEventTypes(account, projectId);
        String key = api.createKey(account, projectId, "owner");
        api.as(key).createObjects("Sensor", "kitchen", "garden");
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            sent.add(0, api.as(key).sendEvent(i % 2 == 0 ? "TemperatureRead" : "DoorOpened",
                    i % 3 == 0 ? "garden" : "kitchen", Map.of("n", i)).expect(201).path("id").asText());
        }

        MemberPages.logIn(page, account);
        page.navigate("/projects/" + projectId + "/events");
        Locator rows = page.locator("#recent-events tbody tr");
        assertThat(rows).hasCount(50);
        assertThat(rows.first()).hasId("recent-" + sent.get(0));
        shot("tail");

        // Load older: the next 10, as far as the feed goes.
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Load older")).click();
        assertThat(rows).hasCount(60);
        assertThat(rows.last()).hasId("recent-" + sent.get(59));
        assertThat(page.locator("#feed-end")).containsText("No older events");

        // Filter by type and object: only what matches, and the filter survives the polling.
        page.getByLabel("Event type").fill("DoorOpened");
        page.getByLabel("Object id").fill("garden");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
        assertThat(page).hasURL(Pattern.compile(".*type=DoorOpened.*object=garden.*"));
        // Odd i are doors, multiples of 3 the garden: i = 3, 9, …, 57, ten events.
        assertThat(rows).hasCount(10);
        for (int i = 0; i < 10; i++) {
            assertThat(rows.nth(i)).containsText("DoorOpened");
            assertThat(rows.nth(i)).containsText("garden");
        }
        shot("filtered");

        // Paused, a new event stays out; resumed, it comes in.
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Pause")).click();
        assertThat(page.locator("#tail-state")).containsText("Paused");
        String late = api.as(key).sendEvent("DoorOpened", "garden", Map.of("n", 60)).expect(201).path("id").asText();
        page.waitForTimeout(4_500); // longer than one polling round
        assertThat(page.locator("#recent-" + late)).hasCount(0);
        shot("paused");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Resume")).click();
        assertThat(page.locator("#recent-" + late)).isVisible(POLLED);
        assertThat(rows.first()).hasId("recent-" + late);
        // One the filter leaves out never shows.
        String other = api.as(key).sendEvent("TemperatureRead", "garden", Map.of("n", 61)).expect(201)
                .path("id").asText();
        String newest = api.as(key).sendEvent("DoorOpened", "garden", Map.of("n", 62)).expect(201).path("id").asText();
        assertThat(page.locator("#recent-" + newest)).isVisible(POLLED);
        assertThat(page.locator("#recent-" + other)).hasCount(0);

        page.setViewportSize(390, 844);
        shot("filtered-390");
        assertEquals(0, horizontalOverflow(), "the tail fits a phone");
        assertEquals(List.of(), MemberPages.scriptErrors(consoleErrors), "no script or CSP errors");
    }

    @Test
    void theHeaderSearchOpensAnEventOrAnObjectById() {
        page.setViewportSize(1280, 800);
        ApiClient api = ApiClient.to(apiUrl());
        Account account = api.signUp();
        String projectId = api.createProject(account, "Search");
        api.flagUndeclaredEventTypes(account, projectId);
        String key = api.createKey(account, projectId, "owner");
        api.as(key).createObjects("Order", "order-1", "customer-7");
        String eventId = api.as(key).sendEvent("OrderPlaced", List.of("order-1", "customer-7"),
                Map.of("total", 42.5, "currency", "EUR")).expect(201).path("id").asText();

        MemberPages.logIn(page, account);
        // From any project page: here the API keys page.
        page.navigate("/projects/" + projectId + "/api-keys");
        Locator search = page.getByRole(AriaRole.SEARCHBOX, new Page.GetByRoleOptions().setName("Open an event"));
        search.fill(eventId);
        search.press("Enter");
        assertThat(page).hasURL(Pattern.compile(".*/projects/" + projectId + "/events/" + eventId + "$"));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).containsText(eventId);
        assertThat(page.locator("#event-data")).containsText("\"total\" : 42.5");
        Locator objects = page.locator("#event-objects li");
        assertThat(objects).hasCount(2);
        assertThat(objects.nth(1)).containsText("event #1 of this object");
        shot("event");
        page.setViewportSize(390, 844);
        shot("event-390");
        assertEquals(0, horizontalOverflow(), "the event page fits a phone");
        page.setViewportSize(1280, 800);

        // Its objects are links; the search box opens an object by id too.
        objects.nth(0).getByRole(AriaRole.LINK).click();
        assertThat(page).hasURL(Pattern.compile(".*/objects/order-1\\?seq=1$"));
        search.fill("customer-7");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Find")).click();
        assertThat(page).hasURL(Pattern.compile(".*/projects/" + projectId + "/objects/customer-7$"));
        assertThat(page.locator("#state-json")).containsText("EUR");

        // From the tail, each event links to its page.
        page.navigate("/projects/" + projectId + "/events");
        page.locator("#recent-" + eventId + " a.event-id").click();
        assertThat(page).hasURL(Pattern.compile(".*/events/" + eventId + "$"));

        search.fill("evt_nosuchevent");
        search.press("Enter");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Not found"))).isVisible();
        assertEquals(List.of(), MemberPages.scriptErrors(consoleErrors), "no script or CSP errors");
    }
}
