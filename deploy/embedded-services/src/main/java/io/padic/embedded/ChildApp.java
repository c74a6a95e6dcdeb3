package io.padic.embedded;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A packaged Quarkus app ({@code java -jar quarkus-run.jar}) as a child JVM of this one, listening on
 * {@code host:port}: what the launcher, the bench and the tests that need a real platform-api or dashboard run.
 * Its output goes to a log file, or is shared with ours when there is none.
 */
public final class ChildApp implements AutoCloseable {

    /** 128 + SIGKILL(9): how the JDK reports, on Unix, a child that died of SIGKILL. */
    public static final int KILLED_BY_SIGKILL = 137;

    /** How long {@link #stop()} waits after SIGTERM before it kills the child. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    // The lines of the log a failure to start quotes: enough for a stack trace's cause.
    private static final int LOG_TAIL_LINES = 60;

    private final String name;
    private final Process process;
    private final URI baseUri;
    private final URI managementUri;
    private final Path log;
    private final String readyPath;
    private final Duration readyTimeout;

    private ChildApp(String name, Process process, URI baseUri, URI managementUri, Path log, String readyPath,
            Duration readyTimeout) {
        this.name = name;
        this.process = process;
        this.baseUri = baseUri;
        this.managementUri = managementUri;
        this.log = log;
        this.readyPath = readyPath;
        this.readyTimeout = readyTimeout;
    }

    /** What to run: {@code name} names it in messages, {@code runJar} is the app's {@code quarkus-run.jar}. */
    public static Builder builder(String name, Path runJar) {
        return new Builder(name, runJar);
    }

