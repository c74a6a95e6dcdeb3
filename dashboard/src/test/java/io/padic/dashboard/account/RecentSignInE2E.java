package io.padic.dashboard.account;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.padic.dashboard.support.BrowserTest;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Deleting a project, or creating a key at the project's highest level, an hour after signing in: the form asks
 * for the password (keeping what was typed), refuses a wrong one beside the field, and goes on with the right one.
 */
@QuarkusTest
class RecentSignInE2E extends BrowserTest {

    /** Moves every session of the user with {@code email} to "signed in an hour ago", as waiting would. */
    private static void signedInAnHourAgo(String email) {
        try (MongoClient client = MongoClients.create(ConfigProvider.getConfig()
                .getValue("padic.test.store-uri", String.class))) {
            MongoDatabase store = client.getDatabase("padic-dashboard-test");
            Document user = store.getCollection("users").find(Filters.eq("email", email)).first();
            List<String> sessions = user.getList("sessionDigests", String.class);
            store.getCollection("sessions").updateMany(Filters.in("_id", sessions),
                    Updates.set("authenticatedAt", Date.from(Instant.now().minusSeconds(3600))));
        }
    }

    private com.microsoft.playwright.Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    @Test
    void deletingAProjectAsksForThePasswordAndKeepsTheTypedName() {
        String email = signUp("Ada");
        String projectId = createProject("Old shop");
        signedInAnHourAgo(email);
        page.navigate("/projects/" + projectId + "/delete");
        page.getByLabel("Type Old shop to confirm").fill("Old shop");
        button("Delete the project").click();
        assertThat(page.locator("#password-error")).containsText("Confirm your password");
        assertThat(page.getByLabel("Type Old shop to confirm")).hasValue("Old shop");
        shot("asks-for-password");
        page.getByLabel("Your password").fill("not my password");
        button("Delete the project").click();
        assertThat(page.locator("#password-error")).hasText("The password is wrong");
        assertThat(page.getByLabel("Type Old shop to confirm")).hasValue("Old shop");
        page.getByLabel("Your password").fill("correct horse battery");
        button("Delete the project").click();
        assertThat(page.locator("#notice")).hasText("Deleted the project “Old shop”; its API keys no longer work.");
    }

    @Test
    void aKeyAtTheHighestLevelAsksForThePasswordOthersDoNot() {
        String email = signUp("Ada");
        String projectId = createProject("Shop");
        signedInAnHourAgo(email);
        page.navigate("/projects/" + projectId + "/api-keys");
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("everything");
        page.getByLabel("Access level").selectOption("owner");
        button("Create key").click();
        assertThat(page.locator("#password-error")).containsText("Confirm your password");
        assertThat(page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true))).hasValue("everything");
        assertThat(page.getByLabel("Access level")).hasValue("owner");
        page.getByLabel("Your password").fill("correct horse battery");
        button("Create key").click();
        assertThat(page.locator("#new-key-secret")).hasValue(java.util.regex.Pattern.compile("^pdk_.*"));

        // A key at a lower level needs nothing more.
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("reader");
        page.getByLabel("Access level").selectOption("public");
        button("Create key").click();
        assertThat(page.locator("#new-key-title")).containsText("reader");
    }
}
