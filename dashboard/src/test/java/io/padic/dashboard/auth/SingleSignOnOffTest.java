package io.padic.dashboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Without an identity provider (the embedded default), the log-in and sign-up pages offer no single sign-on, and
 * its routes lead back to the log-in page or answer 401: nothing of quarkus-oidc is reachable. Plain HTTP.
 */
@QuarkusTest
class SingleSignOnOffTest {

    @TestHTTPResource("/")
    URL dashboard;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(dashboard.toString()).resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutAProviderNoPageOffersSingleSignOn() throws Exception {
        for (String page : new String[] {"/login", "/signup"}) {
            HttpResponse<String> answer = get(page);
            assertEquals(200, answer.statusCode(), page);
            assertTrue(answer.body().contains("<form method=\"post\" action=\"" + page + "\""), page);
            assertFalse(answer.body().contains("/login/sso"), page + " links to single sign-on");
        }
        HttpResponse<String> start = get("/login/sso/start?next=/projects");
        assertEquals(303, start.statusCode());
        assertEquals("/login", URI.create(start.headers().firstValue("Location").orElseThrow()).getPath());
        assertEquals(401, get("/login/sso").statusCode());
    }
}
