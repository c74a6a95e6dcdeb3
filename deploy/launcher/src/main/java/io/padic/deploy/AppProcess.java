package io.padic.deploy;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** A packaged Quarkus app (platform-api, dashboard) as a child JVM, with stdout and stderr shared with ours. */
final class AppProcess {

    static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private final String name;
    private final Process process;
    private final int port;

    private AppProcess(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    /** The app's {@code quarkus-run.jar} in {@code appDir}; fails with a hint when it was not built. */
    static Path runJar(String name, Path appDir, String option) {
        Path runJar = appDir.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(runJar)) {
            throw new LaunchException(name + " is not built: " + runJar + " is missing. Run ./mvnw -B "
                    + "-DskipTests install in the repository, or point " + option + " at its quarkus-app directory.");
        }
        return runJar;
    }

    /** Runs {@code runJar} with the current JVM and {@code jvmFlags}, listening on {@code port}. */
    static AppProcess start(String name, List<String> jvmFlags, Path runJar, int port, Map<String, String> env) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(runJar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_HTTP_HOST", HOST);
        try {
            return new AppProcess(name, builder.start(), port);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + " with " + command, e);
        }
    }

    /** Returns once {@code /q/health/ready} answers 200; fails if the child dies or the timeout passes. */
    void awaitReady() {
        URI health = URI.create(baseUrl() + "/q/health/ready");
        HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new LaunchException(name + " exited with code " + process.exitValue()
                            + " before it was ready; its output is above.");
                }
                if (answers200(client, request)) {
                    return;
                }
                LockSupport.parkNanos(POLL_INTERVAL.toNanos());
            }
        }
        throw new LaunchException(name + " did not report ready at " + health + " within "
                + READY_TIMEOUT.toSeconds() + " s.");
    }

    private boolean answers200(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("Interrupted while waiting for " + name + ".");
        }
    }

    /** Completes with the child's exit code when it ends on its own or is stopped. */
    CompletableFuture<Integer> exit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    /** Asks the child to shut down (SIGTERM), then kills it if it is not gone within 15 s. */
    void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                System.err.println("padic: " + name + " did not stop within " + STOP_TIMEOUT.toSeconds()
                        + " s; killing it.");
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    String name() {
        return name;
    }

    String baseUrl() {
        return "http://" + HOST + ":" + port;
    }
}
