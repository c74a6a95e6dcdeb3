package io.padic.dashboard.support;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Base of the browser tests: Debian's chromium driven by Playwright against the dashboard under test (itself
 * talking to a real platform-api, {@link PlatformApiResource}). Each test gets a fresh {@link #page} (own cookies)
 * and {@link #shot(String)} saves a screenshot to {@code target/screenshots/<Class.method>/<nn>-<step>.png}.
 * Subclasses are {@code @QuarkusTest}.
 */
@QuarkusTestResource(PlatformApiResource.class)
public abstract class BrowserTest {

    private static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private static Playwright playwright;
    private static Browser browser;

    @TestHTTPResource("/")
    protected URL dashboard;

    protected BrowserContext context;
    protected Page page;
    /** Messages the browser logged as errors, including Content-Security-Policy violations. */
    protected final List<String> consoleErrors = new ArrayList<>();

    private final List<BrowserContext> others = new ArrayList<>();
    private Path screenshots;
    private final AtomicInteger step = new AtomicInteger();

    @BeforeAll
    static void launchBrowser() {
        if (browser == null) {
            playwright = Playwright.create(new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(Path.of(System.getProperty("padic.chromium", "/usr/bin/chromium")))
                    .setHeadless(true)
                    .setArgs(CHROMIUM_ARGS));
            Runtime.getRuntime().addShutdownHook(new Thread(BrowserTest::closeBrowser));
        }
    }

    @AfterAll
    static void keepBrowser() {
        // One browser for the whole run: launching chromium costs a second or two per class.
    }

    private static synchronized void closeBrowser() {
        if (playwright != null) {
            playwright.close();
            playwright = null;
            browser = null;
        }
    }

    @BeforeEach
    void openPage(TestInfo info) {
        context = browser.newContext(new Browser.NewContextOptions()
                .setBaseURL(dashboard.toString())
                .setViewportSize(1280, 900)
                .setPermissions(List.of("clipboard-read", "clipboard-write")));
        context.setDefaultTimeout(15_000);
        page = context.newPage();
        page.onConsoleMessage(message -> {
            // A form re-rendered with its errors is answered 422, which the browser logs; that is by design.
            if ("error".equals(message.type()) && !message.text().contains("status of 422")) {
                consoleErrors.add(message.text() + " (at " + message.location() + ")");
            }
        });
        screenshots = Path.of(System.getProperty("padic.screenshots.dir", "target/screenshots"),
                info.getTestClass().map(Class::getSimpleName).orElse("test") + "."
                        + info.getTestMethod().map(Method::getName).orElse("run"));
    }

    @AfterEach
    void closePage() {
        others.forEach(BrowserContext::close);
        others.clear();
        if (context != null) {
            context.close();
        }
    }

    /**
     * A second browser with its own cookies (another person), closed with the test's own; its screenshots are
     * saved with {@link #shot(Page, String)}.
     */
    protected Page otherBrowser() {
        BrowserContext other = browser.newContext(new Browser.NewContextOptions()
                .setBaseURL(dashboard.toString()).setViewportSize(1280, 900));
        other.setDefaultTimeout(15_000);
        others.add(other);
        return other.newPage();
    }

    /** Saves a full-page screenshot of {@code other} (a page of {@link #otherBrowser()}) as the next step. */
    protected void shot(Page other, String name) {
        drawEveryChart(other);
        other.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                .setPath(screenshots.resolve(String.format("%02d-%s.png", step.incrementAndGet(), name))));
    }

    /** Saves a full-page screenshot of the current page as the next step. */
    protected void shot(String name) {
        drawEveryChart(page);
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                .setPath(screenshots.resolve(String.format("%02d-%s.png", step.incrementAndGet(), name))));
    }

    /** A full-page screenshot shows the charts below the fold too, which a page draws when they are scrolled to. */
    private static void drawEveryChart(Page page) {
        page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))");
    }

    /** Screenshots at a phone's width and a laptop's, after checking that neither scrolls sideways. */
    protected void shotAtBothWidths(String name) {
        for (int width : new int[] {390, 1280}) {
            page.setViewportSize(width, 900);
            org.junit.jupiter.api.Assertions.assertEquals(0, horizontalOverflow(),
                    name + " scrolls sideways at " + width + " px");
            shot(name + "-" + width);
        }
    }

    /** Role options naming the element, as in {@code page.getByRole(AriaRole.BUTTON, named("Save"))}. */
    protected static Page.GetByRoleOptions named(String name) {
        return new Page.GetByRoleOptions().setName(name);
    }

    /** How many pixels the page is wider than its window (0: nothing to scroll sideways). */
    protected int horizontalOverflow() {
        return ((Number) page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")).intValue();
    }

    /** platform-api's base URL, as the dashboard under test uses it. */
    protected static String apiUrl() {
        return ConfigProvider.getConfig().getValue("padic.api.url", String.class);
    }

    /** A fresh e-mail address, so tests never collide on sign-up. */
    protected static String newEmail() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** Signs a new user up through the sign-up page; returns the e-mail. Lands on the projects page. */
    protected String signUp(String name) {
        String email = newEmail();
        page.navigate("/signup");
        page.getByLabel("Your name").fill(name);
        page.getByLabel("E-mail").fill(email);
        page.getByLabel("Password").fill("correct horse battery");
        page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Sign up")).click();
        assertThat(page).hasURL(Pattern.compile(".*/projects$"));
        page.waitForLoadState();
        return email;
    }

    /** Creates a project from the projects page; returns its id. Lands on the project's home. */
    protected String createProject(String name) {
        page.navigate("/projects");
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(name);
        page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Create project")).click();
        assertThat(page.getByRole(AriaRole.HEADING,
                new Page.GetByRoleOptions().setName(name).setLevel(1))).isVisible();
        page.waitForLoadState();
        return URI.create(page.url()).getPath().substring("/projects/".length());
    }

    /** One row of the editor's fields table. */
    public record Field(String name, String type, boolean required, String description) {
    }

    /**
     * Defines an event type in the editor: fields as {name, type, required, description} rows, and the
     * applyEvent body typed into CodeMirror. Lands on the saved type's editor.
     */
    protected void defineEventType(String projectId, String name, String unknownFields, List<Field> fields,
            String applyEvent) {
        page.navigate("/projects/" + projectId + "/event-types/_new");
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(name);
        page.getByLabel("Fields not declared below").selectOption(unknownFields);
        Locator rows = page.locator("#field-rows tr");
        for (int i = 0; i < fields.size(); i++) {
            if (i >= rows.count()) {
                page.locator("#add-field").click();
            }
            Locator row = rows.nth(i);
            Field field = fields.get(i);
            row.getByLabel("Field name").fill(field.name());
            row.getByLabel("Field type").selectOption(field.type());
            row.getByLabel("Required").selectOption(field.required() ? "required" : "optional");
            row.getByLabel("Field description").fill(field.description());
        }
        typeCode(applyEvent);
        page.locator("#save-type").click();
        assertThat(page.locator("#saved-notice")).isVisible();
        // Scripts (htmx, the editor) must have run before the next step uses them.
        page.waitForLoadState();
    }

    /** Replaces the code in the page's CodeMirror editor, as typing would (no auto-closed brackets). */
    protected void typeCode(String code) {
        page.locator(".cm-content").click();
        page.keyboard().press("ControlOrMeta+A");
        page.keyboard().press("Delete");
        page.keyboard().insertText(code);
    }

    /**
     * Another workspace's user, logged in, posts the form at {@code path} with their own CSRF token (taken from a
     * page of their own project): the status the dashboard answers.
     */
    protected int postAsStranger(ApiClient api, String path) {
        Account stranger = api.signUp();
        String own = api.createProject(stranger, "Elsewhere");
        context.clearCookies();
        MemberPages.logIn(page, stranger);
        page.navigate("/projects/" + own);
        return ((Number) page.evaluate("""
                async path => {
                  const token = document.querySelector('input[name=csrf]').value;
                  const answer = await fetch(path, { method: 'POST', redirect: 'manual',
                    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
                    body: 'csrf=' + encodeURIComponent(token) });
                  return answer.status;
                }""", path)).intValue();
    }
}
