package io.padic.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.padic.embedded.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue acceptance: {@code ./padic up} starts with no {@code redis-server} on PATH and a new data
 * directory, and the data survives a stop and start; the dashboard answers on its port (issue 6).
 */
class FreshMachineIT {

    private static final Path REPO_ROOT = Path.of(System.getProperty("padic.repo.root", "../.."))
            .toAbsolutePath().normalize();
    private static final Path LOGS = Path.of(System.getProperty("padic.it.logs", "target/it-logs"));
    private static final String OBJECT_ID = "thing-1";

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void startsWithoutRedisOnPathAndKeepsDataAcrossRestart(@TempDir Path tmp) throws Exception {
        assertTrue(Files.isRegularFile(REPO_ROOT.resolve("platform-api/target/quarkus-app/quarkus-run.jar")),
                "platform-api must be packaged before this test (the reactor builds it first)");
        assertTrue(Files.isRegularFile(REPO_ROOT.resolve("dashboard/target/quarkus-app/quarkus-run.jar")),
                "the dashboard must be packaged before this test (the reactor builds it first)");
        Path dataDir = tmp.resolve("data");
        String path = PadicRun.pathWithoutRedis(tmp.resolve("bin"));
        int port = FreePorts.find();
        String apiKey;

        PadicRun first = PadicRun.up(REPO_ROOT, dataDir, port, path, LOGS.resolve("fresh-machine-first.log"));
        try {
            assertTrue(first.output().contains("Redis:     bundled redis-server"), first.output());
            assertTrue(first.output().contains("Store:     embedded store"), first.output());
            String dashboard = "http://127.0.0.1:" + first.dashboardPort();
            assertTrue(first.output().contains("Dashboard: " + dashboard), first.output());
            assertDashboardAnswers(dashboard);
            // Issue acceptance (sandbox, scope 6): on JDK 25 reducers run on the Graal compiler the build
            // copied into target/jit; on any other JDK the launcher says once that they are interpreted.
            assertTrue(first.output().contains(Runtime.version().feature() == JitFlags.JDK_FEATURE
                    ? "JavaScript reducers run with the Graal JIT compiler"
                    : "padic: JavaScript reducers will be interpreted"), first.output());
            apiKey = writeObjectWithOneEvent(new Api(port));
            first.stop();
        } finally {
            first.kill();
        }
        assertTrue(Files.isDirectory(dataDir.resolve("store")), "the store lives under --data");

        PadicRun second = PadicRun.up(REPO_ROOT, dataDir, port, path, LOGS.resolve("fresh-machine-second.log"));
        try {
            JsonNode object = new Api(port).send("GET", "/v1/objects/" + OBJECT_ID, apiKey, null, 200);
            assertEquals(OBJECT_ID, object.path("id").asText());
            assertEquals("Ada", object.path("state").path("name").asText(), object.toString());
            assertEquals(1, object.path("seq").asInt(), object.toString());
            second.stop();
        } finally {
            second.kill();
        }
    }

    /** The dashboard's home answers 200 (after the redirect to its sign-in page, if it sends one). */
    private static void assertDashboardAnswers(String dashboard) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()) {
            HttpResponse<String> home = client.send(HttpRequest.newBuilder(URI.create(dashboard + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, home.statusCode(), home.body());
            assertTrue(home.headers().firstValue("Content-Type").orElse("").startsWith("text/html"),
                    home.headers().toString());
        }
    }

    /** Signs up, creates a project, an API key, an object and one event on it; returns the key. */
    private String writeObjectWithOneEvent(Api api) throws IOException, InterruptedException {
        JsonNode signup = api.send("POST", "/v1/auth/signup", null, Map.of(
                "email", "fresh-" + System.nanoTime() + "@example.com",
                "password", "a long enough passphrase 42",
                "name", "Fresh Machine"), 201);
        String token = signup.path("token").asText();
        JsonNode project = api.send("POST", "/v1/projects", token, Map.of("name", "fresh"), 201);
        JsonNode key = api.send("POST", "/v1/projects/" + project.path("id").asText() + "/api-keys", token, Map.of(
                "name", "it",
                "scopes", List.of("objects:read", "objects:write", "events:read", "events:write"),
                "accessLevel", "owner"), 201);
        String apiKey = key.path("key").asText();
        api.send("PUT", "/v1/projects/" + project.path("id").asText() + "/event-types/renamed", token,
                Map.of("fields", List.of(Map.of("name", "name", "type", "string", "required", true))), 201);
        api.send("POST", "/v1/objects", apiKey, Map.of("type", "thing", "id", OBJECT_ID), 201);
        api.send("POST", "/v1/events", apiKey, Map.of(
                "type", "renamed",
                "concerns", OBJECT_ID,
                "metaData", Map.of("name", "Ada")), 201);
        return apiKey;
    }

    /** JSON over HTTP to one run; a fresh client per run so no pooled connection outlives its server. */
    private final class Api {

        private final HttpClient client = HttpClient.newHttpClient();
        private final int port;

        Api(int port) {
            this.port = port;
        }

        JsonNode send(String method, String path, String bearer, Object body, int expectedStatus)
                throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Accept", "application/json")
                    .method(method, body == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(expectedStatus, response.statusCode(), method + " " + path + " answered " + response.body());
            return response.body().isEmpty() ? json.nullNode() : json.readTree(response.body());
        }
    }
}
