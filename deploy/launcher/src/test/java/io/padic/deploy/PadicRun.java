package io.padic.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.padic.embedded.FreePorts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** One {@code ./padic up} run as a user would start it from the repository root, with its output in a file. */
final class PadicRun {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String READY_LINE = "padic: PAdic is up.";

    private final Process process;
    private final Path log;
    private final int dashboardPort;

    private PadicRun(Process process, Path log, int dashboardPort) {
        this.process = process;
        this.log = log;
        this.dashboardPort = dashboardPort;
    }

    /**
     * Runs {@code ./padic up} with exactly {@code path} as PATH and no external store or Redis configured;
     * the dashboard gets a free port of its own.
     */
    static PadicRun up(Path repoRoot, Path dataDir, int apiPort, String path, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        int dashboardPort = FreePorts.find();
        ProcessBuilder builder = new ProcessBuilder(repoRoot.resolve("padic").toString(), "up",
                "--data", dataDir.toString(), "--api-port", Integer.toString(apiPort),
                "--dashboard-port", Integer.toString(dashboardPort),
                "--management-port", Integer.toString(FreePorts.find()))
                .directory(repoRoot.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.remove(BackingServices.MONGODB_URI);
        env.remove(BackingServices.REDIS_URL);
        env.remove(DashboardKey.ENV);
        env.put("PATH", path);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        PadicRun run = new PadicRun(builder.start(), log, dashboardPort);
        run.awaitReady();
        return run;
    }

    private void awaitReady() {
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> output().contains(READY_LINE) || !process.isAlive());
        if (!output().contains(READY_LINE)) {
            fail("./padic up ended with code " + process.exitValue() + " before it was ready:\n" + output());
        }
    }

    int dashboardPort() {
        return dashboardPort;
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, as Ctrl-C or a service manager would send; waits until the launcher and its children are gone. */
    void stop() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        await().atMost(STOP_TIMEOUT).until(() -> !process.isAlive());
        await().atMost(STOP_TIMEOUT).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
        assertFalse(process.isAlive());
    }

    /**
     * SIGKILL to the launcher (which holds the embedded store) and every process it started, all at once, as a
     * power cut or the OOM killer would; returns once none of them is alive.
     */
    void killTree() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        await().atMost(STOP_TIMEOUT).until(() -> all.stream().noneMatch(ProcessHandle::isAlive));
    }

    /** Kills what is left after a failed test, so no platform-api or redis-server outlives the build. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /**
     * A PATH of symlinks to everything in /usr/bin and /bin except {@code redis-server*}, after the JDK's
     * bin: a machine where Redis was never installed, as far as {@code ./padic} can tell.
     */
    static String pathWithoutRedis(Path farm) throws IOException {
        Files.createDirectories(farm);
        for (Path dir : List.of(Path.of("/usr/bin"), Path.of("/bin"))) {
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path entry : entries.toList()) {
                    Path link = farm.resolve(entry.getFileName().toString());
                    if (!entry.getFileName().toString().startsWith("redis-server") && !Files.exists(link,
                            LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, entry);
                    }
                }
            }
        }
        String path = Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator + farm;
        for (String dir : path.split(File.pathSeparator)) {
            assertFalse(Files.exists(Path.of(dir, "redis-server")), "redis-server is still reachable in " + dir);
        }
        assertTrue(Files.isExecutable(farm.resolve("bash")), "the PATH must still offer bash for ./padic");
        return path;
    }
}
