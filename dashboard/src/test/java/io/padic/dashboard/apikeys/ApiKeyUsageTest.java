package io.padic.dashboard.apikeys;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.padic.dashboard.support.BrowserTest;
import io.padic.dashboard.support.MemberPages;
import io.padic.testkit.ApiClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * API keys (issue 16, point 9): presets that tick sensible scopes, each scope explained beside its box, and per
 * key its last use, its requests of the last 24 h and its refused requests of the last hour (status, problem,
 * time), like Stripe's request log.
 */
@QuarkusTest
class ApiKeyUsageTest extends BrowserTest {

    @Test
    void presetsTickScopesAndEachScopeIsExplained() {
        page.setViewportSize(1280, 800);
        signUp("Ada");
        String projectId = createProject("Presets");
        page.navigate("/projects/" + projectId + "/api-keys");
        // The default: a backend key, which may write.
        assertThat(page.getByLabel("Backend")).isChecked();
        for (String scope : List.of("objects:read", "objects:write", "events:read", "events:write")) {
            assertThat(page.getByLabel(scope)).isChecked();
        }
        assertThat(page.locator("#scope-help-events-write")).containsText("send events");
        assertThat(page.getByLabel("events:write")).hasAttribute("aria-describedby", "scope-help-events-write");
        shot("backend-preset");

        page.getByLabel("Browser").check();
        assertThat(page.getByLabel("objects:read")).isChecked();
        assertThat(page.getByLabel("events:read")).isChecked();
        assertThat(page.getByLabel("objects:write")).not().isChecked();
        assertThat(page.getByLabel("events:write")).not().isChecked();
        assertThat(page.locator("#preset-help-browser")).containsText("read-only");
        // Ticking a box by hand makes it a custom set.
        page.getByLabel("events:write").check();
        assertThat(page.getByLabel("Custom")).isChecked();
        page.getByLabel("events:write").uncheck();
        assertThat(page.getByLabel("Browser")).isChecked();

        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("web page");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")).click();
        assertThat(page.locator("#keys-area tbody tr")).containsText("objects:read events:read");
        // After creating, the form is back at its default.
        assertThat(page.getByLabel("Backend")).isChecked();
        page.setViewportSize(390, 844);
        shot("keys-390");
        assertEquals(0, horizontalOverflow(), "the keys page fits a phone");
        assertEquals(List.of(), MemberPages.scriptErrors(consoleErrors), "no script or CSP errors");
    }

    @Test
    void eachKeyShowsItsUseAndItsRefusedRequests() throws InterruptedException {
        page.setViewportSize(1280, 800);
        signUp("Grace");
        String projectId = createProject("Usage");
        page.navigate("/projects/" + projectId + "/api-keys");
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("browser app");
        page.getByLabel("Browser").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")).click();
        String secret = page.locator("#new-key-secret").inputValue();
        Locator row = page.locator("#keys-area tbody tr").first();
        assertThat(row.locator("td.last-used")).hasText("never");
        assertThat(row.locator("td.requests")).hasText("0");

        ApiClient app = ApiClient.to(apiUrl()).as(secret);
        app.get("/v1/objects?type=Photo").expect(200);
        app.readObject("photo-9", null).expect(404);
        app.sendEvent("PhotoCreate", "photo-9", Map.of("name", "x")).expect(403);

        // Counted within a few seconds (written to Redis every 2 s).
        for (int i = 0; i < 20 && !"3".equals(requests(projectId)); i++) {
            Thread.sleep(500);
        }
        assertThat(row.locator("td.requests")).hasText("3");
        assertThat(row.locator("td.last-used time")).isVisible();
        assertFalse(row.locator("td.last-used").textContent().contains("never"));
        assertThat(row.locator("td.refused")).hasText("2");
        shot("key-used");

        row.locator("td.refused a").click();
        assertThat(page).hasURL(Pattern.compile(".*/projects/" + projectId + "/api-keys/key_[^/]+$"));
        Locator refusals = page.locator("#refusals tbody tr");
        assertThat(refusals).hasCount(2);
        assertThat(refusals.nth(0)).containsText("403");
        assertThat(refusals.nth(0)).containsText("Forbidden");
        assertThat(refusals.nth(0)).containsText("events:write");
        assertThat(refusals.nth(0)).containsText("POST /v1/events");
        assertThat(refusals.nth(1)).containsText("404");
        assertThat(refusals.nth(1)).containsText("GET /v1/objects/photo-9");
        assertTrue(refusals.nth(0).locator("time").getAttribute("datetime").startsWith("20"), "each has its time");
        shot("refusals");
        page.setViewportSize(390, 844);
        shot("refusals-390");
        assertEquals(0, horizontalOverflow(), "the refusals page fits a phone");
        assertEquals(List.of(), MemberPages.scriptErrors(consoleErrors), "no script or CSP errors");
    }

    /** The first key's request count as the keys page shows it now. */
    private String requests(String projectId) {
        page.navigate("/projects/" + projectId + "/api-keys");
        return page.locator("#keys-area tbody tr td.requests").first().textContent().trim();
    }
}
