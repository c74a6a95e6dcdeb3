package io.padic.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.dashboard.support.PlatformApiResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
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
 * What a browser never shows but an attacker tries: form posts without the CSRF token, the session cookie's
 * flags, a forged session cookie, and the Content-Security-Policy. Plain HTTP, no browser.
 */
@QuarkusTest
@QuarkusTestResource(PlatformApiResource.class)
class WebHygieneTest {

    private static final Pattern CSRF_INPUT = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @TestHTTPResource("/")
    URL dashboard;

    /** The cookies this "browser" holds, by name, as the server set them (value only). */
    private final Map<String, String> jar = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

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
        jar.clear();
        String csrfCookie = setCookie(get("/login"), "padic_csrf");
        assertTrue(csrfCookie.matches("(?i).*;\\s*HttpOnly.*"), csrfCookie);
    }

    @Test
    void aForgedSessionCookieSignsNobodyIn() throws Exception {
        signUp();
        String sealed = jar.get("padic_session");
        jar.put("padic_session", sealed.substring(0, sealed.length() - 4) + "AAAA");
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
        String csrf = csrfFrom(get("/signup"));
        HttpResponse<String> signedUp = postForm("/signup", Map.of("csrf", csrf, "name", "Eve",
                "email", "eve-" + UUID.randomUUID() + "@example.com", "password", "correct horse battery"));
        assertEquals(303, signedUp.statusCode(), signedUp::body);
        return csrf;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<String> postForm(String path, Map<String, String> form)
            throws IOException, InterruptedException {
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

    private URI uri(String path) {
        return URI.create(dashboard.toString().replaceAll("/$", "") + path);
    }
}
