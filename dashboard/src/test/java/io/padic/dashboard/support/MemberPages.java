package io.padic.dashboard.support;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import java.util.List;
import java.util.regex.Pattern;

/** Page steps the explorer, recent-events and violations tests share. */
public final class MemberPages {

    private MemberPages() {
    }

    /** Logs in through the log-in page with an account made over the API. */
    public static void logIn(Page page, Account account) {
        page.navigate("/login");
        page.getByLabel("E-mail").fill(account.email());
        page.getByLabel("Password").fill(ApiClient.PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
        assertThat(page).hasURL(Pattern.compile(".*/projects$"));
    }

    /**
     * The console errors that come from scripts or the Content-Security-Policy, leaving out failed loads (the
     * browser's own favicon request can 404 at any moment and is not what these tests are about).
     */
    public static List<String> scriptErrors(List<String> consoleErrors) {
        return consoleErrors.stream().filter(message -> !message.startsWith("Failed to load resource")).toList();
    }
}
