package io.padic.dashboard.analytics;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Route;
import io.padic.dashboard.client.AnalyticsApi;
import io.padic.dashboard.client.ProjectsApi;
import io.padic.dashboard.support.BrowserTest;
import io.padic.dashboard.support.MemberPages;
import io.padic.dashboard.web.FormErrors;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Markup in names renders as text on every analytics page: in chart labels and tooltips (canvas text), tables, the
 * lifecycle SVG, the pickers and the messages. platform-api allows no markup in event or object type names (the
 * first test shows it refuses them), so names with markup reach the pages in two ways tested here: a shared link
 * whose parameters carry it (against the real platform-api), and every page's template rendered with answers
 * whose names and metaData values hold it, served to the browser under the dashboard's own origin and policy.
 */
@QuarkusTest
class AnalyticsMarkupTest extends BrowserTest {

    private static final String SCRIPT = "<script>alert('type')</script>";
    private static final String IMG = "<img src=x onerror=alert('object')>";
    private static final String META = "\"><svg onload=alert('meta')>";
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:";

    private final AtomicInteger dialogs = new AtomicInteger();

    @BeforeEach
    void countDialogs() {
        page.onDialog(dialog -> {
            dialogs.incrementAndGet();
            dialog.dismiss();
        });
    }

    @Test
    void aSharedLinkWithMarkupInItsParametersShowsTheMarkupAsText() {
        ApiClient api = ApiClient.to(apiUrl());
        Account account = api.signUp();
        String projectId = api.createProject(account, IMG);
        api.declareEventType(account, projectId, "order.created", Map.of("objectType", "order",
                "unknownFields", "allow", "fields", List.of()));
        String key = api.createKey(account, projectId, "owner");
        api.as(key).createObjects("order", "order-1");
        api.as(key).sendEvent("order.created", "order-1", Map.of("note", META, "channel", SCRIPT)).expect(201);
        assertEquals(422, api.as(key).sendEvent(SCRIPT, "order-1", Map.of()).status(), "no markup in event types");
        assertEquals(422, api.as(key).post("/v1/objects", Map.of("type", IMG, "id", "x-1"), null).status(),
                "no markup in object types");
        MemberPages.logIn(page, account);

        String hostile = "?objectType=" + enc(IMG) + "&step=" + enc(SCRIPT) + "&step=" + enc(META)
                + "&from=" + enc("\"><script>alert('from')</script>") + "&interval=" + enc(IMG)
                + "&window=" + enc(SCRIPT);
        for (String path : List.of("", "/active", "/retention", "/lifecycle", "/funnel", "/anomalies")) {
            page.navigate("/projects/" + projectId + "/analytics" + path + hostile);
            page.waitForLoadState();
            assertThat(page.locator("h1")).isVisible();
            assertThat(page.locator(".project-name")).hasText(IMG);
            assertThat(page.locator("#picker-problems")).containsText("is a date such as");
            if (!path.isEmpty() && !"/anomalies".equals(path)) {
                assertThat(page.locator("#pick-type option:checked")).hasText(IMG);
                assertThat(page.locator("#picker-problems")).containsText(IMG);
            }
            if ("/funnel".equals(path)) {
                assertThat(page.locator("#step-1")).hasValue(SCRIPT);
                assertThat(page.locator("#step-2")).hasValue(META);
            }
            noMarkupRan(path);
            shot("hostile-link" + path.replace('/', '-'));
        }
        assertEquals(List.of(), MemberPages.scriptErrors(consoleErrors), "no script ran, nothing broke the policy");
    }

