package io.padic.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The command line of {@code padic}: {@code up [--data DIR] [--api-port N] [--dashboard-port N] [--app DIR]}. */
record LaunchOptions(Command command, Path dataDir, int apiPort, Optional<Path> appDir) {

    enum Command { UP, HELP }

    static final String USAGE = """
            Usage: padic up [--data DIR] [--api-port N] [--dashboard-port N] [--app DIR]
                   padic --help

            Starts PAdic on this machine: the embedded store (an H2 file under DIR/store), a Redis (the
            redis-server on PATH, else a bundled one) and platform-api. Ctrl-C stops everything.

              --data DIR           where the store keeps its data (default: ./data)
              --api-port N         HTTP port of platform-api on 127.0.0.1 (default: 8080)
              --dashboard-port N   HTTP port of the dashboard (accepted; the dashboard is not built yet)
              --app DIR            platform-api's packaged app, the directory holding quarkus-run.jar
                                   (default: platform-api/target/quarkus-app in the repository)

            Environment:
              PADIC_MONGODB_URI    use this MongoDB instead of the embedded store
              PADIC_REDIS_URL      use this Redis instead of starting one
            """;

    private static final Path DEFAULT_DATA = Path.of("data");
    private static final int DEFAULT_API_PORT = 8080;

    /** Parses the arguments; throws {@link IllegalArgumentException} with a message fit for the user. */
    static LaunchOptions parse(List<String> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("No command given.");
        }
        if (args.contains("--help") || args.contains("-h") || args.getFirst().equals("help")) {
            return new LaunchOptions(Command.HELP, DEFAULT_DATA, DEFAULT_API_PORT, Optional.empty());
        }
        if (!args.getFirst().equals("up")) {
            throw new IllegalArgumentException("Unknown command '" + args.getFirst() + "'.");
        }
        Path data = DEFAULT_DATA;
        int apiPort = DEFAULT_API_PORT;
        Optional<Path> app = Optional.empty();
        for (int i = 1; i < args.size(); i += 2) {
            String option = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("Option " + option + " needs a value.");
            }
            String value = args.get(i + 1);
            switch (option) {
                case "--data" -> data = Path.of(value);
                case "--api-port" -> apiPort = port(option, value);
                // Accepted so scripts written for the full stack keep working; nothing listens there yet.
                case "--dashboard-port" -> port(option, value);
                case "--app" -> app = Optional.of(Path.of(value));
                default -> throw new IllegalArgumentException("Unknown option '" + option + "'.");
            }
        }
        return new LaunchOptions(Command.UP, data, apiPort, app);
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
