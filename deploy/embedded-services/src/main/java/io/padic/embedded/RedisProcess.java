package io.padic.embedded;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.model.Architecture;
import redis.embedded.model.OS;
import redis.embedded.model.OsArchitecture;
import redis.embedded.util.IO;

/**
 * A {@code redis-server} child process without persistence: the one on PATH when there is one, else
 * the binary bundled in embedded-redis. It can be stopped and restarted on the same port, which is how
 * tests simulate a Redis outage.
 */
public final class RedisProcess implements AutoCloseable {

    private static final String BINARY = "redis-server";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private final Path binary;
    private final boolean fromPath;
    private final String host;
    private final int port;
    private final Path workDir;
    private Process process;
    private boolean closed;

    private RedisProcess(Path binary, boolean fromPath, String host, int port, Path workDir) {
        this.binary = binary;
        this.fromPath = fromPath;
        this.host = host;
        this.port = port;
        this.workDir = workDir;
    }

    /** Starts Redis on {@code host:port} (port 0 picks a free port) and returns once it answers PING. */
    public static RedisProcess start(String host, int port) {
        Path workDir = createWorkDir();
        try {
            Optional<Path> onPath = findOnPath();
            Path binary = onPath.isPresent() ? onPath.get() : extractBundled(workDir);
            int chosenPort = port == 0 ? FreePorts.find() : port;
            RedisProcess redis = new RedisProcess(binary, onPath.isPresent(), host, chosenPort, workDir);
            redis.launch();
            return redis;
        } catch (RuntimeException e) {
            deleteTree(workDir);
            throw e;
        }
    }

    /** A URL for Redis clients, e.g. {@code redis://127.0.0.1:6379}. */
    public String url() {
        return "redis://" + clientHost() + ":" + port;
    }

    public int port() {
        return port;
    }

    /** True when the {@code redis-server} found on PATH runs, false for the bundled binary. */
    public boolean fromPath() {
        return fromPath;
    }

    /** Stops the process; the port number is kept so {@link #restart()} comes back on it. */
    public synchronized void stop() {
        if (process == null) {
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
        process = null;
    }

    /** Starts Redis again on the same port (empty, since nothing is persisted). */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("Redis on port " + port + " was closed");
        }
        stop();
        launch();
    }

    /** Stops Redis for good and removes its working directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        deleteTree(workDir);
    }

    private synchronized void launch() {
        List<String> command = List.of(binary.toString(),
                "--port", Integer.toString(port),
                "--bind", host,
                // Persistence off; --dir keeps anything Redis writes out of the caller's cwd.
                "--save", "",
                "--appendonly", "no",
                "--dir", workDir.toString(),
                "--daemonize", "no");
        Path log = workDir.resolve("redis.log");
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + binary, e);
        }
        awaitPong(log);
    }

    private void awaitPong(Path log) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw failure("exited with code " + process.exitValue(), log);
            }
            // A PONG alone could come from another Redis already on this port; ours must be alive.
            if (answersPing() && process.isAlive()) {
                return;
            }
            LockSupport.parkNanos(POLL_INTERVAL.toNanos());
        }
        stop();
        throw failure("did not answer PING within " + START_TIMEOUT.toSeconds() + " s", log);
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(clientHost(), port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    private IllegalStateException failure(String what, Path log) {
        String output;
        try {
            output = Files.readString(log);
        } catch (IOException e) {
            output = "(no output: " + e.getMessage() + ")";
        }
        return new IllegalStateException(binary + " on " + host + ":" + port + " " + what + ". Output:\n" + output);
    }

    private String clientHost() {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("*") ? "127.0.0.1" : host;
    }

    private static Optional<Path> findOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, BINARY))
                .filter(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
                .findFirst();
    }

    private static Path extractBundled(Path workDir) {
        OsArchitecture platform = platform();
        String resource = ExecutableProvider.newProvidedVersionsMap().get(platform);
        if (resource == null) {
            throw new IllegalStateException("embedded-redis bundles no redis-server for " + platform.os + "/"
                    + platform.arch + "; install redis-server and put it on PATH");
        }
        try {
            return IO.writeResourceToExecutableFile(workDir.toFile(), resource).toPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract the bundled redis-server", e);
        }
    }

    /**
     * The platform from JVM properties. embedded-redis detects it by running {@code uname}, which
     * fails exactly on the bare machines (a minimal PATH) the bundled binary is for.
     */
    private static OsArchitecture platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        OS family = os.contains("win") ? OS.WINDOWS : os.contains("mac") ? OS.MAC_OS_X : OS.UNIX;
        Architecture architecture = switch (arch) {
            case "amd64", "x86_64" -> Architecture.x86_64;
            case "aarch64", "arm64" -> Architecture.aarch64;
            case "x86", "i386", "i486", "i586", "i686" -> Architecture.x86;
            default -> throw new IllegalStateException("No bundled redis-server for CPU architecture " + arch
                    + "; install redis-server and put it on PATH");
        };
        return new OsArchitecture(family, architecture);
    }

    private static Path createWorkDir() {
        try {
            return Files.createTempDirectory("padic-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for Redis", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temp directory is harmless; failing close() over it would hide the real state.
            System.err.println("padic: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