    @Test
    void namesAndValuesWithMarkupRenderAsTextInChartsTablesAndTheGraph() {
        Map<String, String> pages = renderEveryPage();
        page.route("**/markup/**", route -> fulfil(route, pages));
        for (String name : pages.keySet()) {
            page.navigate("/markup/" + name);
            page.waitForLoadState();
            assertThat(page.locator("h1")).isVisible();
            switch (name) {
                case "home" -> {
                    assertThat(page.locator("#overview-table thead")).containsText(SCRIPT);
                    assertThat(page.locator("#type-totals")).containsText(IMG);
                    assertThat(page.locator("#new-types")).containsText(META);
                    assertEquals(SCRIPT, page.evaluate(
                            "() => document.getElementById('overview-chart').chart.data.datasets[0].label"));
                    assertThat(page.locator("#latest-anomalies")).containsText("note = " + META);
                }
                case "active" -> {
                    assertThat(page.locator("#active-title")).containsText(IMG);
                    assertThat(page.locator("#pick-type option:checked")).hasText(IMG);
                }
                case "retention" -> assertThat(page.locator("#retention-table caption")).containsText(IMG);
                case "lifecycle" -> {
                    assertThat(page.locator("#lifecycle-graph g.node title").first()).containsText(SCRIPT);
                    assertThat(page.locator("#lifecycle-graph g.node text").first()).containsText("<script>alert(");
                    assertThat(page.locator("#lifecycle-graph g.node title").nth(1)).hasText(META);
                    assertThat(page.locator("#lifecycle-graph g.edge title").first()).containsText(META);
                    assertThat(page.locator("#main-path")).hasText(SCRIPT + " → " + META);
                    assertThat(page.locator("#lifecycle-graph desc")).containsText(SCRIPT);
                    assertThat(page.locator("#transitions-table")).containsText(META);
                    assertEquals(1, page.locator("#lifecycle-graph g.edge[data-from=\"" + SCRIPT + "\"]").count(),
                            "the attribute holds the name as it is");
                }
                case "funnel" -> {
                    assertThat(page.locator("#step-1")).hasValue(SCRIPT);
                    assertThat(page.locator("#funnel-table")).containsText(META);
                    assertEquals(META, page.evaluate(
                            "() => document.getElementById('funnel-chart').chart.data.labels[1]"));
                }
                default -> {
                    assertThat(page.locator("#anomaly-list")).containsText("channel = " + SCRIPT);
                    assertThat(page.locator("#anomaly-list")).containsText(IMG + " events");
                    assertThat(page.locator(".series-table caption").first()).containsText(IMG);
                }
            }
            // Tooltips are drawn on the canvas: hovering the charts runs nothing.
            for (var canvas : page.locator("canvas[data-chart]").all()) {
                canvas.scrollIntoViewIfNeeded();
                canvas.hover();
            }
            page.locator("details").evaluateAll("all => all.forEach(d => d.open = true)");
            noMarkupRan(name);
            shot("markup-" + name);
        }
        assertEquals(List.of(), MemberPages.scriptErrors(consoleErrors), "no script ran, nothing broke the policy");
    }

    /**
     * A chart far below the fold is drawn when it is scrolled to, not before the page's load event (its first load
     * costs no Chart.js work for it); one in view is drawn before the load event.
     */
    @Test
    void aChartBelowTheFoldIsDrawnWhenScrolledToAndOneInViewBeforeTheLoadEvent() {
        Map<String, String> pages = renderEveryPage();
        page.route("**/markup/**", route -> fulfil(route, pages));
        page.addInitScript("addEventListener('load', () => { window.drawnAtLoad = Array.from("
                + "document.querySelectorAll('canvas[data-chart]'), (canvas) => Boolean(canvas.chart)); })");
        page.setViewportSize(1280, 300);
        String anomalyChart = "() => Boolean(document.querySelector('.anomaly-series canvas[data-chart]').chart)";

        page.navigate("/markup/anomalies");
        page.waitForLoadState();
        assertEquals(false, page.evaluate("() => window.drawnAtLoad.some(Boolean)"), "below the fold: not drawn at load");
        assertEquals(false, page.evaluate(anomalyChart), "nor after it, until scrolled to");
        page.locator(".anomaly-series canvas[data-chart]").first().scrollIntoViewIfNeeded();
        page.waitForFunction(anomalyChart);

        page.setViewportSize(1280, 900);
        page.navigate("/markup/home");
        page.waitForLoadState();
        assertEquals(true, page.evaluate("() => window.drawnAtLoad[0]"), "in view: drawn before the load event");
        assertEquals(List.of(), MemberPages.scriptErrors(consoleErrors), "the charts draw without script errors");
    }

    /** No dialog opened, no element the markup would have made, no script but the bundles. */
    private void noMarkupRan(String where) {
        assertEquals(0, dialogs.get(), where + ": a dialog opened");
        assertEquals(0, page.locator("img[src='x'], svg[onload], [onerror], [onload]").count(), where);
        assertEquals(0, page.locator("script:not([src])").count(), where + ": an inline script");
        assertEquals(0, page.locator("main svg:not(#lifecycle-graph)").count(), where + ": an injected svg");
    }

    private static void fulfil(Route route, Map<String, String> pages) {
        String name = route.request().url().replaceAll(".*/markup/", "");
        route.fulfill(new Route.FulfillOptions().setStatus(200).setBody(pages.get(name))
                .setHeaders(Map.of("Content-Type", "text/html; charset=UTF-8", "Content-Security-Policy", CSP)));
    }

