package io.padic.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** JSON over HTTP to one {@code ./padic up} run's platform-api; a fresh client per run, so no pooled connection outlives its server. */
final class PadicApi {

    /** A signed-up user's session token, their new project's id and an owner-level API key with every scope. */
    record Project(String token, String id, String key) {
    }

    /** A status and the body as JSON (a null node for an empty body). */
    record Answer(int status, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    PadicApi(int port) {
        this.port = port;
    }

    /** Sends and fails the test unless the answer has {@code expectedStatus}. */
    JsonNode send(String method, String path, String bearer, Object body, int expectedStatus)
            throws IOException, InterruptedException {
        Answer answer = call(method, path, bearer, body, Map.of());
        assertEquals(expectedStatus, answer.status(), method + " " + path + " answered " + answer.body());
        return answer.body();
    }

    /** Sends with extra headers; throws {@link IOException} when no answer came (the server died, say). */
    Answer call(String method, String path, String bearer, Object body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        headers.forEach(request::header);
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(),
                response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body()));
    }

    /** Signs up a new user, creates a project and an owner-level key with every scope. */
    Project newProjectWithKey(String name) throws IOException, InterruptedException {
        JsonNode signup = send("POST", "/v1/auth/signup", null, Map.of(
                "email", name + "-" + System.nanoTime() + "@example.com",
                "password", "a long enough passphrase 42",
                "name", name), 201);
        String token = signup.path("token").asText();
        String project = send("POST", "/v1/projects", token, Map.of("name", name), 201).path("id").asText();
        JsonNode key = send("POST", "/v1/projects/" + project + "/api-keys", token, Map.of(
                "name", "it",
                "scopes", List.of("objects:read", "objects:write", "events:read", "events:write"),
                "accessLevel", "owner"), 201);
        return new Project(token, project, key.path("key").asText());
    }
}
