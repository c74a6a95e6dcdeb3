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
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The objects browser (issue 16, point 5): a type's objects with their event count, last change and a preview of
 * the state, sortable, ids as links; on an object's page, hiding an event (confirmed, its effect shown), the
 * step-back position kept across access levels, and each timeline entry numbered once.
 */
@QuarkusTest
class ObjectBrowserTest extends BrowserTest {

    @Test
    void theListShowsCountsLastChangesAndStatesAndSorts() {
        page.setViewportSize(1280, 800);
        ApiClient api = ApiClient.to(apiUrl());
        Account account = api.signUp();
        String projectId = api.createProject(account, "Shop");
        api.flagUndeclaredEventTypes(account, projectId);
        String key = api.createKey(account, projectId, "owner");
        api.as(key).createObjects("Order", "order-a", "order-b", "order-c");
        for (int i = 0; i < 3; i++) {
            api.as(key).sendEvent("OrderLine", "order-b", Map.of("line" + i, "sku-" + i)).expect(201);
        }
        api.as(key).sendEvent("OrderPlaced", "order-a", Map.of("status", "placed")).expect(201);

        MemberPages.logIn(page, account);
        page.navigate("/projects/" + projectId + "/objects?type=Order");
        Locator rows = page.locator("#object-list tbody tr");
        assertThat(rows).hasCount(3);
        // Created order: a, b, c; each with its count, last change and state.
        assertThat(rows.nth(0).locator("td").nth(2)).hasText("1");
        assertThat(rows.nth(1).locator("td").nth(2)).hasText("3");
        assertThat(rows.nth(2).locator("td").nth(2)).hasText("0");
        assertThat(rows.nth(0).locator("td.preview")).containsText("\"status\":\"placed\"");
        assertThat(rows.nth(1).locator("td.preview")).containsText("\"line2\":\"sku-2\"");
        assertThat(rows.nth(0).locator("time")).not().isEmpty();
        shot("list");

        // Most events first, then fewest; the newest change first.
        page.locator("#sort-events").click();
        assertThat(page.locator("th[aria-sort=descending]")).containsText("Events");
        assertThat(rows.nth(0)).containsText("order-b");
        assertThat(rows.nth(2)).containsText("order-c");
        page.locator("#sort-events").click();
        assertThat(page.locator("th[aria-sort=ascending]")).containsText("Events");
        assertThat(rows.nth(0)).containsText("order-c");
        page.locator("#sort-updated").click();
        assertThat(rows.nth(0)).containsText("order-a");
        assertThat(page).hasURL(Pattern.compile(".*type=Order&sort=updated&dir=desc$"));
        shot("sorted-by-last-change");

        // Ids are links that look like links.
        Locator id = rows.nth(0).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("order-a"));
        assertEquals("underline", id.locator("code").evaluate("e => getComputedStyle(e).textDecorationLine"));
        page.setViewportSize(390, 844);
        shot("list-390");
        assertEquals(0, horizontalOverflow(), "the list fits a phone");
        page.setViewportSize(1280, 800);
        id.click();
        assertThat(page).hasURL(Pattern.compile(".*/objects/order-a$"));
        assertEquals(List.of(), MemberPages.scriptErrors(consoleErrors), "no script or CSP errors");
    }

    @Test
    void hidingAnEventAsksFirstAndShowsWhatItDid() {
        page.setViewportSize(1280, 800);
        ApiClient api = ApiClient.to(apiUrl());
        Account account = api.signUp();
        String projectId = api.createProject(account, "Notes");
        api.flagUndeclaredEventTypes(account, projectId);
        String key = api.createKey(account, projectId, "owner");
        api.as(key).createObjects("Note", "note-1");
        api.as(key).sendEvent("NoteWritten", "note-1", Map.of("text", "hello")).expect(201);
        api.as(key).sendEvent("NoteTagged", "note-1", Map.of("tag", "oops")).expect(201);

        MemberPages.logIn(page, account);
        page.navigate("/projects/" + projectId + "/objects/note-1");
        Locator entries = page.locator("#timeline > li");
        assertThat(entries).hasCount(2);
        // One number per entry: the list draws none of its own beside "#2".
        assertEquals("none", entries.first().evaluate("e => getComputedStyle(e).listStyleType"));
        assertEquals("none", page.locator("#timeline").evaluate("e => getComputedStyle(e).listStyleType"));
        assertThat(entries.first().locator("strong").first()).hasText("#2");

        // Dismissing the confirmation changes nothing.
        page.onceDialog(dialog -> dialog.dismiss());
        entries.first().getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Hide event #2")).click();
        assertThat(entries).hasCount(2);
        assertThat(page.locator("#state-json")).containsText("oops");

        String[] asked = new String[1];
        page.onceDialog(dialog -> {
            asked[0] = dialog.message();
            dialog.accept();
        });
        entries.first().getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Hide event #2")).click();
        assertThat(page.locator("#object-notice")).containsText("Hid event");
        assertThat(page.locator("#state-json")).not().containsText("oops");
        assertThat(page.locator("#state-json")).containsText("hello");
        assertThat(entries).hasCount(3);
        assertThat(entries.nth(0)).containsText("$hide");
        assertThat(entries.nth(0)).containsText("Hides event");
        assertThat(entries.nth(1).locator("mark")).hasText("hidden");
        assertThat(entries.nth(1).locator("form")).hasCount(0); // no Hide button on a hidden event
        assertEquals(true, asked[0] != null && asked[0].contains("Hide event #2"), "the browser asked first");
        shot("hidden");
        page.setViewportSize(390, 844);
        shot("hidden-390");
        assertEquals(0, horizontalOverflow(), "the object page fits a phone");
        assertEquals(List.of(), MemberPages.scriptErrors(consoleErrors), "no script or CSP errors");
    }

    @Test
    void switchingTheAccessLevelKeepsTheStepBackPosition() {
        page.setViewportSize(1280, 800);
        ApiClient api = ApiClient.to(apiUrl());
        Account account = api.signUp();
        String projectId = api.createProject(account, "Levels");
        api.flagUndeclaredEventTypes(account, projectId);
        String key = api.createKey(account, projectId, "owner");
        api.as(key).createObjects("Counter", "c1");
        for (int i = 1; i <= 4; i++) {
            api.as(key).sendEvent("Tick", "c1", Map.of("n", i)).expect(201);
        }
        MemberPages.logIn(page, account);
        page.navigate("/projects/" + projectId + "/objects/c1");
        page.getByLabel("Step back in time").fill("2");
        assertThat(page.locator("#state-seq")).hasText("2");
        assertThat(page.locator("#state-json")).containsText("\"n\" : 2");

        page.getByLabel("View as access level").selectOption("public");
        assertThat(page).hasURL(Pattern.compile(".*level=public.*"));
        assertThat(page).hasURL(Pattern.compile(".*seq=2.*"));
        assertThat(page.locator("#state-seq")).hasText("2");
        assertThat(page.locator("#state-json")).containsText("\"n\" : 2");
        assertThat(page.getByLabel("Step back in time")).hasValue("2");
        shot("public-at-2");
        // And back, still at 2; a reload of the address shows the same.
        page.getByLabel("View as access level").selectOption("owner");
        assertThat(page).hasURL(Pattern.compile(".*level=owner.*seq=2.*"));
        page.reload();
        assertThat(page.locator("#state-seq")).hasText("2");
    }
}