    /** Each analytics page rendered from platform-api answers whose names hold markup. */
    private static Map<String, String> renderEveryPage() {
        // The layout reads request-scoped beans (the session, the CSP nonce): rendered here as in a request.
        ManagedContext request = Arc.container().requestContext();
        boolean ours = !request.isActive();
        if (ours) {
            request.activate();
        }
        try {
            LocalDate today = LocalDate.parse("2026-12-03");
            AnalyticsQuery query = AnalyticsQuery.of("prj_markup", "UTC", "2026-12-01", "2026-12-03", "day", IMG,
                    today);
            List<String> buckets = List.of("2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z", "2026-12-03T00:00:00Z");
            ProjectsApi.Project project = new ProjectsApi.Project("prj_markup", "ten_1", IMG, List.of("public"),
                    "reject", "UTC", null);
            AnalyticsApi.Overview overview = new AnalyticsApi.Overview("UTC", "day", false, buckets,
                    List.of(new AnalyticsApi.EventTypeSeries(SCRIPT, List.of(1L, 2L, 3L), 6, 0),
                            new AnalyticsApi.EventTypeSeries(IMG, List.of(0L, 1L, 0L), 1, 2)),
                    List.of(new AnalyticsApi.ObjectTypeSeries(IMG, List.of(1L, 3L, 3L), List.of(1L, 1L, 1L))),
                    List.of(META), List.of());
            AnalyticsApi.Anomaly flag = new AnalyticsApi.Anomaly("an_1", "events:" + IMG, "events", "day", IMG, null,
                    "2026-12-02T00:00:00Z", "2026-12-03T00:00:00Z", 10, 1, -4.2,
                    List.of(new AnalyticsApi.Share("meta:note=" + META, 0.8),
                            new AnalyticsApi.Share("meta:channel=" + SCRIPT, 0.2)), "2026-12-03T00:05:00Z");
            AnomalyViews.Listing listing = AnomalyViews.listing(new AnalyticsApi.Anomalies("UTC", 1, false,
                    List.of(flag)), query.zone());
            Frame frame = new Frame(project, query, "home", List.of(IMG), query.presets(today), FormErrors.none(),
                    "http://127.0.0.1:8080", null);
            Map<String, TemplateInstance> pages = new LinkedHashMap<>();
            pages.put("home", AnalyticsPages.Templates.home(frame, OverviewView.of(overview, query), listing));
            pages.put("active", AnalyticsPages.Templates.active(tab(frame, "active"), ActiveView.of(
                    new AnalyticsApi.Active(IMG, "day", false, buckets, List.of(1L, 2L, 0L), List.of(1L, 1L, 0L),
                            List.of(0L, 1L, 0L), List.of(0L, 0L, 0L), List.of(0L, 0L, -2L)), query)));
            pages.put("retention", AnalyticsPages.Templates.retention(tab(frame, "retention"), RetentionView.of(
                    new AnalyticsApi.Retention(IMG, "day", false, List.of(
                            new AnalyticsApi.Cohort(buckets.get(0), 2, List.of(2L, 1L, 0L)))), query)));
            pages.put("lifecycle", AnalyticsPages.Templates.lifecycle(tab(frame, "lifecycle"), LifecycleGraph.of(
                    new AnalyticsApi.Lifecycle(IMG, "a", "b", false, List.of(new AnalyticsApi.Start(SCRIPT, 2)),
                            List.of(new AnalyticsApi.Transition(SCRIPT, META, 2, 60, 90, 120),
                                    new AnalyticsApi.Transition(META, META, 1, 30, 30, 30)),
                            List.of(SCRIPT, META)))));
            FunnelView funnel = FunnelView.of(new AnalyticsApi.Funnel(IMG, "a", "b", "P30D", false, List.of(
                    new AnalyticsApi.Step(SCRIPT, 2, 1, 1, null), new AnalyticsApi.Step(META, 1, 0.5, 0.5, 60.0))));
            pages.put("funnel", AnalyticsPages.Templates.funnel(tab(frame, "funnel")
                    .withFunnel(FunnelView.Pick.of(funnel.steps(), "P30D")), funnel));
            List<AnomalyViews.SeriesChart> charts = AnomalyViews.charts(listing, query,
                    flagged -> new AnomalyViews.Values(buckets, List.of(9L, 1L, 8L)));
            pages.put("anomalies", AnalyticsPages.Templates.anomalies(tab(frame, "anomalies"), listing, charts));
            Map<String, String> html = new LinkedHashMap<>();
            pages.forEach((name, template) -> html.put(name, template.render()));
            assertTrue(new ArrayList<>(html.values()).stream().noneMatch(h -> h.contains(SCRIPT)),
                    "no page holds the markup unescaped");
            return html;
        } finally {
            if (ours) {
                request.terminate();
            }
        }
    }

    private static Frame tab(Frame frame, String tab) {
        return new Frame(frame.project(), frame.query(), tab, frame.objectTypes(), frame.presets(), frame.errors(),
                frame.apiUrl(), frame.funnel());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
