package io.padic.api.it;

import static org.awaitility.Awaitility.await;

import io.padic.embedded.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One packaged platform-api ({@code java -jar quarkus-run.jar}) as a child process on a free port, run by
 * the JDK that runs the tests. Its output goes to {@code target/it-logs/<name>.log}.
 */
final class AppProcess implements AutoCloseable {

    /** 128 + SIGKILL(9): how the JDK reports, on Unix, a child that died of SIGKILL. */
    static final int KILLED_BY_SIGKILL = 137;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final String name;
    private final Process process;
    private final URI uri;
    private final Path log;

    private AppProcess(String name, Process process, URI uri, Path log) {
        this.name = name;
        this.process = process;
        this.uri = uri;
        this.log = log;
    }

    /** What to start: a name for the log, the backends to use and extra environment. */
    record Spec(String name, Backends backends, Map<String, String> extraEnv) {
    }

    /**
     * Starts several processes at the same time (a JVM start is mostly waiting, so this saves most of it);
     * returns them, all ready, in the order of {@code specs}. If one fails, the others are stopped.
     */
    static List<AppProcess> startTogether(List<Spec> specs) {
        List<AppProcess> started = new ArrayList<>();
        RuntimeException failure = null;
        try (ExecutorService starters = Executors.newFixedThreadPool(specs.size())) {
            List<CompletableFuture<AppProcess>> starting = specs.stream()
                    .map(spec -> CompletableFuture.supplyAsync(
                            () -> start(spec.name(), spec.backends(), spec.extraEnv()), starters))
                    .toList();
            for (CompletableFuture<AppProcess> future : starting) {
                try {
                    started.add(future.join());
                } catch (CompletionException e) {
                    failure = failure == null ? new IllegalStateException("A platform-api did not start", e.getCause())
                            : failure;
                }
            }
        }
        if (failure != null) {
            started.forEach(AppProcess::close);
            throw failure;
        }
        return started;
    }

    /** Starts the app with {@code backends}' addresses plus {@code extraEnv}; returns once it is ready. */
    static AppProcess start(String name, Backends backends, Map<String, String> extraEnv) {
        Path appDir = Path.of(System.getProperty("padic.app.dir", "target/quarkus-app")).toAbsolutePath();
        Path jar = appDir.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package platform-api before running the ITs");
        }
        int port = FreePorts.find();
        Path log = appDir.getParent().resolve("it-logs").resolve(name + "-" + port + ".log");
        String java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("Cannot tell which java runs this JVM"));
        // These processes live for seconds: C1 only and the serial GC halve their start and the CPU they
        // take from each other on a small machine; nothing the tests check depends on the JIT or the GC.
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-jar", jar.toString()))
                .directory(appDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = new HashMap<>(backends.env());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("PADIC_AUTH_BCRYPT_COST", "4");
        env.putAll(extraEnv);
        builder.environment().putAll(env);
        try {
            Files.createDirectories(log.getParent());
            AppProcess app = new AppProcess(name, builder.start(), URI.create("http://127.0.0.1:" + port), log);
            app.awaitReady();
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + " from " + jar, e);
        }
    }

    URI uri() {
        return uri;
    }

    /**
     * Kills the process with SIGKILL ({@code kill -9}): on Unix the JDK's {@code destroyForcibly} sends
     * SIGKILL, which the exit code (128 + 9) proves. Returns that exit code.
     */
    int killHard() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " survived SIGKILL for " + STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while killing " + name, e);
        }
        return process.exitValue();
    }

    /** Stops the process gracefully (SIGTERM), forcibly if it does not stop in time. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(uri.resolve("/q/health/ready")).timeout(Duration.ofSeconds(2))
                .GET().build();
        try {
            await(name + " ready on " + uri).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(name + " exited with " + process.exitValue()
                                    + " before it was ready; see " + log + ":\n" + Files.readString(log));
                        }
                        try {
                            return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                        } catch (IOException e) {
                            return false;
                        }
                    });
        } catch (RuntimeException e) {
            close();
            throw e;
        } finally {
            http.close();
        }
    }

    @Override
    public String toString() {
        return name + " at " + uri + " (log " + log + ")";
    }
}
