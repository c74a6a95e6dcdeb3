package io.padic.dashboard.auth;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.options.AriaRole;
import io.padic.dashboard.support.BrowserTest;
import io.padic.dashboard.support.Mailbox;
import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The mailed links end to end in the browser: "Forgot your password?" to a new password and a log-in with it, and
 * confirming the e-mail address (after asking for the mail again). Mails are read from the tests' SMTP server.
 */
@QuarkusTest
class AccountMailsE2E extends BrowserTest {

    private static final String NEW_PASSWORD = "violet tractor lagoon";

    @Test
    void aForgottenPasswordIsResetThroughTheMailedLink() {
        String email = signUp("Rosa Reset");
        page.locator("form[action='/logout'] button").click();
        assertThat(page).hasURL(Pattern.compile(".*/login$"));

        page.getByRole(AriaRole.LINK, named("Forgot your password?")).click();
        page.getByLabel("E-mail").fill(email);
        shotAtBothWidths("forgot");
        page.getByRole(AriaRole.BUTTON, named("Mail me a link")).click();
        assertThat(page.locator("h1")).hasText("Check your mail");
        assertThat(page.locator("#notice")).containsText(email);
        shotAtBothWidths("check-your-mail");

        String link = Mailbox.await(email, "Reset your PAdic password").linkPath();
        page.navigate(link);
        page.getByLabel("New password").fill("password");
        page.getByRole(AriaRole.BUTTON, named("Set the new password")).click();
        assertThat(page.locator("#password-error")).isVisible();
        page.getByLabel("New password").fill(NEW_PASSWORD);
        shotAtBothWidths("new-password");
        page.getByRole(AriaRole.BUTTON, named("Set the new password")).click();
        assertThat(page).hasURL(Pattern.compile(".*/login\\?done=password-reset$"));
        assertThat(page.locator("#notice")).containsText("Your password was changed");
        shotAtBothWidths("password-changed");

        page.getByLabel("E-mail").fill(email);
        page.getByLabel("Password").fill(NEW_PASSWORD);
        page.getByRole(AriaRole.BUTTON, named("Log in")).click();
        assertThat(page).hasURL(Pattern.compile(".*/projects$"));

        // The link worked once.
        page.navigate(link);
        page.getByLabel("New password").fill("another fine passphrase");
        page.getByRole(AriaRole.BUTTON, named("Set the new password")).click();
        assertThat(page.locator("#link-problem")).containsText("used already");
        shotAtBothWidths("link-used");
    }

    @Test
    void theEmailAddressIsConfirmedThroughTheMailedLink() {
        String email = signUp("Vera Verify");
        page.navigate("/workspaces");
        assertThat(page.locator("#unverified")).containsText("not confirmed yet");
        page.getByRole(AriaRole.BUTTON, named("Send the mail again")).click();
        assertThat(page.locator("#notice")).containsText("We sent another confirmation mail to " + email);
        shotAtBothWidths("unconfirmed");

        page.navigate(Mailbox.await(email, "Confirm your e-mail address", 2).linkPath());
        shotAtBothWidths("confirm");
        page.getByRole(AriaRole.BUTTON, named("Confirm my e-mail address")).click();
        assertThat(page.locator("#notice")).containsText("Your e-mail address is confirmed");
        shotAtBothWidths("confirmed");

        page.navigate("/workspaces");
        assertThat(page.locator("#unverified")).hasCount(0);
    }
}
