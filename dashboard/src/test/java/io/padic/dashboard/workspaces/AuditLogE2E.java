package io.padic.dashboard.workspaces;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.padic.dashboard.support.BrowserTest;
import io.padic.dashboard.support.MemberPages;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A workspace's audit log in the dashboard: reached from the workspaces list, newest first with each entry's time,
 * action, who and from where; filtered by action, by who (an e-mail or a key's name) and by days; paged back; and
 * downloaded as CSV with the filters, at 1280 and at 390 px without sideways scrolling.
 */
@QuarkusTest
class AuditLogE2E extends BrowserTest {

    @Test
    void readFilterPageAndDownloadTheAuditLog() throws IOException {
        ApiClient api = ApiClient.to(apiUrl());
        Account owner = api.signUp();
        // Signed in before the workspace exists, so the sign-in is in the personal workspace's log only.
        MemberPages.logIn(page, owner);
        ApiClient asOwner = api.as(owner.token());
        String workspace = asOwner.post("/v1/workspaces", Map.of("name", "Acme"), null).expect(201).path("id")
                .asText();
        String project = asOwner.post("/v1/projects", Map.of("name", "Shop", "tenantId", workspace), null)
                .expect(201).path("id").asText();
        asOwner.call("PATCH", "/v1/projects/" + project, Map.of("undeclaredEventTypes", "flag"), null).expect(200);
        String key = api.createKey(owner, project, "owner");
        api.as(key).createObjects("Note", "n1");
        String event = api.as(key).sendEvent("noted", "n1", Map.of("text", "hi")).expect(201).path("id").asText();
        api.as(key).post("/v1/events/" + event + "/hide", null, null).expect(201);
        for (int i = 1; i <= 50; i++) {
            asOwner.call("PATCH", "/v1/workspaces/" + workspace, Map.of("name", "Acme " + i), null).expect(200);
        }
        // 1 created + 1 project + 1 change + 1 key + 1 hide + 50 renames

        page.navigate("/workspaces");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Audit log of Acme 50")).click();
        assertThat(page.locator("h1")).hasText("Audit log");
        Locator rows = page.locator("#audit-entries tbody tr");
        assertThat(rows).hasCount(50);
        assertThat(rows.first()).containsText("workspace.renamed");
        assertThat(rows.first()).containsText(owner.email());
        assertThat(rows.first()).containsText("Acme 49 → Acme 50");
        assertThat(rows.first().locator("time[datetime]")).hasCount(1);
        shot("newest");

        page.locator("#older-entries").click();
        assertThat(rows).hasCount(5);
        assertThat(rows.last()).containsText("workspace.created");
        assertThat(page.locator("#older-entries")).hasCount(0);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Newest")).click();
        assertThat(rows).hasCount(50);

        label("Action").selectOption("event.hidden");
        button("Filter").click();
        assertThat(rows).hasCount(1);
        assertThat(rows.first()).containsText("API key");
        assertThat(rows.first()).containsText("test key");
        assertThat(rows.first()).containsText(event);
        shot("hidden-by-a-key");

        label("Action").selectOption("");
        label("Who").fill("test key");
        button("Filter").click();
        assertThat(rows).hasCount(1);

        label("Who").fill("");
        label("Action").selectOption("project.changed");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        label("From (UTC day)").fill(today);
        label("To (UTC day, included)").fill(today);
        button("Filter").click();
        assertThat(rows).hasCount(1);
        assertThat(rows.first()).containsText("undeclaredEventTypes");
        label("To (UTC day, included)").fill(LocalDate.now(ZoneOffset.UTC).minusDays(1).toString());
        label("From (UTC day)").fill("");
        button("Filter").click();
        assertThat(page.locator("main")).containsText("No entries that match the filters");

        // The CSV has the page's filters.
        label("To (UTC day, included)").fill("");
        button("Filter").click();
        assertThat(rows).hasCount(1);
        Download download = page.waitForDownload(() -> page.locator("#audit-csv").click());
        String csv = Files.readString(download.path(), StandardCharsets.UTF_8);
        List<String> lines = csv.lines().toList();
        assertEquals(2, lines.size(), csv);
        assertTrue(lines.get(0).startsWith("number,at,action,actorKind"), csv);
        assertTrue(lines.get(1).contains(",project.changed,user," + owner.userId() + "," + owner.email()), csv);
        assertEquals("audit-" + workspace + ".csv", download.suggestedFilename());

        page.setViewportSize(390, 844);
        page.navigate("/workspaces/" + workspace + "/audit");
        assertThat(rows).hasCount(50);
        assertEquals(0, horizontalOverflow(), "the audit log fits 390 px");
        shot("at-390");
        page.setViewportSize(1280, 900);
        assertEquals(0, horizontalOverflow());
        assertEquals(List.of(), MemberPages.scriptErrors(consoleErrors));
    }

    @Test
    void anotherUsersAuditLogIsNotFound() {
        ApiClient api = ApiClient.to(apiUrl());
        Account owner = api.signUp();
        String theirs = api.as(owner.token()).post("/v1/workspaces", Map.of("name", "Theirs"), null).expect(201)
                .path("id").asText();
        signUp("Eve");
        assertEquals(404, page.navigate("/workspaces/" + theirs + "/audit").status());
        assertEquals(404, page.navigate("/workspaces/" + theirs + "/audit.csv").status());
    }

    private Locator label(String text) {
        return page.getByLabel(text, new Page.GetByLabelOptions().setExact(true));
    }

    private Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }
}
