package io.padic.dashboard.auth;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.padic.dashboard.support.BrowserTest;
import io.padic.dashboard.support.Mailbox;
import io.padic.dashboard.support.SingleSignOnStack;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Single sign-on through a real Keycloak's login page (docs/user-guide.md, "Single sign-on"): a verified identity
 * signs in to the existing account of its e-mail and signs out; an identity whose e-mail Keycloak has not verified
 * does not open the account that holds that e-mail; an identity with no account gets a new one.
 */
@QuarkusTest
@TestProfile(SingleSignOnE2E.WithKeycloak.class)
class SingleSignOnE2E extends BrowserTest {

    /** Keycloak and a platform-api that trusts it, instead of the shared platform-api. */
    public static class WithKeycloak implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SingleSignOnStack.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    /** A local account with a password, its e-mail confirmed through the mailed link, and one project. */
    private Account confirmedAccount(String email, String name, String project) {
        ApiClient api = ApiClient.to(apiUrl());
        Account account = api.signUp(email, ApiClient.PASSWORD, name);
        api.createProject(account, project);
        page.navigate(Mailbox.await(email, "Confirm your e-mail address").linkPath());
        page.getByRole(AriaRole.BUTTON, named("Confirm my e-mail address")).click();
        assertThat(page.locator("#notice")).containsText("Your e-mail address is confirmed");
        return account;
    }

    /** From PAdic's log-in page through Keycloak's own login form, back to the dashboard. */
    private void signInAtKeycloak(String username, String password, String shotName) {
        page.navigate("/login");
        page.getByRole(AriaRole.BUTTON, named("Sign in with Keycloak")).click();
        // Keycloak's own page (Playwright hands the pattern to the browser as a JavaScript regex: no Pattern.quote).
        String issuer = ConfigProvider.getConfig().getValue("padic.auth.sso.issuer", String.class);
        assertThat(page).hasURL(Pattern.compile(
                "^" + issuer.replace(".", "\\.") + "/protocol/openid-connect/auth\\?.*"));
        shot(shotName);
        page.locator("#username").fill(username);
        page.locator("#password").fill(password);
        page.locator("#kc-login").click();
    }

    @Test
    void aVerifiedIdentitySignsInToTheExistingAccountAndSignsOut() {
        confirmedAccount("alice-sso@example.com", "Alice Local", "Alice's project");
        page.context().clearCookies(); // the confirmation left no PAdic session; start as a stranger
        page.navigate("/login");
        shotAtBothWidths("login-with-sso");

        signInAtKeycloak("alice", "alice keycloak password", "keycloak-login");
        assertThat(page).hasURL(Pattern.compile(".*/projects$"));
        // The same account: its project is there, and its name is the local one.
        assertThat(page.getByText("Alice's project")).isVisible();
        shotAtBothWidths("signed-in-through-keycloak");

        page.locator("form[action='/logout'] button").click();
        assertThat(page).hasURL(Pattern.compile(".*/login$"));
        page.navigate("/projects");
        assertThat(page).hasURL(Pattern.compile(".*/login\\?next=%2Fprojects$"));
        shotAtBothWidths("signed-out");
    }

    @Test
    void anUnverifiedEmailClaimDoesNotOpenTheAccountOfThatEmail() {
        confirmedAccount("bob-sso@example.com", "Bob Local", "Bob's private project");
        page.context().clearCookies();

        signInAtKeycloak("mallory", "mallory keycloak password", "keycloak-login-mallory");
        assertThat(page.locator(".form-errors")).containsText("has not verified that this e-mail address is yours");
        assertThat(page.getByText("Bob's private project")).hasCount(0);
        shotAtBothWidths("unverified-refused");
        page.navigate("/projects");
        assertThat(page).hasURL(Pattern.compile(".*/login\\?next=%2Fprojects$"));
        // Bob's password still opens Bob's account.
        assertFalse(ApiClient.to(apiUrl()).logIn("bob-sso@example.com", ApiClient.PASSWORD).isBlank());
    }

    @Test
    void anIdentityWithoutAnAccountGetsOne() {
        signInAtKeycloak("carol", "carol keycloak password", "keycloak-login-carol");
        assertThat(page).hasURL(Pattern.compile(".*/projects$"));
        page.navigate("/workspaces");
        assertThat(page.getByText("Carol New's workspace", new Page.GetByTextOptions().setExact(true))).isVisible();
        shotAtBothWidths("new-account-through-keycloak");
    }
}
