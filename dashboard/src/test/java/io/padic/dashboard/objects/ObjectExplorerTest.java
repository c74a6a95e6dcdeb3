package io.padic.dashboard.objects;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.padic.dashboard.support.BrowserTest;
import io.padic.dashboard.support.MemberPages;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import io.padic.testkit.Photos;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The object explorer, with events sent over HTTP with an API key: the state, the timeline with what each event
 * changed, an older state after stepping back with the slider, and a field hidden when viewing as {@code public}.
 */
@QuarkusTest
class ObjectExplorerTest extends BrowserTest {

    @Test
    void showsStateTimelinePastStatesAndHidesFieldsBelowTheirLevel() {
        ApiClient api = ApiClient.to(apiUrl());
        Account account = api.signUp();
        String projectId = api.createProject(account, "Photos");
        api.declareEventType(account, projectId, "PhotoCreate", Photos.photoCreate());
        api.declareEventType(account, projectId, "PhotoModify", Photos.photoModify());
        String key = api.createKey(account, projectId, "owner");
        api.as(key).createObjects("Photo", "photo-1");
        api.as(key).createObjects("Photo", "photo-2");
        api.as(key).sendEvent("PhotoCreate", "photo-1", Map.of("name", "Sunset",
                "image_url", "https://img.example/1.jpg", "location", "Lisbon")).expect(201);
        api.as(key).sendEvent("PhotoModify", "photo-1", Map.of("name", "Sunset over the Tagus")).expect(201);

        MemberPages.logIn(page, account);
        page.navigate("/projects/" + projectId + "/objects?type=Photo");
        assertThat(page.locator("#object-list tbody tr")).hasCount(2);
        shot("object-list");

        page.getByLabel("Object id").fill("photo-1");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open")).click();
        assertThat(page).hasURL(Pattern.compile(".*/projects/" + projectId + "/objects/photo-1$"));
        Locator state = page.locator("#state-json");
        assertThat(state).containsText("\"name\" : \"Sunset over the Tagus\"");
        assertThat(state).containsText("\"location\" : \"Lisbon\"");
        // The timeline, newest first, with what each event changed.
        Locator entries = page.locator("#timeline > li");
        assertThat(entries).hasCount(2);
        assertThat(entries.nth(0)).containsText("PhotoModify");
        assertThat(entries.nth(0).locator("pre.diff .del")).hasText("- name: \"Sunset\"");
        assertThat(entries.nth(0).locator("pre.diff .add")).hasText("+ name: \"Sunset over the Tagus\"");
        assertThat(entries.nth(1)).containsText("PhotoCreate");
        assertThat(entries.nth(1).locator("pre.diff .add")).hasCount(3);
        shot("object-now");

        // Step back one event with the slider: the older name, without a page load.
        Locator slider = page.getByLabel("Step back in time");
        AtomicInteger loads = new AtomicInteger();
        page.onLoad(p -> loads.incrementAndGet());
        slider.fill("1");
        assertThat(page.locator("#state-seq")).hasText("1");
        assertThat(state).containsText("\"name\" : \"Sunset\"");
        assertThat(state).not().containsText("Tagus");
        shot("object-after-first-event");

        slider.fill("0");
        assertThat(page.locator("#state-seq")).hasText("0");
        assertThat(state).hasText("{ }");
        assertEquals(0, loads.get(), "the slider swaps the state in place");

        // View as public: the reducer leaves location out below owner. The slider stays where it was (0), so
        // step forward to the newest state.
        page.getByLabel("View as access level").selectOption("public");
        assertThat(page).hasURL(Pattern.compile(".*level=public.*"));
        assertThat(page.locator("#state-seq")).hasText("0");
        page.getByLabel("Step back in time").fill("2");
        assertThat(page.locator("#state-seq")).hasText("2");
        assertThat(state).containsText("\"name\" : \"Sunset over the Tagus\"");
        assertThat(state).not().containsText("location");
        assertThat(page.locator("#timeline > li").nth(1).locator("pre.diff .add")).hasCount(2);
        shot("object-as-public");
        assertEquals(List.of(), MemberPages.scriptErrors(consoleErrors), "no script or CSP errors");
    }

    @Test
    void theTimelineComesInPagesOfTenNewestFirst() {
        ApiClient api = ApiClient.to(apiUrl());
        Account account = api.signUp();
        String projectId = api.createProject(account, "Counters");
        api.flagUndeclaredEventTypes(account, projectId);
        String key = api.createKey(account, projectId, "owner");
        api.as(key).createObjects("Counter", "c1");
        for (int i = 1; i <= 12; i++) {
            api.as(key).sendEvent("Tick", "c1", Map.of("n", i)).expect(201);
        }
        MemberPages.logIn(page, account);
        page.navigate("/projects/" + projectId + "/objects/c1");
        Locator entries = page.locator("#timeline > li");
        assertThat(entries).hasCount(10);
        assertThat(entries.first()).hasId("event-12");
        assertThat(entries.last()).hasId("event-3");
        assertThat(entries.first().locator("pre.diff .add")).hasText("+ n: 12");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Older events")).click();
        assertThat(entries).hasCount(2);
        assertThat(entries.first()).hasId("event-2");
        assertThat(entries.first().locator("pre.diff .del")).hasText("- n: 1");
        shot("older-events");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Newer events")).click();
        assertThat(entries).hasCount(10);
        assertThat(page.locator("#state-seq")).hasText("12");
    }

    @Test
    void theListOfATypeComesInPagesOfAHundred() {
        ApiClient api = ApiClient.to(apiUrl());
        Account account = api.signUp();
        String projectId = api.createProject(account, "Many");
        String key = api.createKey(account, projectId, "owner");
        for (int i = 1; i <= 101; i++) {
            api.as(key).createObjects("Tag", "tag-" + i);
        }
        api.as(key).createObjects("Other", "other-1");
        MemberPages.logIn(page, account);
        page.navigate("/projects/" + projectId + "/objects");
        page.getByLabel("Type", new Page.GetByLabelOptions().setExact(true)).fill("Tag");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("List")).click();
        Locator rows = page.locator("#object-list tbody tr");
        assertThat(rows).hasCount(100);
        assertThat(rows.first()).containsText("tag-1");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Next page")).click();
        assertThat(rows).hasCount(1);
        assertThat(rows.first()).containsText("tag-101");
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Next page"))).hasCount(0);
        shot("second-page");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("First page")).click();
        assertThat(rows).hasCount(100);
    }

    @Test
    void aMissingObjectAndAnEmptyProjectSayWhatToDo() {
        ApiClient api = ApiClient.to(apiUrl());
        Account account = api.signUp();
        String projectId = api.createProject(account, "Empty");
        MemberPages.logIn(page, account);

        page.navigate("/projects/" + projectId + "/objects");
        assertThat(page.locator("p.empty")).containsText("No objects yet");
        shot("no-objects");
        page.getByLabel("Type", new Page.GetByLabelOptions().setExact(true)).fill("not a type!");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("List")).click();
        assertThat(page.locator("#type-error")).isVisible();

        page.navigate("/projects/" + projectId + "/objects/nothing-here");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Not found"))).isVisible();
    }
}
