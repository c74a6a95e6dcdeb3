package io.padic.dashboard.events;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.padic.dashboard.support.ApiSetup;
import io.padic.dashboard.support.BrowserTest;
import io.padic.dashboard.support.MemberPages;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Recent events: an empty state first, then an event sent over HTTP shows up without reloading the page. */
@QuarkusTest
class RecentEventsTest extends BrowserTest {

    @Test
    void aNewEventAppearsWithoutReload() {
        ApiSetup api = new ApiSetup(apiUrl());
        ApiSetup.Account account = api.signUp();
        String projectId = api.createProject(account, "Live");
        api.send("PATCH", "/v1/projects/" + projectId, account.token(), Map.of("undeclaredEventTypes", "flag"), 200);
        String key = api.createKey(account, projectId, "owner");
        api.createObject(key, "Thermometer", "kitchen");

        MemberPages.logIn(page, account);
        page.navigate("/projects/" + projectId + "/events");
        assertThat(page.locator("#recent-events p.empty")).containsText("No events yet");
        shot("no-events");
        AtomicInteger loads = new AtomicInteger();
        page.onLoad(p -> loads.incrementAndGet());

        String eventId = api.sendEvent(key, "TemperatureRead", "kitchen", Map.of("celsius", 21.5), 201)
                .path("id").asText();
        Locator row = page.locator("#recent-" + eventId);
        // Polling every 3 s: allow a few rounds on a busy machine.
        assertThat(row).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(20_000));
        assertThat(row).containsText("TemperatureRead");
        assertThat(row).containsText("kitchen");
        assertThat(row).containsText("21.5");
        shot("one-event");

        String second = api.sendEvent(key, "TemperatureRead", "kitchen", Map.of("celsius", 22), 201)
                .path("id").asText();
        assertThat(page.locator("#recent-events tbody tr").first())
                .hasId("recent-" + second, new LocatorAssertions.HasIdOptions().setTimeout(20_000));
        assertThat(page.locator("#recent-events tbody tr")).hasCount(2);
        assertEquals(0, loads.get(), "the list refreshed in place, the page was not reloaded");
    }
}
