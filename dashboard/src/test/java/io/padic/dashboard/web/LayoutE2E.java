package io.padic.dashboard.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.LoadState;
import io.padic.dashboard.support.BrowserTest;
import io.padic.dashboard.support.EveryPage;
import io.padic.dashboard.support.MemberPages;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every page from 360 px wide up: nothing scrolls sideways (tables scroll inside their box), the project's tab
 * bar wraps inside the window, 200-character names are cut with an ellipsis and shown whole on hover, and no
 * label or chosen option of a select is cut off.
 */
@QuarkusTest
class LayoutE2E extends BrowserTest {

    /**
     * A box that scrolls sideways is reachable by keyboard (tabindex 0): one in view is found on load, one in a closed
     * details when it opens, not on load (reading it then lays out its hidden content on its own: on the violations
     * page, one layout per row).
     */
    @Test
    void aBoxThatScrollsInAClosedDetailsIsMadeFocusableWhenItOpens() {
        String login = page.navigate("/login").text();
        Matcher script = Pattern.compile("src=\"(/static/bundle/app-[^\"]+\\.js)\"").matcher(login);
        Matcher style = Pattern.compile("href=\"(/static/bundle/app-[^\"]+\\.css)\"").matcher(login);
        assertTrue(script.find() && style.find(), "the app bundle's script and style on the log-in page");
        String html = "<!DOCTYPE html><html lang=\"en\"><head><title>Wide</title><link rel=\"stylesheet\" href=\""
                + style.group(1) + "\"><script type=\"module\" src=\"" + script.group(1) + "\"></script></head><body>"
                + "<main><pre id=\"shown\">" + "x".repeat(500) + "</pre><details id=\"closed\"><summary>More</summary>"
                + "<pre>" + "y".repeat(500) + "</pre></details></main></body></html>";
        page.route("**/wide-boxes", route -> route.fulfill(new Route.FulfillOptions().setContentType("text/html")
                .setBody(html)));

        page.navigate("/wide-boxes");
        page.waitForLoadState();
        assertThat(page.locator("#shown")).hasAttribute("tabindex", "0");
        assertEquals(null, page.locator("#closed pre").getAttribute("tabindex"), "closed: not measured on load");
        page.locator("#closed summary").click();
        assertThat(page.locator("#closed pre")).hasAttribute("tabindex", "0");
    }

    @Test
    void everyPageFitsAPhoneAndLongNamesAreCutWithTheFullTextOnHover() {
        EveryPage data = EveryPage.seed(apiUrl());
        MemberPages.logIn(page, data.account());
        for (int[] size : List.of(new int[] {390, 844}, new int[] {360, 740}, new int[] {1280, 800})) {
            page.setViewportSize(size[0], size[1]);
            for (String path : data.paths()) {
                visit(path, size[0]);
            }
        }
        page.setViewportSize(390, 844);
        page.navigate("/projects/" + data.projectId());
        Locator name = page.locator("h1 .truncate");
        assertThat(name).hasAttribute("title", EveryPage.LONG_NAME);
        assertTrue((Boolean) name.evaluate("e => e.scrollWidth > e.clientWidth"), "the long name is cut");
        assertThat(page.locator(".project-nav .project-name")).hasAttribute("title", EveryPage.LONG_NAME);
        // The tab bar wraps: its last tab is inside the window.
        double right = ((Number) page.locator(".project-nav a[href$='/violations']")
                .evaluate("e => e.getBoundingClientRect().right")).doubleValue();
        assertTrue(right <= 390, "the last tab ends at " + right + " px");
    }

    @Test
    void signedOutPagesFitAPhone() {
        for (int width : List.of(360, 390)) {
            page.setViewportSize(width, 800);
            for (String path : EveryPage.SIGNED_OUT) {
                visit(path, width);
            }
        }
    }

    private void visit(String path, int width) {
        page.navigate(path);
        // What loads after the page (the object's timeline, swapped in by htmx) is measured too, in its fonts. This
        // waits for exactly that: NETWORKIDLE waited for half a second of quiet after each of the ~120 visits.
        page.waitForFunction("() => document.fonts.status === 'loaded'"
                + " && !document.querySelector('[hx-trigger~=\"load\"], .htmx-request')");
        String where = path + " at " + width + " px";
        int scroll = ((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue();
        int inner = ((Number) page.evaluate("() => window.innerWidth")).intValue();
        assertTrue(scroll <= inner, where + " scrolls sideways: scrollWidth " + scroll + " > innerWidth " + inner
                + "; sticking out: " + page.evaluate("w => [...document.querySelectorAll('body *')].filter(e =>"
                + " e.getBoundingClientRect().right > w && !e.parentElement.closest('table, pre, .table-scroll'))"
                + ".slice(0, 3).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)"
                + " + ' in ' + e.parentElement.outerHTML.slice(0, 300))",
                inner));
        assertEquals(0, horizontalOverflow(), where + " is wider than the window");
        @SuppressWarnings("unchecked")
        List<String> cut = (List<String>) page.evaluate("() => [...document.querySelectorAll('label')]"
                + ".filter(l => l.checkVisibility() && !l.matches('.visually-hidden') && l.scrollWidth > l.clientWidth + 1).map(l => l.textContent.trim())");
        assertEquals(List.of(), cut, where + ": labels cut off");
        // A select shows its chosen option whole: the text, in the select's font, fits inside its padding.
        @SuppressWarnings("unchecked")
        List<String> cutSelects = (List<String>) page.evaluate("() => { const ctx = document.createElement('canvas')"
                + ".getContext('2d'); return [...document.querySelectorAll('select')].filter(s => s.checkVisibility()"
                + " && s.selectedOptions.length).filter(s => { const st = getComputedStyle(s); ctx.font = st.font;"
                + " const room = s.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight);"
                + " return ctx.measureText(s.selectedOptions[0].text).width > room + 1; })"
                + ".map(s => (s.id || s.name) + ': ' + s.selectedOptions[0].text); }");
        assertEquals(List.of(), cutSelects, where + ": select labels cut off");
        shot(path.replaceAll("(prj|ten)_[a-z0-9]+", "id").replaceAll("[^A-Za-z0-9]+", "-").replaceAll("(^-|-$)", "") + "-" + width);
    }
}
