package io.padic.dashboard.support;

import io.padic.embedded.EmbeddedMongo;
import io.padic.embedded.FreePorts;
import io.padic.embedded.RedisProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real platform-api for the dashboard's tests: its packaged app ({@code platform-api/target/quarkus-app}, built
 * earlier in the reactor) as a child JVM, on the embedded in-memory store and a Redis process. The dashboard under
 * test gets {@code padic.api.url} pointing at it. Its output goes to {@code target/api-logs/}.
 */
public class PlatformApiResource implements QuarkusTestResourceLifecycleManager {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private EmbeddedMongo mongo;
    private RedisProcess redis;
    private Process api;

    @Override
    public Map<String, String> start() {
        Path appDir = Path.of(System.getProperty("padic.api.app.dir", "../platform-api/target/quarkus-app"))
                .toAbsolutePath().normalize();
        Path jar = appDir.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build platform-api first (./mvnw -pl dashboard -am verify)");
        }
        mongo = EmbeddedMongo.inMemory("127.0.0.1", 0);
        redis = RedisProcess.start("127.0.0.1", 0);
        int port = FreePorts.find();
        Path log = Path.of("target", "api-logs", "platform-api-" + port + ".log").toAbsolutePath();
        String java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("Cannot tell which java runs the tests"));
        // A short-lived test server: C1 and the serial GC start faster and leave the CPU to the browser.
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dpolyglot.engine.WarnInterpreterOnly=false", "-jar", jar.toString()))
                .directory(appDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of(
                "PADIC_MONGODB_URI", mongo.connectionString(),
                "PADIC_MONGODB_DATABASE", "padic-dashboard-test",
                "PADIC_REDIS_URL", redis.url(),
                "QUARKUS_HTTP_HOST", "127.0.0.1",
                "QUARKUS_HTTP_PORT", Integer.toString(port),
                "PADIC_AUTH_BCRYPT_COST", "4"));
        String url = "http://127.0.0.1:" + port;
        try {
            Files.createDirectories(log.getParent());
            api = builder.start();
            awaitReady(URI.create(url + "/q/health/ready"), log);
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("Cannot start platform-api from " + jar, e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        return Map.of("padic.api.url", url);
    }

    private void awaitReady(URI health, Path log) {
        HttpRequest ready = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            while (System.nanoTime() < deadline) {
                if (!api.isAlive()) {
                    throw new IllegalStateException("platform-api exited with " + api.exitValue()
                            + " before it was ready; see " + log);
                }
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // Not listening yet.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for platform-api", e);
                }
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        }
        throw new IllegalStateException("platform-api was not ready within " + READY_TIMEOUT + "; see " + log);
    }

    @Override
    public void stop() {
        if (api != null && api.isAlive()) {
            api.destroy();
            try {
                if (!api.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    api.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                api.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (redis != null) {
            redis.close();
        }
        if (mongo != null) {
            mongo.close();
        }
    }
}
