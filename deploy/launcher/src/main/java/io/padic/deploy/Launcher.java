package io.padic.deploy;

import io.padic.embedded.ChildApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.security.CodeSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@code padic up}: starts the embedded store, Redis, platform-api and the dashboard, reports where they
 * are, and stops them in reverse order on Ctrl-C or SIGTERM so the store's file is flushed.
 */
public final class Launcher {

    static final String HOST = "127.0.0.1";
    /** platform-api's sign-in limits count the dashboard's browsers, not the dashboard (docs/operations.md, "Limits"). */
    static final Map<String, String> TRUST_THE_DASHBOARD = Map.of(
            "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true",
            "QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED", "true",
            "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES", HOST);
    private static final Path APP_IN_REPO = Path.of("platform-api", "target", "quarkus-app");
    private static final Path DASHBOARD_IN_REPO = Path.of("dashboard", "target", "quarkus-app");

    private final LaunchOptions options;
    private final Map<String, String> env;
    // Written by the main thread while starting, read by the shutdown hook: guarded by this.
    private boolean stopping;
    private boolean signalled;
    private BackingServices services;
    // The apps in the order they started; stopped in reverse.
    private final List<ChildApp> apps = new ArrayList<>();

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

    /** Runs until platform-api or the dashboard ends; returns the process exit code. */
    int up() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::onSignal, "padic-shutdown"));
        try {
            Path dataDir = options.dataDir().toAbsolutePath().normalize();
            Path appDir = appDir(options.appDir(), "padic.app.dir", APP_IN_REPO);
            Path runJar = runJar("platform-api", appDir, "--app");
            Path dashboardDir = appDir(options.dashboardAppDir(), "padic.dashboard.dir", DASHBOARD_IN_REPO);
            Path dashboardJar = runJar("the dashboard", dashboardDir, "--dashboard-app");
            requireFreePort(options.apiPort(), "--api-port");
            requireFreePort(options.dashboardPort(), "--dashboard-port");
            requireFreePort(options.managementPort(), "--management-port");
            String sessionKey = DashboardKey.load(env, dataDir);
            String apiSecret = DashboardKey.loadApiSecret(env, dataDir);
            System.out.println("padic: starting the store and Redis (data in " + dataDir + ")");
            BackingServices started = BackingServices.start(env, dataDir, options.storeSync());
            register(started);
            System.out.println("padic: starting platform-api from " + appDir);
            // The dashboard names the browser in X-Forwarded-For; platform-api believes it only from this host.
            ChildApp app = ChildApp.builder("platform-api", runJar).jvmArgs(JitFlags.forApi())
                    .env(started.environment()).env(TRUST_THE_DASHBOARD)
                    .env(Map.of(DashboardKey.API_SECRET_ENV, apiSecret)).host(HOST).port(options.apiPort())
                    .managementPort(options.managementPort()).start();
            register(app);
            app.awaitReady();
            System.out.println("padic: starting the dashboard from " + dashboardDir);
            // Its HTTP compression (brotli4j) loads a native library; JDK 22+ warns about that otherwise.
            ChildApp web = ChildApp.builder("the dashboard", dashboardJar)
                    .jvmArgs(List.of("--enable-native-access=ALL-UNNAMED"))
                    .env(Map.of("PADIC_API_URL", app.baseUrl(), DashboardKey.ENV, sessionKey))
                    .host(HOST).port(options.dashboardPort()).start();
            register(web);
            web.awaitReady();
            printReady(dataDir, started, app, web);
            // Either child ending on its own takes the whole stack down, like a signal would.
            CompletableFuture.anyOf(app.exit(), web.exit()).get();
            ChildApp ended = app.exit().isDone() ? app : web;
            int code = ended.exit().get();
            if (isSignalled()) {
                return 0;
            }
            System.err.println("padic: " + ended.name() + " exited on its own with code " + code + "; stopping.");
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
        } catch (ExecutionException e) {
            System.err.println("padic: " + e.getCause());
            stopAll();
            return 1;
        }
    }

    private static void printReady(Path dataDir, BackingServices started, ChildApp app, ChildApp web) {
        String url = app.baseUrl();
        System.out.println("""
                padic: PAdic is up.
                  Dashboard: %s
                  API:       %s
                  OpenAPI:   %s/q/openapi
                  Metrics:   %s/q/metrics
                  Data:      %s
                  Store:     %s
                  Redis:     %s
                padic: Ctrl-C stops everything.""".formatted(web.baseUrl(), url, url, app.managementUrl(),
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

    private synchronized void register(ChildApp started) {
        if (stopping) {
            started.stop();
            throw new LaunchException("Stopped while starting.");
        }
        apps.add(started);
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

    /** The dashboard, platform-api (it still writes), then Redis, then the store, which flushes its file. */
    private synchronized void stopAll() {
        if (stopping) {
            return;
        }
        stopping = true;
        try {
            for (ChildApp app : apps.reversed()) {
                if (!app.stop()) {
                    System.err.println("padic: " + app.name() + " did not stop within "
                            + ChildApp.STOP_TIMEOUT.toSeconds() + " s; it was killed.");
                }
            }
        } finally {
            if (services != null) {
                services.close();
            }
        }
    }

    /** The app's {@code quarkus-run.jar} in {@code appDir}; fails with a hint when it was not built. */
    private static Path runJar(String name, Path appDir, String option) {
        Path runJar = appDir.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(runJar)) {
            throw new LaunchException(name + " is not built: " + runJar + " is missing. Run ./mvnw -B "
                    + "-DskipTests install in the repository, or point " + option + " at its quarkus-app directory.");
        }
        return runJar;
    }

    /** The option ({@code --app}, {@code --dashboard-app}), else the system property, else the app built in the repository. */
    private static Path appDir(Optional<Path> option, String property, Path inRepo) {
        if (option.isPresent()) {
            return option.get().toAbsolutePath().normalize();
        }
        String value = System.getProperty(property);
        if (value != null && !value.isBlank()) {
            return Path.of(value).toAbsolutePath().normalize();
        }
        return repositoryRoot().resolve(inRepo);
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
    private static void requireFreePort(int port, String option) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
        } catch (IOException e) {
            throw new LaunchException("Port " + port + " on " + HOST
                    + " is in use; choose another with " + option + ".");
        }
    }
}
