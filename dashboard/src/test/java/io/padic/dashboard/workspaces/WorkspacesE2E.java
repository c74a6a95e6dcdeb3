package io.padic.dashboard.workspaces;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.padic.dashboard.support.BrowserTest;
import io.padic.testkit.ApiClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Workspaces from the dashboard: create one (it becomes current), create a project in it, switch back and forth,
 * rename, and delete with the typed name; every change ends in a sentence saying what it did. Another user's
 * workspace is a 404 page.
 */
@QuarkusTest
class WorkspacesE2E extends BrowserTest {

    @Test
    void createSwitchRenameAndDeleteAWorkspace() {
        signUp("Ada");
        page.navigate("/workspaces");
        Locator rows = page.locator("table.workspaces tbody tr");
        assertThat(rows).hasCount(1);
        // The personal workspace is renamed but never deleted.
        assertThat(rows.first().getByText("Delete…")).hasCount(0);

        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(" ");
        button("Create workspace").click();
        assertThat(page.locator("#name-error")).isVisible();
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Acme");
        button("Create workspace").click();
        assertThat(page.locator("#notice")).hasText("Created the workspace “Acme”; it is now the current one.");
        assertThat(rows).hasCount(2);
        shot("created");

        // New projects go into the current workspace.
        page.navigate("/projects");
        assertThat(page.locator("#workspace-title")).containsText("Acme");
        String projectId = createProject("Shop");
        page.navigate("/projects");
        assertThat(page.locator("main table")).containsText("Shop");

        // Switch to the personal workspace: its (empty) list, then back.
        page.getByLabel("Workspace", new Page.GetByLabelOptions().setExact(true)).selectOption(
                new com.microsoft.playwright.options.SelectOption().setLabel("Ada's workspace"));
        button("Switch").click();
        assertThat(page.locator("#workspace-title")).containsText("Ada's workspace");
        assertThat(page.locator("main")).containsText("No projects in this workspace yet");
        shot("switched");
        page.navigate("/workspaces");
        button("Switch to Acme").click();
        assertThat(page.locator("#notice")).hasText("Switched to the workspace “Acme”.");

        Locator acme = rows.filter(new Locator.FilterOptions().setHasText("Acme"));
        acme.getByText("Rename").click();
        acme.getByLabel("New name for Acme").fill("Acme Ltd");
        acme.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save name")).click();
        assertThat(page.locator("#notice")).hasText("Renamed the workspace to “Acme Ltd”.");

        // Deleting asks for the typed name, and is refused in plain words while a project is left.
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Delete Acme Ltd…")).click();
        page.getByLabel("Type Acme Ltd to confirm").fill("acme ltd");
        button("Delete the workspace").click();
        assertThat(page.locator("#confirm-error")).hasText("Type the workspace's name exactly to delete it");
        page.getByLabel("Type Acme Ltd to confirm").fill("Acme Ltd");
        button("Delete the workspace").click();
        assertThat(page.locator("#confirm-error")).containsText("still holds 1 project; delete them first");
        shot("refused");

        page.navigate("/projects/" + projectId + "/delete");
        page.getByLabel("Type Shop to confirm").fill("Shop");
        button("Delete the project").click();
        assertThat(page.locator("#notice")).hasText("Deleted the project “Shop”; its API keys no longer work.");

        page.navigate("/workspaces");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Delete Acme Ltd…")).click();
        page.getByLabel("Type Acme Ltd to confirm").fill("Acme Ltd");
        button("Delete the workspace").click();
        assertThat(page).hasURL(Pattern.compile(".*/workspaces\\?done=deleted.*"));
        assertThat(page.locator("#notice")).hasText("Deleted the workspace “Acme Ltd”.");
        assertThat(rows).hasCount(1);
        // The deleted workspace was current: the projects page falls back to the personal one.
        page.navigate("/projects");
        assertThat(page.locator("#workspace-title")).containsText("Ada's workspace");
        shot("deleted");
    }

    @Test
    void anotherUsersWorkspaceIsNotFound() {
        ApiClient api = ApiClient.to(apiUrl());
        var owner = api.signUp();
        String theirs = api.as(owner.token()).post("/v1/workspaces", java.util.Map.of("name", "Theirs"), null)
                .expect(201).get("id").asText();
        signUp("Eve");
        assertEquals(404, page.navigate("/workspaces/" + theirs + "/delete").status());
        page.navigate("/workspaces");
        assertThat(page.locator("main")).not().containsText("Theirs");
        // A forged switch names a workspace that is not hers: refused, and her current one stays.
        page.evaluate("id => { const f = document.querySelector('form[action=\"/workspaces\"]');"
                + " f.action = '/workspaces/switch'; const i = document.createElement('input'); i.type = 'hidden';"
                + " i.name = 'workspaceId'; i.value = id; f.appendChild(i); f.submit(); }", theirs);
        page.waitForLoadState();
        assertThat(page.locator("h1")).hasText("Not found");
        page.navigate("/projects");
        assertThat(page.locator("#workspace-title")).containsText("Eve's workspace");
    }

    private Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }
}
