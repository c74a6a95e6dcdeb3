package io.padic.dashboard.account;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.padic.dashboard.support.BrowserTest;
import io.padic.testkit.ApiClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;

/**
 * Account and security in the browser, at 1280 and at 390 px: turn on the second factor (QR, secret, first code,
 * recovery codes shown once), sign in with a code and with a recovery code on the log-in's second step; see the
 * sessions of two browsers and sign the other out; create a personal access token (shown once), see its use,
 * revoke it.
 */
@QuarkusTest
class AccountSecurityE2E extends BrowserTest {

    private static final TimeBasedOneTimePasswordGenerator TOTP = new TimeBasedOneTimePasswordGenerator(
            Duration.ofSeconds(30), 6, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);

    /** The code an authenticator app would show for {@code secret}, {@code stepsAhead} steps from now. */
    private static String code(String secret, int stepsAhead) {
        try {
            return TOTP.generateOneTimePasswordString(new SecretKeySpec(new Base32().decode(secret), "HmacSHA1"),
                    Instant.now().plusSeconds(30L * stepsAhead), java.util.Locale.ROOT);
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private void noSidewaysScroll(String where) {
        assertEquals(0, horizontalOverflow(), "no horizontal scroll on " + where + " at "
                + page.viewportSize().width + " px");
    }

    private void logIn(String email) {
        page.navigate("/login");
        page.getByLabel("E-mail").fill(email);
        page.getByLabel("Password").fill(ApiClient.PASSWORD);
        button("Log in").click();
    }

    private void logOut() {
        button("Log out").click();
        assertThat(page).hasURL(Pattern.compile(".*/login$"));
    }

    @Test
    void enrolThenSignInWithACodeAndWithARecoveryCodeAt1280() {
        enrolAndSignIn(1280);
    }

    @Test
    void enrolThenSignInWithACodeAndWithARecoveryCodeAt390() {
        enrolAndSignIn(390);
    }

    private void enrolAndSignIn(int width) {
        page.setViewportSize(width, 900);
        String email = signUp("Ada");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(Pattern.compile("^Ada$"))).click();
        assertThat(page).hasURL(Pattern.compile(".*/account$"));
        assertThat(page.locator("#totp-state")).containsText("off");
        button("Set up a second factor").click();
        assertThat(page.locator("figure.qr svg")).isVisible();
        String secret = page.getByLabel("Secret").inputValue();
        assertThat(page.getByLabel("Or this link (otpauth URI)")).hasValue(Pattern.compile("^otpauth://totp/.*"));
        shot("enrol-" + width);
        noSidewaysScroll("the enrolment");

        // A wrong code keeps the secret and the QR code on the page.
        page.getByLabel("Code from the app").fill(code(secret, 0).equals("123456") ? "654321" : "123456");
        button("Turn the second factor on").click();
        assertThat(page.locator("#code-error")).isVisible();
        assertThat(page.getByLabel("Secret")).hasValue(secret);
        assertThat(page.locator("figure.qr svg")).isVisible();
        page.getByLabel("Code from the app").fill(code(secret, 0));
        button("Turn the second factor on").click();
        Locator codes = page.locator("#recovery-codes li");
        assertThat(codes).hasCount(10);
        String recovery = codes.nth(2).innerText().trim();
        shot("recovery-codes-" + width);
        noSidewaysScroll("the recovery codes");
        // Shown once: the page, opened again, says it is on and how many are left.
        page.navigate("/account");
        assertThat(page.locator("#totp-state")).containsText("10 recovery codes left");
        assertThat(page.locator("#recovery-codes")).hasCount(0);

        logOut();
        logIn(email);
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Second step")))
                .isVisible();
        shot("second-step-" + width);
        noSidewaysScroll("the second step");
        page.getByLabel("Code or recovery code").fill("000000".equals(code(secret, 1)) ? "111111" : "000000");
        button("Continue").click();
        assertThat(page.locator("#code-error")).isVisible();
        page.getByLabel("Code or recovery code").fill(code(secret, 1));
        button("Continue").click();
        assertThat(page).hasURL(Pattern.compile(".*/projects$"));

        logOut();
        logIn(email);
        page.getByLabel("Code or recovery code").fill(recovery);
        button("Continue").click();
        assertThat(page).hasURL(Pattern.compile(".*/projects$"));
        page.navigate("/account");
        assertThat(page.locator("#totp-state")).containsText("9 recovery codes left");
        shot("on-" + width);
    }

    @Test
    void signOutTheOtherBrowserFromTheSessionsListAt1280And390() {
        String email = signUp("Ada");
        BrowserContext other = context.browser().newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setBaseURL(dashboard.toString()).setViewportSize(390, 800));
        try {
            Page phone = other.newPage();
            phone.navigate("/login");
            phone.getByLabel("E-mail").fill(email);
            phone.getByLabel("Password").fill(ApiClient.PASSWORD);
            phone.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
            assertThat(phone).hasURL(Pattern.compile(".*/projects$"));

            page.navigate("/account");
            Locator rows = page.locator("#sessions tbody tr");
            assertThat(rows).hasCount(2);
            assertThat(page.locator("#sessions tr.current-session")).containsText("(this one)");
            // The browser's own user agent, which the dashboard passes on at sign-in, not the dashboard's.
            assertThat(page.locator("#sessions tr.current-session")).containsText("Chrome");
            shot("sessions-1280");

            phone.navigate("/account");
            assertThat(phone.locator("#sessions tbody tr")).hasCount(2);
            assertEquals(0, ((Number) phone.evaluate("() => document.documentElement.scrollWidth"
                    + " - document.documentElement.clientWidth")).intValue(), "no horizontal scroll at 390 px");
            phone.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                    .setPath(java.nio.file.Path.of("target/screenshots/AccountSecurityE2E.sessions-390.png")));

            button("Sign out everywhere else").click();
            assertThat(page.locator("#notice")).hasText("Signed out every other session.");
            assertThat(rows).hasCount(1);
            phone.navigate("/projects");
            assertThat(phone).hasURL(Pattern.compile(".*/login.*"));
            shot("signed-out-elsewhere");
        } finally {
            other.close();
        }
    }

    @Test
    void createAPersonalAccessTokenSeeItUsedAndRevokeIt() {
        signUp("Ada");
        page.navigate("/account");
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("ci");
        page.getByLabel("Expires in (days)").fill("400");
        button("Create the token").click();
        assertThat(page.locator("#expiresInDays-error")).isVisible();
        assertThat(page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true))).hasValue("ci");
        page.getByLabel("Expires in (days)").fill("30");
        page.getByLabel("workspaces:read").check();
        button("Create the token").click();
        String token = page.getByLabel("Token", new Page.GetByLabelOptions().setExact(true)).inputValue();
        assertThat(page.getByLabel("Token", new Page.GetByLabelOptions().setExact(true)))
                .hasValue(Pattern.compile("^pat_.*"));
        shot("token-created");

        ApiClient api = ApiClient.to(apiUrl()).as(token);
        api.get("/v1/projects").expect(200);
        page.navigate("/account");
        Locator row = page.locator("#tokens tbody tr");
        assertThat(row).hasCount(1);
        assertThat(row.locator(".last-used time")).hasCount(1);
        assertThat(page.locator("#new-token-secret")).hasCount(0);
        page.setViewportSize(390, 900);
        noSidewaysScroll("the tokens");
        shot("tokens-390");
        page.setViewportSize(1280, 900);

        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke ci")).click();
        assertThat(page.locator("#notice")).hasText("Revoked the token; it no longer works.");
        assertThat(page.locator("#tokens tbody tr")).hasCount(0);
        assertEquals(401, api.get("/v1/projects").status());
    }
}
