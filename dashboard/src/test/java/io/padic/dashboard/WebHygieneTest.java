package io.padic.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.dashboard.support.PlatformApiResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What a browser never shows but an attacker tries: form posts without the CSRF token or with another session's,
 * the cookies' flags (Secure wherever the dashboard is not on loopback), a forged session cookie, the
 * Content-Security-Policy and the headers that keep pages out of caches. Plain HTTP, no browser.
 */
@QuarkusTest
@QuarkusTestResource(PlatformApiResource.class)
class WebHygieneTest {

    private static final Pattern CSRF_INPUT = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @TestHTTPResource("/")
    URL dashboard;

    /** The "browser" most tests use. */
    private final Browser browser = new Browser();

    @Test
    void aFormPostWithoutTheCsrfTokenIsRefused() throws Exception {
        String csrf = signUp();

        HttpResponse<String> withoutToken = postForm("/projects", Map.of("name", "Forged"));
        assertTrue(withoutToken.statusCode() == 400 || withoutToken.statusCode() == 403,
                "a post without the token is refused, not " + withoutToken.statusCode());
        HttpResponse<String> wrongToken = postForm("/projects", Map.of("name", "Forged", "csrf", "bogus" + csrf));
        assertTrue(wrongToken.statusCode() == 400 || wrongToken.statusCode() == 403,
                "a post with a wrong token is refused, not " + wrongToken.statusCode());
        assertFalse(get("/projects").body().contains("Forged"), "nothing was created");

        // The same post with the token works: the refusal was about the token alone.
        HttpResponse<String> withToken = postForm("/projects", Map.of("name", "Honest", "csrf", csrf));
        assertEquals(303, withToken.statusCode());
        assertTrue(get("/projects").body().contains("Honest"));
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteLax() throws Exception {
        String csrf = csrfFrom(get("/signup"));
        HttpResponse<String> signedUp = postForm("/signup", Map.of("csrf", csrf, "name", "Eve",
                "email", "eve-" + UUID.randomUUID() + "@example.com", "password", "correct horse battery"));
        assertEquals(303, signedUp.statusCode());
        String session = setCookie(signedUp, "padic_session");
        assertTrue(session.matches("(?i).*;\\s*HttpOnly.*"), session);
        assertTrue(session.matches("(?i).*SameSite=Lax.*"), session);
        assertTrue(session.contains("Path=/"), session);
        // The cookie is sealed: it does not show the platform-api token (pds_...).
        assertFalse(session.contains("pds_"), session);
        browser.jar.clear();
        String csrfCookie = setCookie(get("/login"), "padic_csrf");
        assertTrue(csrfCookie.matches("(?i).*;\\s*HttpOnly.*"), csrfCookie);
    }

    @Test
    void aForgedSessionCookieSignsNobodyIn() throws Exception {
        signUp();
        String sealed = browser.jar.get("padic_session");
        browser.jar.put("padic_session", sealed.substring(0, sealed.length() - 4) + "AAAA");
        HttpResponse<String> projects = get("/projects");
        assertEquals(303, projects.statusCode());
        assertTrue(projects.headers().firstValue("Location").orElseThrow().contains("/login"));
    }

    @Test
    void pagesCarryAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<String> login = get("/login");
        String csp = login.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("script-src 'self';"), csp);
        assertFalse(csp.contains("unsafe-inline"), csp);
        assertFalse(csp.contains("unsafe-eval"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertFalse(login.body().contains("<script>"), "no inline script");
        assertFalse(login.body().contains(" style="), "no inline style");
        assertEquals("nosniff", login.headers().firstValue("X-Content-Type-Options").orElseThrow());
    }

    @Test
    void aCsrfTokenOfOneSessionIsRefusedByAnother() throws Exception {
        Browser mallory = new Browser();
        String malloryToken = mallory.signUp();
        browser.signUp();
        Map<String, String> victimCookies = new LinkedHashMap<>(browser.jar);

        // Mallory plants her CSRF cookie in the victim's browser (from a sibling domain, say) and has it post her
        // own form token: the pair matches, but it is not the pair the victim's session was signed in with.
        browser.jar.put("padic_csrf", mallory.jar.get("padic_csrf"));
        HttpResponse<String> forged = browser.postForm("/projects", Map.of("name", "Planted", "csrf", malloryToken));
        assertEquals(303, forged.statusCode());
        assertTrue(forged.headers().firstValue("Location").orElseThrow().contains("/login"),
                "the session does not act beside another session's token");

        browser.jar.clear();
        browser.jar.putAll(victimCookies);
        assertFalse(browser.get("/projects").body().contains("Planted"), "nothing was created");
        // Mallory's token still works in her own session: it was refused only in the victim's.
        assertEquals(303, mallory.postForm("/projects", Map.of("name", "Hers", "csrf", malloryToken)).statusCode());
        assertTrue(mallory.get("/projects").body().contains("Hers"));
    }

    @Test
    void onLoopbackCookiesWorkOverPlainHttp() throws Exception {
        String csrfCookie = setCookie(get("/signup"), "padic_csrf");
        assertFalse(csrfCookie.matches("(?i).*;\\s*Secure.*"), csrfCookie);
        String csrf = csrfFrom(get("/signup"));
        HttpResponse<String> signedUp = postForm("/signup", Map.of("csrf", csrf, "name", "Eve",
                "email", "eve-" + UUID.randomUUID() + "@example.com", "password", "correct horse battery"));
        String session = setCookie(signedUp, "padic_session");
        assertFalse(session.matches("(?i).*;\\s*Secure.*"), session);
        assertEquals(200, get("/projects").statusCode(), "signed in over plain HTTP");
    }

    @Test
    void behindTlsCookiesAreSecure() throws Exception {
        browser.extra.put("X-Forwarded-Proto", "https");
        String csrfCookie = setCookie(get("/signup"), "padic_csrf");
        assertTrue(csrfCookie.matches("(?i).*;\\s*Secure.*"), csrfCookie);
        String csrf = csrfFrom(get("/signup"));
        HttpResponse<String> signedUp = postForm("/signup", Map.of("csrf", csrf, "name", "Eve",
                "email", "eve-" + UUID.randomUUID() + "@example.com", "password", "correct horse battery"));
        String session = setCookie(signedUp, "padic_session");
        assertTrue(session.matches("(?i).*;\\s*Secure.*"), session);
        assertTrue(session.matches("(?i).*;\\s*HttpOnly.*"), session);
    }

    @Test
    void underAPublicHostNameCookiesAreSecure() throws Exception {
        // The JDK client will not send another Host than the URL's, so this one is written by hand.
        try (Socket socket = new Socket(dashboard.getHost(), dashboard.getPort())) {
            socket.getOutputStream().write(("GET /login HTTP/1.1\r\nHost: dashboard.example.com\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String head = answer.substring(0, answer.indexOf("\r\n\r\n"));
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            String csrfCookie = head.lines().filter(l -> l.regionMatches(true, 0, "Set-Cookie: padic_csrf=", 0, 23))
                    .findFirst().orElseThrow(() -> new AssertionError("no CSRF cookie in " + head));
            assertTrue(csrfCookie.matches("(?i).*;\\s*Secure.*"), csrfCookie);
        }
    }

    @Test
    void pagesAreNeverStoredAndNothingIsSniffed() throws Exception {
        HttpResponse<String> login = get("/login");
        assertEquals("no-store", login.headers().firstValue("Cache-Control").orElseThrow());
        signUp();
        HttpResponse<String> projects = get("/projects");
        assertEquals(200, projects.statusCode());
        assertEquals("no-store", projects.headers().firstValue("Cache-Control").orElseThrow(), "a signed-in page");
        assertEquals("nosniff", projects.headers().firstValue("X-Content-Type-Options").orElseThrow());
        HttpResponse<String> missing = get("/projects/prj_missing");
        assertEquals(404, missing.statusCode());
        assertEquals("no-store", missing.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals("nosniff", missing.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals("nosniff", get("/no/such/path").headers().firstValue("X-Content-Type-Options").orElseThrow());

        Matcher script = Pattern.compile("src=\"(/static/[^\"]+\\.js)\"").matcher(login.body());
        assertTrue(script.find(), "the page loads a bundle");
        HttpResponse<String> bundle = get(script.group(1));
        assertEquals(200, bundle.statusCode());
        assertEquals("nosniff", bundle.headers().firstValue("X-Content-Type-Options").orElseThrow(), "a static asset");
        assertFalse(bundle.headers().firstValue("Cache-Control").orElse("").contains("no-store"),
                "bundles stay cacheable");
    }

    @Test
    void signingInLeadsOnlyToAPageOfThisSite() throws Exception {
        String email = "next-" + UUID.randomUUID() + "@example.com";
        String csrf = csrfFrom(get("/signup"));
        assertEquals(303, postForm("/signup", Map.of("csrf", csrf, "name", "Nell", "email", email,
                "password", "correct horse battery")).statusCode());
        // Each would leave the site, or is no URL at all (once a 500): sign-in leads to the project list.
        for (String next : List.of("/ /evil", "//evil.com", "https://evil.com", "/\\evil.com", "/\t/evil.com",
                "/\n/evil.com", "%2F%2Fevil.com", "/%2", "/%zz", "http:evil.com", "/\u3000/evil", "/projects#x",
                " /projects", "javascript:alert(1)")) {
            HttpResponse<String> signedIn = postForm("/login", Map.of("csrf", csrf, "email", email,
                    "password", "correct horse battery", "next", next));
            assertEquals(303, signedIn.statusCode(), next + " -> " + signedIn.body());
            URI location = uri("/").resolve(signedIn.headers().firstValue("Location").orElseThrow());
            assertEquals(uri("/").getAuthority(), location.getAuthority(), next + " -> " + location);
            assertEquals("/projects", location.getRawPath(), next + " -> " + location);

            HttpResponse<String> form = get("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            assertEquals(200, form.statusCode(), next);
            assertTrue(form.body().contains("name=\"next\" value=\"\""), next + " is not carried on");
        }
        // A page of this site, with its query, is where sign-in leads.
        HttpResponse<String> local = postForm("/login", Map.of("csrf", csrf, "email", email,
                "password", "correct horse battery", "next", "/projects?from=login"));
        assertEquals(303, local.statusCode());
        assertTrue(local.headers().firstValue("Location").orElseThrow().endsWith("/projects?from=login"));
    }

    /** Signs up through the form; returns the CSRF token for later posts. */
    private String signUp() throws Exception {
        return browser.signUp();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return browser.get(path);
    }

    private HttpResponse<String> postForm(String path, Map<String, String> form)
            throws IOException, InterruptedException {
        return browser.postForm(path, form);
    }

    private static String setCookie(HttpResponse<?> response, String name) {
        List<String> all = response.headers().allValues("Set-Cookie");
        return all.stream().filter(c -> c.startsWith(name + "=")).findFirst()
                .orElseThrow(() -> new AssertionError("no Set-Cookie for " + name + " in " + all));
    }

    private static String csrfFrom(HttpResponse<String> page) {
        Matcher matcher = CSRF_INPUT.matcher(page.body());
        assertTrue(matcher.find(), "the page has a CSRF field");
        return matcher.group(1);
    }

    /** Plain HTTP with a cookie jar, as a browser would keep one; {@code extra} headers go on every request. */
    private final class Browser {

        /** The cookies this browser holds, by name, as the server set them (value only). */
        final Map<String, String> jar = new LinkedHashMap<>();
        final Map<String, String> extra = new LinkedHashMap<>();
        private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

        String signUp() throws Exception {
            String csrf = csrfFrom(get("/signup"));
            HttpResponse<String> signedUp = postForm("/signup", Map.of("csrf", csrf, "name", "Eve",
                    "email", "eve-" + UUID.randomUUID() + "@example.com", "password", "correct horse battery"));
            assertEquals(303, signedUp.statusCode(), signedUp::body);
            return csrf;
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(uri(path)).GET());
        }

        HttpResponse<String> postForm(String path, Map<String, String> form) throws IOException, InterruptedException {
            String body = form.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
            if (!jar.isEmpty()) {
                request.header("Cookie", jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; ")));
            }
            extra.forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String cookie : response.headers().allValues("Set-Cookie")) {
                String pair = cookie.split(";", 2)[0];
                String[] nameValue = pair.split("=", 2);
                if (nameValue[1].isEmpty()) {
                    jar.remove(nameValue[0]);
                } else {
                    jar.put(nameValue[0], nameValue[1]);
                }
            }
            return response;
        }
    }

    private URI uri(String path) {
        return URI.create(dashboard.toString().replaceAll("/$", "") + path);
    }
}
