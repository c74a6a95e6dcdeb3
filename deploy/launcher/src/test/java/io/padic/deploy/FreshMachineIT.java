package io.padic.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.embedded.FreePorts;
import io.padic.testkit.ApiClient;
import io.padic.testkit.Project;
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
            apiKey = writeObjectWithOneEvent(ApiClient.to("http://127.0.0.1:" + port));
            first.stop();
        } finally {
            first.kill();
        }
        assertTrue(Files.isDirectory(dataDir.resolve("store")), "the store lives under --data");

        PadicRun second = PadicRun.up(REPO_ROOT, dataDir, port, path, LOGS.resolve("fresh-machine-second.log"));
        try {
            JsonNode object = ApiClient.to("http://127.0.0.1:" + port).as(apiKey).readObject(OBJECT_ID, null)
                    .expect(200);
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
    private String writeObjectWithOneEvent(ApiClient api) {
        Project project = api.newProject("fresh");
        String apiKey = project.key();
        api.declareEventType(project.owner(), project.id(), "renamed",
                Map.of("fields", List.of(Map.of("name", "name", "type", "string", "required", true))));
        api.as(apiKey).createObjects("thing", OBJECT_ID);
        api.as(apiKey).sendEvent("renamed", OBJECT_ID, Map.of("name", "Ada")).expect(201);
        return apiKey;
    }
}
