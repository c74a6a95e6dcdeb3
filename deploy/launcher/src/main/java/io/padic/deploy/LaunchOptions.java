package io.padic.deploy;

import io.padic.embedded.StoreSync;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The command line of {@code padic}:
 * {@code up [--data DIR] [--store-sync fsync|write] [--api-port N] [--dashboard-port N] [--management-port N]
 * [--app DIR] [--dashboard-app DIR]}.
 */
record LaunchOptions(Command command, Path dataDir, StoreSync storeSync, int apiPort, int dashboardPort,
        int managementPort, Optional<Path> appDir, Optional<Path> dashboardAppDir) {

    enum Command { UP, HELP }

    static final String USAGE = """
            Usage: padic up [--data DIR] [--store-sync fsync|write] [--api-port N] [--dashboard-port N]
                            [--management-port N] [--app DIR] [--dashboard-app DIR]
                   padic --help

            Starts PAdic on this machine: the embedded store (an H2 file under DIR/store), a Redis (the
            redis-server on PATH, else a bundled one), platform-api and the dashboard. Ctrl-C stops everything.

              --data DIR            where the store keeps its data (default: ./data)
              --store-sync MODE     when the embedded store answers a write: fsync (default) once it is
                                    forced to the disk, so neither a killed process nor a machine crash
                                    loses it; write once it is in the file, which survives a killed
                                    process but may lose the last writes to a power loss or kernel crash
              --api-port N          HTTP port of platform-api on 127.0.0.1 (default: 8080)
              --dashboard-port N    HTTP port of the dashboard on 127.0.0.1 (default: 8081)
              --management-port N   port of platform-api's metrics (/q/metrics) on 127.0.0.1 (default: 9000)
              --app DIR             platform-api's packaged app, the directory holding quarkus-run.jar
                                    (default: platform-api/target/quarkus-app in the repository)
              --dashboard-app DIR   the dashboard's packaged app, the directory holding quarkus-run.jar
                                    (default: dashboard/target/quarkus-app in the repository)

            Environment:
              PADIC_MONGODB_URI    use this MongoDB instead of the embedded store
              PADIC_REDIS_URL      use this Redis instead of starting one
              PADIC_DASHBOARD_SESSION_KEY
                                   the dashboard's cookie key (32 bytes, base64); default: one made on
                                   the first start and kept in DIR/dashboard/session.key
            """;

    private static final Path DEFAULT_DATA = Path.of("data");
    private static final int DEFAULT_API_PORT = 8080;
    private static final int DEFAULT_DASHBOARD_PORT = 8081;
    private static final int DEFAULT_MANAGEMENT_PORT = 9000;

    /** Parses the arguments; throws {@link IllegalArgumentException} with a message fit for the user. */
    static LaunchOptions parse(List<String> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("No command given.");
        }
        if (args.contains("--help") || args.contains("-h") || args.getFirst().equals("help")) {
            return new LaunchOptions(Command.HELP, DEFAULT_DATA, StoreSync.DEFAULT, DEFAULT_API_PORT,
                    DEFAULT_DASHBOARD_PORT, DEFAULT_MANAGEMENT_PORT, Optional.empty(), Optional.empty());
        }
        if (!args.getFirst().equals("up")) {
            throw new IllegalArgumentException("Unknown command '" + args.getFirst() + "'.");
        }
        Path data = DEFAULT_DATA;
        StoreSync storeSync = StoreSync.DEFAULT;
        int apiPort = DEFAULT_API_PORT;
        int dashboardPort = DEFAULT_DASHBOARD_PORT;
        int managementPort = DEFAULT_MANAGEMENT_PORT;
        Optional<Path> app = Optional.empty();
        Optional<Path> dashboardApp = Optional.empty();
        for (int i = 1; i < args.size(); i += 2) {
            String option = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("Option " + option + " needs a value.");
            }
            String value = args.get(i + 1);
            switch (option) {
                case "--data" -> data = Path.of(value);
                case "--store-sync" -> storeSync = storeSync(value);
                case "--api-port" -> apiPort = port(option, value);
                case "--dashboard-port" -> dashboardPort = port(option, value);
                case "--management-port" -> managementPort = port(option, value);
                case "--app" -> app = Optional.of(Path.of(value));
                case "--dashboard-app" -> dashboardApp = Optional.of(Path.of(value));
                default -> throw new IllegalArgumentException("Unknown option '" + option + "'.");
            }
        }
        if (apiPort == dashboardPort) {
            throw new IllegalArgumentException("--api-port and --dashboard-port must differ; both are " + apiPort + ".");
        }
        if (managementPort == apiPort || managementPort == dashboardPort) {
            throw new IllegalArgumentException("--management-port must differ from --api-port and --dashboard-port; "
                    + "it is " + managementPort + ".");
        }
        return new LaunchOptions(Command.UP, data, storeSync, apiPort, dashboardPort, managementPort, app,
                dashboardApp);
    }

    private static StoreSync storeSync(String value) {
        try {
            return StoreSync.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--store-sync wants one of " + StoreSync.choices() + ", not '" + value + "'.");
        }
    }

    private static int port(String option, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // Reported below with the same message as an out-of-range number.
        }
        throw new IllegalArgumentException(option + " wants a port between 1 and 65535, not '" + value + "'.");
    }
}
