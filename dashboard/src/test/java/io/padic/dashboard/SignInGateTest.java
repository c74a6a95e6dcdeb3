package io.padic.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.dashboard.support.PlatformApiResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A visitor who is not signed in, on every page that needs a session: a page is answered with the log-in
 * redirect that brings them back to it, an htmx request and a form post with the log-in page alone, and a form
 * post without its CSRF token is refused as such first. Plain HTTP, no browser.
 */
@QuarkusTest
@QuarkusTestResource(PlatformApiResource.class)
class SignInGateTest {

    private static final Pattern CSRF_INPUT = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern CSRF_COOKIE = Pattern.compile("padic_csrf=([^;]+)");

    /** Every page that needs a session, with a query where the page reads one. */
    private static final List<String> PAGES = List.of("/projects", "/projects/p1", "/projects/p1/delete",
            "/projects/p1/event-types", "/projects/p1/event-types/_new", "/projects/p1/event-types/PhotoCreate",
            "/projects/p1/event-types/PhotoCreate/diff?from=1&to=2", "/projects/p1/api-keys",
            "/projects/p1/objects?type=photo%20album&cursor=abc", "/projects/p1/objects?id=photo-1",
            "/projects/p1/objects/photo-1?level=public&seq=2", "/projects/p1/objects/photo-1/timeline",
            "/projects/p1/objects/photo-1/state?seq=1", "/projects/p1/objects/photo-1/preview",
            "/projects/p1/events?type=Tick&object=c1", "/projects/p1/events/feed?limit=100&paused=true",
            "/projects/p1/events/evt_1", "/projects/p1/events/find?id=evt_1", "/projects/p1/api-keys/k1",
            "/projects/p1/violations?cursor=abc", "/projects/p1/analytics?from=2026-11-01&interval=week",
            "/projects/p1/analytics/active?objectType=order", "/projects/p1/analytics/retention",
            "/projects/p1/analytics/lifecycle", "/projects/p1/analytics/funnel?step=a&step=b",
            "/projects/p1/analytics/anomalies", "/projects/p1/analytics/active.csv?objectType=order",
            "/workspaces/w1/audit?action=project.created&cursor=5", "/workspaces/w1/audit.csv?from=2026-01-01");

    /** Every form that needs a session. */
    private static final List<String> FORMS = List.of("/projects", "/projects/p1/settings", "/projects/p1/delete",
            "/projects/p1/event-types", "/projects/p1/event-types/PhotoCreate",
            "/projects/p1/event-types/PhotoCreate/test", "/projects/p1/api-keys", "/projects/p1/api-keys/k1/revoke",
            "/projects/p1/objects/photo-1/events/evt_1/hide");

    @TestHTTPResource("/")
    URL dashboard;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void aPageSendsTheVisitorToLogInAndBackToIt() throws Exception {
        for (String page : PAGES) {
            HttpResponse<String> answer = send(request(page).GET());
            assertEquals(303, answer.statusCode(), page);
            assertEquals("/login?next=" + URLEncoder.encode(page, StandardCharsets.UTF_8), location(answer), page);
            assertTrue(answer.headers().allValues("Set-Cookie").stream()
                    .anyMatch(c -> c.startsWith("padic_session=;") && c.contains("Max-Age=0")),
                    page + " clears the session cookie: " + answer.headers().allValues("Set-Cookie"));
        }
    }

    @Test
    void anHtmxRequestLoadsTheLogInPage() throws Exception {
        for (String page : PAGES) {
            HttpResponse<String> answer = send(request(page).header("HX-Request", "true").GET());
            assertEquals(200, answer.statusCode(), page);
            assertEquals("/login", answer.headers().firstValue("HX-Redirect").orElseThrow(), page);
        }
    }

    @Test
    void aFormPostWithItsTokenSendsTheVisitorToLogIn() throws Exception {
        HttpResponse<String> login = send(request("/login").GET());
        Matcher token = CSRF_INPUT.matcher(login.body());
        Matcher cookie = CSRF_COOKIE.matcher(String.join("\n", login.headers().allValues("Set-Cookie")));
        assertTrue(token.find() && cookie.find(), "the log-in page carries a CSRF token and cookie");
        for (String form : FORMS) {
            HttpResponse<String> answer = send(post(form, "csrf=" + URLEncoder.encode(token.group(1),
                    StandardCharsets.UTF_8) + "&name=x").header("Cookie", "padic_csrf=" + cookie.group(1)));
            assertEquals(303, answer.statusCode(), form);
            assertEquals("/login", location(answer), form);
        }
    }

    @Test
    void aFormPostWithoutItsTokenIsRefusedBeforeTheSessionIsAskedFor() throws Exception {
        for (String form : FORMS) {
            HttpResponse<String> answer = send(post(form, "name=x"));
            assertEquals(400, answer.statusCode(), form);
        }
    }

    /** Where a redirect leads on this site: path and query as sent. */
    private static String location(HttpResponse<?> answer) {
        URI location = URI.create(answer.headers().firstValue("Location").orElseThrow());
        return location.getRawPath() + (location.getRawQuery() == null ? "" : "?" + location.getRawQuery());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(dashboard.toString().replaceAll("/$", "") + path));
    }

    private HttpRequest.Builder post(String path, String form) {
        return request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
