package io.padic.dashboard.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Setting up over HTTP to platform-api what the browser tests then look at: sign up, a project, event types, a
 * key (control plane, session token); objects and events with the key go through {@link PlatformApiClient}.
 */
public final class ApiSetup {

    public static final String PASSWORD = "correct horse battery";
    public static final List<String> ALL_SCOPES =
            List.of("objects:read", "objects:write", "events:read", "events:write");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String apiUrl;

    public ApiSetup(String apiUrl) {
        this.apiUrl = apiUrl.replaceAll("/+$", "");
    }

    /** A signed-up user: their e-mail (to log in to the dashboard) and session token. */
    public record Account(String email, String token) {
    }

    public Account signUp() {
        String email = "api-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        JsonNode body = send("POST", "/v1/auth/signup", null, Map.of("email", email, "password", PASSWORD,
                "name", "Test User"), 201);
        return new Account(email, body.path("token").asText());
    }

    public String createProject(Account account, String name) {
        return send("POST", "/v1/projects", account.token(), Map.of("name", name), 201).path("id").asText();
    }

    public void saveEventType(Account account, String projectId, String name, Map<String, ?> definition) {
        send("PUT", "/v1/projects/" + projectId + "/event-types/" + name, account.token(), definition, 201);
    }

    public String createKey(Account account, String projectId, String accessLevel) {
        return send("POST", "/v1/projects/" + projectId + "/api-keys", account.token(),
                Map.of("name", "test", "scopes", ALL_SCOPES, "accessLevel", accessLevel), 201).path("key").asText();
    }

    public void createObject(String key, String type, String id) {
        dataPlane(key, "/v1/objects", Map.of("type", type, "id", id), 201);
    }

    /** Sends an event with the API key and expects {@code status}; returns the answer. */
    public JsonNode sendEvent(String key, String type, Object concerns, Map<String, ?> metaData, int status) {
        return dataPlane(key, "/v1/events", Map.of("type", type, "concerns", concerns, "metaData", metaData), status);
    }

    private JsonNode dataPlane(String key, String path, Map<String, ?> body, int expectedStatus) {
        try {
            PlatformApiClient.Answer answer = new PlatformApiClient(apiUrl, key).post(path, JSON.writeValueAsString(body));
            assertEquals(expectedStatus, answer.status(), "POST " + path + " answered " + answer.body());
            return answer.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A control-plane call with the user's session token. */
    public JsonNode send(String method, String path, String bearer, Object body, int expectedStatus) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(expectedStatus, response.statusCode(), method + " " + path + " answered " + response.body());
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
