package io.padic.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.security.CodeSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code padic up}: starts the embedded store, Redis and platform-api, reports where they are, and stops
 * them in reverse order on Ctrl-C or SIGTERM so the store's file is flushed.
 */
public final class Launcher {

    private static final Path APP_IN_REPO = Path.of("platform-api", "target", "quarkus-app");

    private final LaunchOptions options;
    private final Map<String, String> env;
    // Written by the main thread while starting, read by the shutdown hook: guarded by this.
    private boolean stopping;
    private boolean signalled;
    private BackingServices services;
    private ApiProcess api;

    Launcher(LaunchOptions options, Map<String, String> env) {
        this.options = options;
        this.env = env;
    }

    public static void main(String[] args) {
        // mongo-java-server logs through SLF4J with no binding here (its logs are noise even at ERROR,
        // and failures reach platform-api as driver errors); this only mutes SLF4J's own warning about it.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("padic: " + e.getMessage() + "\n\n" + LaunchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.command() == LaunchOptions.Command.HELP) {
            System.out.print(LaunchOptions.USAGE);
            return;
        }
        Launcher launcher = new Launcher(options, System.getenv());
        int code = launcher.up();
        // After a signal the JVM is already exiting; System.exit would block until the hook is done.
        if (code != 0 && !launcher.isSignalled()) {
            System.exit(code);
        }
    }

    /** Runs until platform-api ends; returns the process exit code. */
    int up() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::onSignal, "padic-shutdown"));
        try {
            Path dataDir = options.dataDir().toAbsolutePath().normalize();
            Path appDir = appDir();
            Path runJar = ApiProcess.runJar(appDir);
            requireFreePort(options.apiPort());
            System.out.println("padic: starting the store and Redis (data in " + dataDir + ")");
            BackingServices started = BackingServices.start(env, dataDir);
            register(started);
            System.out.println("padic: starting platform-api from " + appDir);
            ApiProcess app = ApiProcess.start(runJar, options.apiPort(), started.environment());
            register(app);
            app.awaitReady();
            printReady(dataDir, started, app);
            int code = app.waitFor();
            if (isSignalled()) {
                return 0;
            }
            System.err.println("padic: platform-api exited on its own with code " + code + "; stopping.");
            stopAll();
            return code == 0 ? 1 : code;
        } catch (RuntimeException e) {
            if (isSignalled()) {
                return 0;
            }
            // These carry a message meant for the user; anything else is named with its class.
            boolean explained = e instanceof LaunchException || e instanceof IllegalStateException
                    || e instanceof UncheckedIOException;
            System.err.println("padic: " + (explained ? e.getMessage() : e));
            stopAll();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopAll();
            return 1;
        }
    }

    private static void printReady(Path dataDir, BackingServices started, ApiProcess app) {
        String url = app.baseUrl();
        System.out.println("""
                padic: PAdic is up.
                  API:      %s
                  OpenAPI:  %s/q/openapi
                  Data:     %s
                  Store:    %s
                  Redis:    %s
                padic: Ctrl-C stops everything.""".formatted(url, url,
                started.embeddedStore() ? dataDir : dataDir + " (not used: the store is external)",
                started.storeDescription(), started.redisDescription()));
    }

    private synchronized void register(BackingServices started) {
        if (stopping) {
            started.close();
            throw new LaunchException("Stopped while starting.");
        }
        services = started;
    }

    private synchronized void register(ApiProcess started) {
        if (stopping) {
            started.stop();
            throw new LaunchException("Stopped while starting.");
        }
        api = started;
    }

    private synchronized boolean isSignalled() {
        return signalled;
    }

    /** The shutdown hook: Ctrl-C, SIGTERM, or the JVM ending for any other reason. */
    private void onSignal() {
        synchronized (this) {
            signalled = true;
        }
        stopAll();
    }

    /** platform-api first (it still writes), then Redis, then the store, which flushes its file. */
    private synchronized void stopAll() {
        if (stopping) {
            return;
        }
        stopping = true;
        try {
            if (api != null) {
                api.stop();
            }
        } finally {
            if (services != null) {
                services.close();
            }
        }
    }

    /** {@code --app}, else {@code -Dpadic.app.dir}, else the app built in the repository. */
    private Path appDir() {
        if (options.appDir().isPresent()) {
            return options.appDir().get().toAbsolutePath().normalize();
        }
        String property = System.getProperty("padic.app.dir");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        return repositoryRoot().resolve(APP_IN_REPO);
    }

    /**
     * {@code -Dpadic.home} (set by {@code ./padic}), else the checkout this launcher was built in, else
     * the working directory.
     */
    private static Path repositoryRoot() {
        String home = System.getProperty("padic.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        CodeSource source = Launcher.class.getProtectionDomain().getCodeSource();
        if (source != null) {
            try {
                Path code = Path.of(source.getLocation().toURI());
                for (Path dir = code.getParent(); dir != null; dir = dir.getParent()) {
                    if (Files.isRegularFile(dir.resolve("platform-api").resolve("pom.xml"))) {
                        return dir;
                    }
                }
            } catch (URISyntaxException e) {
                // Not a file location: fall back to the working directory like a missing code source.
            }
        }
        return Path.of("").toAbsolutePath();
    }

    /**
     * Fails early if something already listens on the port: otherwise its health endpoint could answer
     * for an app that never started.
     */
    private static void requireFreePort(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(ApiProcess.HOST), port));
        } catch (IOException e) {
            throw new LaunchException("Port " + port + " on " + ApiProcess.HOST
                    + " is in use; choose another with --api-port.");
        }
    }
}
