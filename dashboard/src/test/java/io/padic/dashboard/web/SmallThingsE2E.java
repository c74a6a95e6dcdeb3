package io.padic.dashboard.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.BoundingBox;
import io.padic.dashboard.support.BrowserTest;
import io.padic.dashboard.support.EveryPage;
import io.padic.dashboard.support.MemberPages;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The small things users noticed (issue 16, point 8): errors in plain words; times in the viewer's zone with how long ago and the exact
 * instant on hover; the skip link clear of the logo; a visible focus on the slider; Back after log out shows no
 * signed-in page; live regions only around what changes.
 */
@QuarkusTest
class SmallThingsE2E extends BrowserTest {

    @Test
    void timesAreLocalWithHowLongAgoAndTheExactInstantOnHover() {
        EveryPage data = EveryPage.seed(apiUrl());
        // A viewer in Tokyo (UTC+9, no summer time): the times shown are Tokyo's, the hover has UTC too.
        var tokyo = browserContext("Asia/Tokyo");
        var tab = tokyo.newPage();
        MemberPages.logIn(tab, data.account());
        for (String path : List.of("/projects", "/projects/" + data.projectId() + "/objects/photo-1",
                "/projects/" + data.projectId() + "/events", "/projects/" + data.projectId() + "/event-types/PhotoCreate")) {
            tab.navigate(path);
            Locator time = tab.locator("time[data-time]").first();
            assertThat(time).containsText(Pattern.compile("\\((just now|\\d+ (seconds?|minutes?) ago)\\)"));
            String iso = time.getAttribute("datetime");
            String tokyoTime = (String) tab.evaluate("iso => new Intl.DateTimeFormat('en-GB', {dateStyle: 'medium',"
                    + " timeStyle: 'short', timeZone: 'Asia/Tokyo'}).format(new Date(iso))", iso);
            assertThat(time).containsText(tokyoTime);
            assertThat(time).hasAttribute("title", Pattern.compile(".*GMT\\+9 · " + ((String) tab.evaluate(
                    "iso => new Date(iso).toISOString()", iso)).replace(".", "\\.") + "$"));
        }
        tokyo.close();
    }

    @Test
    void errorsAreSaidInPlainWords() {
        signUp("Ada");
        page.navigate("/workspaces");
        page.locator("#workspace-name").fill(" ");
        page.locator("form[action='/workspaces'] button[type=submit]").click();
        assertThat(page.locator("#name-error")).hasText("Fill this in.");
        String projectId = createProject("Draft");
        page.locator("#rename").fill("");
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new com.microsoft.playwright.Page.GetByRoleOptions().setName("Save settings")).click();
        assertThat(page.locator("#name-error")).hasText("Fill this in, with at most 200 characters.");
        assertThat(page.locator("main")).not().containsText("size must be");
        shot("plain-words-" + projectId.length());
    }

    @Test
    void theSkipLinkAppearsClearOfTheLogo() {
        signUp("Ada");
        page.keyboard().press("Tab");
        Locator skip = page.locator(".skip-link");
        assertThat(skip).isFocused();
        BoundingBox link = skip.boundingBox();
        BoundingBox logo = page.locator("header .brand").boundingBox();
        boolean overlaps = link.x < logo.x + logo.width && logo.x < link.x + link.width
                && link.y < logo.y + logo.height && logo.y < link.y + link.height;
        assertFalse(overlaps, "the skip link covers the logo");
        shot("skip-link");
        page.keyboard().press("Enter");
        assertThat(page.locator("#main")).isFocused();
    }

    @Test
    void theSliderShowsItsFocusAndLiveRegionsHoldOnlyWhatChanges() {
        EveryPage data = EveryPage.seed(apiUrl());
        MemberPages.logIn(page, data.account());
        page.navigate("/projects/" + data.projectId() + "/objects/photo-1");
        Locator slider = page.getByLabel("Step back in time");
        String before = outline(slider);
        slider.focus();
        page.keyboard().press("ArrowLeft");
        assertThat(page.locator("#state-seq")).hasText("2");
        String focused = outline(slider);
        assertNotEquals(before, focused, "focus changes how the slider looks");
        assertFalse(focused.startsWith("none") || focused.contains(" 0px"), "a visible outline: " + focused);
        shot("slider-focus");

        for (String path : List.of("/projects/" + data.projectId() + "/objects/photo-1",
                "/projects/" + data.projectId() + "/events", "/projects/" + data.projectId() + "/event-types/PhotoCreate",
                "/projects/" + data.projectId())) {
            page.navigate(path);
            @SuppressWarnings("unchecked")
            List<String> wide = (List<String>) page.evaluate("() => [...document.querySelectorAll('[aria-live]')]"
                    + ".filter(e => e.matches('body, main, header, section, table') || e.querySelector('table, section, form'))"
                    + ".map(e => e.tagName + '#' + e.id)");
            assertEquals(List.of(), wide, path + ": live regions around whole sections");
        }
    }

    @Test
    void backAfterLogOutShowsNoSignedInPage() {
        EveryPage data = EveryPage.seed(apiUrl());
        MemberPages.logIn(page, data.account());
        String project = "/projects/" + data.projectId();
        var answer = page.navigate(project);
        assertEquals("no-store", answer.headers().get("cache-control"));
        assertThat(page.locator("header .who")).isVisible();
        page.locator("form[action='/logout'] button").click();
        assertThat(page).hasURL(Pattern.compile(".*/login$"));

        page.goBack();
        page.waitForLoadState();
        assertThat(page).hasURL(Pattern.compile(".*/login\\?next=.*"));
        assertThat(page.locator("header .who")).hasCount(0);
        assertThat(page.locator("main")).not().containsText(EveryPage.LONG_NAME.substring(0, 40));
        shot("back-after-logout");
    }

    private static String outline(Locator element) {
        return (String) element.evaluate("e => { const s = getComputedStyle(e); return s.outlineStyle + ' '"
                + " + s.outlineWidth + ' ' + s.outlineColor + ' ' + s.boxShadow; }");
    }

    private com.microsoft.playwright.BrowserContext browserContext(String zone) {
        Browser browser = context.browser();
        return browser.newContext(new Browser.NewContextOptions().setBaseURL(dashboard.toString())
                .setTimezoneId(zone).setLocale("en-GB").setViewportSize(1280, 800));
    }
}
