package io.padic.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.padic.dashboard.support.BrowserTest;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The API key form shows platform-api's refusals next to the inputs, and keeps what was typed. */
@QuarkusTest
class ApiKeyFormTest extends BrowserTest {

    @Test
    void aKeyWithoutScopesIsRefusedNextToTheScopes() {
        signUp("Ada");
        String projectId = createProject("Keys");
        page.navigate("/projects/" + projectId + "/api-keys");
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("reporting");
        for (String scope : List.of("objects:read", "objects:write", "events:read", "events:write")) {
            page.getByLabel(scope).uncheck();
        }
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")).click();

        assertThat(page.locator("#scopes-error")).isVisible();
        assertThat(page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true))).hasValue("reporting");
        assertThat(page.locator("#new-key-secret")).hasCount(0);
        assertThat(page.locator("#keys-area .empty")).containsText("No API keys yet");
        shot("no-scopes");

        // Fixed in place, the same form creates the key.
        page.getByLabel("objects:read").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")).click();
        assertThat(page.locator("#new-key-title")).containsText("reporting");
        assertThat(page.locator("#keys-area tbody tr")).hasCount(1);
        assertThat(page.locator("#keys-area tbody tr")).containsText("objects:read");
    }
}