    /** {@code quarkus-run.jar} in {@code appDir}; fails naming the missing file and {@code hint} when it was not built. */
    public static Path runJar(Path appDir, String hint) {
        Path jar = appDir.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: " + hint);
        }
        return jar;
    }

    /**
     * Returns once the ready path answers 200. Fails (and stops the child) if it exits first or the timeout
     * passes; the message quotes the end of its log, or points at the output above when it has none.
     */
    public void awaitReady() {
        URI ready = baseUri.resolve(readyPath);
        HttpRequest request = HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with code " + process.exitValue()
                            + " before it was ready; " + whereOutputIs());
                }
                if (answers200(http, request)) {
                    return;
                }
                LockSupport.parkNanos(POLL_INTERVAL.toNanos());
            }
            throw new IllegalStateException(name + " did not report ready at " + ready + " within "
                    + readyTimeout.toSeconds() + " s; " + whereOutputIs());
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    private boolean answers200(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notListeningYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + name, e);
        }
    }

    private String whereOutputIs() {
        if (log == null) {
            return "its output is above.";
        }
        try {
            List<String> lines = Files.readAllLines(log);
            return "see " + log + ", which ends:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "see " + log;
        }
    }

    /** Completes with the child's exit code when it ends on its own or is stopped. */
    public CompletableFuture<Integer> exit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    /**
     * Asks the child to shut down (SIGTERM), then kills it if it is not gone within 15 s. Returns false
     * when it had to be killed.
     */
    public boolean stop() {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        try {
            if (process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Kills the child with SIGKILL ({@code kill -9}; on Unix the JDK's {@code destroyForcibly} sends it, which
     * {@link #KILLED_BY_SIGKILL} as the exit code proves) and returns its exit code.
     */
    public int killHard() {
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

    public String name() {
        return name;
    }

    /** {@code http://host:port}, without a trailing slash. */
    public String baseUrl() {
        return baseUri.toString();
    }

    public URI uri() {
        return baseUri;
    }

    /**
     * {@code http://host:port} of the app's management interface (metrics), without a trailing slash: an app that
     * has one listens there on 127.0.0.1 (platform-api's {@code quarkus.management.*}).
     */
    public String managementUrl() {
        return managementUri.toString();
    }

    public long pid() {
        return process.pid();
    }

    /** The log file, or null when the child's output is shared with ours. */
    public Path log() {
        return log;
    }

    @Override
    public String toString() {
        return name + " at " + baseUri + (log == null ? "" : " (log " + log + ")");
    }

    /** The command line, environment and readiness check of a child app; {@link #start()} runs it. */
    public static final class Builder {

        private final String name;
        private final Path runJar;
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private String host = "127.0.0.1";
        private int port;
        private int managementPort;
        private Path log;
        private Path workingDir;
        private String readyPath = "/q/health/ready";
        private Duration readyTimeout = Duration.ofSeconds(120);

        private Builder(String name, Path runJar) {
            this.name = name;
            this.runJar = runJar;
        }

        /** Options for the child JVM (JIT, GC, system properties), before {@code -jar}. */
        public Builder jvmArgs(List<String> args) {
            jvmArgs.addAll(args);
            return this;
        }

        /**
         * Environment added to ours; {@code QUARKUS_HTTP_HOST}, {@code QUARKUS_HTTP_PORT} and
         * {@code QUARKUS_MANAGEMENT_PORT} come from host, port and management port.
         */
        public Builder env(Map<String, String> variables) {
            env.putAll(variables);
            return this;
        }

        public Builder env(String variable, String value) {
            env.put(variable, value);
            return this;
        }

        /** The address it listens on (default {@code 127.0.0.1}). */
        public Builder host(String address) {
            host = address;
            return this;
        }

        /** The port it listens on; 0 (the default) picks a free one. */
        public Builder port(int number) {
            port = number;
            return this;
        }

        /**
         * The port of its management interface ({@code QUARKUS_MANAGEMENT_PORT}, for an app that has one); 0 (the
         * default) picks a free one, so several apps on one machine never meet on the same port.
         */
        public Builder managementPort(int number) {
            managementPort = number;
            return this;
        }

        /** Where stdout and stderr go; without one they are shared with ours. */
        public Builder log(Path file) {
            log = file;
            return this;
        }

        /** The child's working directory (default ours). */
        public Builder workingDir(Path dir) {
            workingDir = dir;
            return this;
        }

        /** The path that answers 200 once the app is ready (default {@code /q/health/ready}). */
        public Builder readyPath(String path) {
            readyPath = path;
            return this;
        }

        /** How long {@link ChildApp#awaitReady()} waits (default 120 s). */
        public Builder readyTimeout(Duration timeout) {
            readyTimeout = timeout;
            return this;
        }

        /** Starts the child with the JVM that runs this one; returns at once (see {@link ChildApp#awaitReady()}). */
        public ChildApp start() {
            int chosenPort = port == 0 ? FreePorts.find() : port;
            int chosenManagementPort = managementPort == 0 ? FreePorts.find() : managementPort;
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmArgs);
            command.add("-jar");
            command.add(runJar.toString());
            ProcessBuilder builder = new ProcessBuilder(command);
            if (log == null) {
                builder.inheritIO();
            } else {
                builder.redirectErrorStream(true).redirectOutput(log.toFile());
            }
            if (workingDir != null) {
                builder.directory(workingDir.toFile());
            }
            builder.environment().putAll(env);
            builder.environment().put("QUARKUS_HTTP_HOST", host);
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(chosenPort));
            builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(chosenManagementPort));
            try {
                if (log != null) {
                    Files.createDirectories(log.toAbsolutePath().getParent());
                }
                URI baseUri = URI.create("http://" + host + ":" + chosenPort);
                URI managementUri = URI.create("http://127.0.0.1:" + chosenManagementPort);
                return new ChildApp(name, builder.start(), baseUri, managementUri, log, readyPath, readyTimeout);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start " + name + " with " + command, e);
            }
        }

        /** {@link #start()}, then {@link ChildApp#awaitReady()}. */
        public ChildApp startReady() {
            ChildApp app = start();
            app.awaitReady();
            return app;
        }
    }
}
