package io.padic.api.it;

import io.padic.embedded.ChildApp;
import io.padic.embedded.FreePorts;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One packaged platform-api ({@code java -jar quarkus-run.jar}) as a child process on a free port, run by
 * the JDK that runs the tests. Its output goes to {@code target/it-logs/<name>.log}.
 */
final class AppProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final ChildApp app;

    private AppProcess(ChildApp app) {
        this.app = app;
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
        // These processes live for seconds: C1 only and the serial GC halve their start and the CPU they
        // take from each other on a small machine; nothing the tests check depends on the JIT or the GC.
        return start(name, backends, extraEnv, List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    }

    /** As {@link #start(String, Backends, Map)}, with {@code jvmArgs} instead (a process that serves for minutes). */
    static AppProcess start(String name, Backends backends, Map<String, String> extraEnv, List<String> jvmArgs) {
        Path appDir = Path.of(System.getProperty("padic.app.dir", "target/quarkus-app")).toAbsolutePath();
        Path jar = ChildApp.runJar(appDir, "package platform-api before running the ITs");
        int port = FreePorts.find();
        ChildApp app = ChildApp.builder(name, jar)
                .jvmArgs(jvmArgs)
                .env(backends.env())
                .env("PADIC_AUTH_BCRYPT_COST", "4")
                // Production needs a key to seal TOTP secrets; one key for every process of a test, as in a fleet.
                .env("PADIC_AUTH_SECRET_KEY", "aXQtb25seS1rZXktZm9yLXR3by1wcm9jZXNzLXRlc3Q=")
                // Every test client signs up and in from 127.0.0.1: per-address limits would only get in the way.
                .env("PADIC_AUTH_LIMITS_SIGNUP_PER_ADDRESS_ATTEMPTS", "100000")
                .env("PADIC_AUTH_LIMITS_LOGIN_PER_ADDRESS_ATTEMPTS", "100000")
                .env(extraEnv)
                .port(port)
                .workingDir(appDir)
                .log(appDir.getParent().resolve("it-logs").resolve(name + "-" + port + ".log"))
                .readyTimeout(START_TIMEOUT)
                .startReady();
        return new AppProcess(app);
    }

    URI uri() {
        return app.uri();
    }

    /** {@code http://127.0.0.1:port} of its management interface ({@code /q/metrics}). */
    String managementUrl() {
        return app.managementUrl();
    }

    /** The process's output (target/it-logs/...). */
    Path log() {
        return app.log();
    }

    /** Kills the process with SIGKILL ({@code kill -9}); returns its exit code, {@link ChildApp#KILLED_BY_SIGKILL}. */
    int killHard() {
        return app.killHard();
    }

    /** Stops the process gracefully (SIGTERM), forcibly if it does not stop in time. */
    @Override
    public void close() {
        app.stop();
    }

    @Override
    public String toString() {
        return app.toString();
    }
}
