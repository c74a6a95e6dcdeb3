package io.padic.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import io.padic.dashboard.support.BrowserTest;
import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Accounts (errors inline, log out, log in) and a project's life (rename, policy, delete with confirmation). */
@QuarkusTest
class AccountAndProjectTest extends BrowserTest {

    @Test
    void signUpErrorsShowNextToTheirFields() {
        page.navigate("/signup");
        page.getByLabel("Your name").fill("Ada");
        page.getByLabel("E-mail").fill("not-an-email");
        page.getByLabel("Password").fill("short");
        page.locator("form[action='/signup'] button[type=submit]").click();
        assertThat(page.locator("#email-error")).isVisible();
        assertThat(page.locator("#password-error")).isVisible();
        assertThat(page.getByLabel("Password")).hasAttribute("aria-invalid", "true");
        assertThat(page.getByLabel("Your name")).hasValue("Ada");
        shot("signup-errors");

        String email = signUp("Ada");
        page.locator("form[action='/logout'] button").click();
        page.navigate("/signup");
        page.getByLabel("Your name").fill("Ada again");
        page.getByLabel("E-mail").fill(email);
        page.getByLabel("Password").fill("correct horse battery");
        page.locator("form[action='/signup'] button[type=submit]").click();
        assertThat(page.locator("#email-error")).isVisible();
        shot("email-taken");
    }

    @Test
    void logOutAndLogInWithTheKeyboard() {
        String email = signUp("Ada");
        page.locator("form[action='/logout'] button").click();
        assertThat(page).hasURL(Pattern.compile(".*/login$"));
        // Signed out: pages send you to log in, and come back after it.
        page.navigate("/projects");
        assertThat(page).hasURL(Pattern.compile(".*/login\\?next=%2Fprojects$"));

        page.getByLabel("E-mail").fill(email);
        page.getByLabel("Password").fill("wrong password");
        page.keyboard().press("Enter");
        assertThat(page.locator("#password-error")).containsText("wrong");
        shot("wrong-password");

        // Keyboard only: focus the e-mail field, tab to the password, submit with Enter.
        page.getByLabel("E-mail").focus();
        page.keyboard().press("Tab");
        page.keyboard().insertText("correct horse battery");
        page.keyboard().press("Enter");
        assertThat(page).hasURL(Pattern.compile(".*/projects$"));
        assertThat(page.locator("header .who")).hasText("Ada");
    }

    @Test
    void renameChangePolicyAndDeleteAProject() {
        signUp("Ada");
        String projectId = createProject("Draft");
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Gallery");
        page.getByLabel("Store them and flag them as violations").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save settings")).click();
        assertThat(page.locator(".notice")).hasText("Saved.");
        assertThat(page.locator("h1")).hasText("Gallery");
        assertThat(page.getByLabel("Store them and flag them as violations")).isChecked();
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save settings")).click();
        assertThat(page.locator("#name-error")).isVisible();
        shot("rename-error");

        page.navigate("/projects/" + projectId);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete this project…")).click();
        page.getByLabel("Type Gallery to confirm").fill("gallery");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete the project")).click();
        assertThat(page.locator("#confirm-error")).isVisible();
        shot("delete-confirmation");
        page.getByLabel("Type Gallery to confirm").fill("Gallery");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete the project")).click();
        assertThat(page).hasURL(Pattern.compile(".*/projects\\?done=project-deleted.*"));
        assertThat(page.locator("#notice")).hasText("Deleted the project “Gallery”; its API keys no longer work.");
        assertThat(page.locator("main")).containsText("No projects in this workspace yet");

        Response gone = page.navigate("/projects/" + projectId);
        assertEquals(404, gone.status());
        assertThat(page.locator("h1")).hasText("Not found");
        shot("deleted");
    }
}
