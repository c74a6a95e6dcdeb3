package io.padic.dashboard.events;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.padic.dashboard.support.BrowserTest;
import io.padic.dashboard.support.MemberPages;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Recent events: an empty state first, then an event sent over HTTP shows up without reloading the page. */
@QuarkusTest
class RecentEventsTest extends BrowserTest {

    @Test
    void aNewEventAppearsWithoutReload() {
        ApiClient api = ApiClient.to(apiUrl());
        Account account = api.signUp();
        String projectId = api.createProject(account, "Live");
        api.flagUndeclaredEventTypes(account, projectId);
        String key = api.createKey(account, projectId, "owner");
        api.as(key).createObjects("Thermometer", "kitchen");

        MemberPages.logIn(page, account);
        page.navigate("/projects/" + projectId + "/events");
        assertThat(page.locator("#recent-events p.empty")).containsText("No events yet");
        shot("no-events");
        AtomicInteger loads = new AtomicInteger();
        page.onLoad(p -> loads.incrementAndGet());

        String eventId = api.as(key).sendEvent("TemperatureRead", "kitchen", Map.of("celsius", 21.5)).expect(201)
                .path("id").asText();
        Locator row = page.locator("#recent-" + eventId);
        // Polling every 3 s: allow a few rounds on a busy machine.
        assertThat(row).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(20_000));
        assertThat(row).containsText("TemperatureRead");
        assertThat(row).containsText("kitchen");
        assertThat(row).containsText("21.5");
        shot("one-event");

        String second = api.as(key).sendEvent("TemperatureRead", "kitchen", Map.of("celsius", 22)).expect(201)
                .path("id").asText();
        assertThat(page.locator("#recent-events tbody tr").first())
                .hasId("recent-" + second, new LocatorAssertions.HasIdOptions().setTimeout(20_000));
        assertThat(page.locator("#recent-events tbody tr")).hasCount(2);
        assertEquals(0, loads.get(), "the list refreshed in place, the page was not reloaded");
    }
}
