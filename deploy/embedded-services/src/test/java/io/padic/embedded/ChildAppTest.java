package io.padic.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a stand-in for a packaged app: a jar whose main serves 200 on every path at the address Quarkus would
 * read from {@code QUARKUS_HTTP_HOST}/{@code QUARKUS_HTTP_PORT}, or exits at once when {@code STUB_EXIT} is set.
 */
class ChildAppTest {

    private static final String STUB = """
            public class Stub {
                public static void main(String[] args) throws Exception {
                    String exit = System.getenv("STUB_EXIT");
                    if (exit != null) {
                        System.out.println("stub: failing on purpose");
                        System.exit(Integer.parseInt(exit));
                    }
                    var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(
                            System.getenv("QUARKUS_HTTP_HOST"), Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"))), 0);
                    server.createContext("/", exchange -> {
                        byte[] body = (System.getenv("STUB_GREETING") + " " + System.getProperty("stub.flag")).getBytes();
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                        exchange.close();
                    });
                    server.start();
                }
            }
            """;

    @TempDir
    static Path dir;
    private static Path jar;

    @BeforeAll
    static void buildStubJar() throws IOException {
        Path source = dir.resolve("Stub.java");
        Files.writeString(source, STUB);
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(), source.toString());
        assertEquals(0, compiled, "the stub compiles");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Stub");
        jar = dir.resolve("quarkus-run.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.putNextEntry(new JarEntry("Stub.class"));
            jarOut.write(Files.readAllBytes(dir.resolve("Stub.class")));
            jarOut.closeEntry();
        }
    }

    @Test
    void startsTheJarWithItsJvmArgsAndEnvironmentAndStopsItWithSigterm() throws Exception {
        ChildApp app = ChildApp.builder("stub", ChildApp.runJar(dir, "unused"))
                .jvmArgs(List.of("-Dstub.flag=on"))
                .env(Map.of("STUB_GREETING", "hello"))
                .log(dir.resolve("logs").resolve("ready.log"))
                .startReady();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/page")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("hello on", page.body());
        } finally {
            assertTrue(app.stop(), "the child ends on SIGTERM, without being killed");
        }
        assertEquals(128 + 15, app.exit().join(), "128 + SIGTERM");
    }

    @Test
    void aChildThatExitsBeforeItIsReadyFailsWithTheEndOfItsLog() {
        ChildApp app = ChildApp.builder("stub", jar).env("STUB_EXIT", "3").log(dir.resolve("failing.log")).start();
        IllegalStateException failed = assertThrows(IllegalStateException.class, app::awaitReady);
        assertTrue(failed.getMessage().startsWith("stub exited with code 3 before it was ready; see "
                + dir.resolve("failing.log")), failed.getMessage());
        assertTrue(failed.getMessage().endsWith("stub: failing on purpose"), failed.getMessage());
    }

    @Test
    void killHardEndsTheChildWithSigkill() {
        ChildApp app = ChildApp.builder("stub", jar).log(dir.resolve("killed.log")).startReady();
        assertEquals(ChildApp.KILLED_BY_SIGKILL, app.killHard());
    }

    @Test
    void aMissingJarIsNamedWithTheHint() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> ChildApp.runJar(dir.resolve("nowhere"), "build it first"));
        assertEquals(dir.resolve("nowhere").resolve("quarkus-run.jar") + " is missing: build it first",
                missing.getMessage());
    }
}
