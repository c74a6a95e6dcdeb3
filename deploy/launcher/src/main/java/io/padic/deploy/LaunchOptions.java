package io.padic.deploy;

import io.padic.embedded.StoreSync;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

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
        Up up = new Up();
        try {
            new CommandLine(up).setExpandAtFiles(false).parseArgs(args.subList(1, args.size()).toArray(String[]::new));
        } catch (ParameterException e) {
            throw new IllegalArgumentException(message(e), e);
        }
        if (up.apiPort == up.dashboardPort) {
            throw new IllegalArgumentException("--api-port and --dashboard-port must differ; both are " + up.apiPort
                    + ".");
        }
        if (up.managementPort == up.apiPort || up.managementPort == up.dashboardPort) {
            throw new IllegalArgumentException("--management-port must differ from --api-port and --dashboard-port; "
                    + "it is " + up.managementPort + ".");
        }
        return new LaunchOptions(Command.UP, up.data, up.storeSync, up.apiPort, up.dashboardPort, up.managementPort,
                Optional.ofNullable(up.app), Optional.ofNullable(up.dashboardApp));
    }

    /** The options of {@code padic up}, as picocli fills them; {@link #USAGE} is their help. */
    static final class Up {
        @Option(names = "--data")
        Path data = DEFAULT_DATA;
        @Option(names = "--store-sync", converter = StoreSyncChoice.class)
        StoreSync storeSync = StoreSync.DEFAULT;
        @Option(names = "--api-port", converter = PortNumber.class)
        int apiPort = DEFAULT_API_PORT;
        @Option(names = "--dashboard-port", converter = PortNumber.class)
        int dashboardPort = DEFAULT_DASHBOARD_PORT;
        @Option(names = "--management-port", converter = PortNumber.class)
        int managementPort = DEFAULT_MANAGEMENT_PORT;
        @Option(names = "--app")
        Path app;
        @Option(names = "--dashboard-app")
        Path dashboardApp;
    }

    /** picocli's complaint in the words {@code padic} has always used. */
    private static String message(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched) {
            return "Unknown option '" + unmatched.getUnmatched().getFirst() + "'.";
        }
        if (e instanceof MissingParameterException missing && missing.getMissing().getFirst() instanceof OptionSpec o) {
            return "Option " + o.longestName() + " needs a value.";
        }
        if (e.getCause() instanceof TypeConversionException wrong && e.getArgSpec() instanceof OptionSpec o) {
            return o.longestName() + " wants " + wrong.getMessage() + ", not '" + e.getValue() + "'.";
        }
        return e.getMessage();
    }

    /** A TCP port, 1 to 65535. */
    static final class PortNumber implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int port = Integer.parseInt(value);
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // Reported below with the same message as an out-of-range number.
            }
            throw new TypeConversionException("a port between 1 and 65535");
        }
    }

    static final class StoreSyncChoice implements ITypeConverter<StoreSync> {
        @Override
        public StoreSync convert(String value) {
            try {
                return StoreSync.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("one of " + StoreSync.choices());
            }
        }
    }
}
