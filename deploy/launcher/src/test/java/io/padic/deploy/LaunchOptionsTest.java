package io.padic.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.padic.embedded.StoreSync;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

    @Test
    void upUsesDefaults() {
        LaunchOptions options = LaunchOptions.parse(List.of("up"));
        assertEquals(LaunchOptions.Command.UP, options.command());
        assertEquals(Path.of("data"), options.dataDir());
        assertEquals(StoreSync.FSYNC, options.storeSync(), "acknowledged writes survive a machine crash by default");
        assertEquals(8080, options.apiPort());
        assertEquals(8081, options.dashboardPort());
        assertEquals(9000, options.managementPort());
        assertEquals(Optional.empty(), options.appDir());
        assertEquals(Optional.empty(), options.dashboardAppDir());
    }

    @Test
    void upTakesEveryOption() {
        LaunchOptions options = LaunchOptions.parse(List.of("up", "--data", "/tmp/d", "--api-port", "9090",
                "--dashboard-port", "9091", "--app", "/opt/app", "--dashboard-app", "/opt/dashboard",
                "--store-sync", "write", "--management-port", "9092"));
        assertEquals(Path.of("/tmp/d"), options.dataDir());
        assertEquals(StoreSync.WRITE, options.storeSync());
        assertEquals(9090, options.apiPort());
        assertEquals(9091, options.dashboardPort());
        assertEquals(9092, options.managementPort());
        assertEquals(Optional.of(Path.of("/opt/app")), options.appDir());
        assertEquals(Optional.of(Path.of("/opt/dashboard")), options.dashboardAppDir());
    }

    @Test
    void helpWinsAnywhere() {
        assertEquals(LaunchOptions.Command.HELP, LaunchOptions.parse(List.of("--help")).command());
        assertEquals(LaunchOptions.Command.HELP, LaunchOptions.parse(List.of("up", "-h")).command());
    }

    @Test
    void mistakesAreNamed() {
        assertEquals("No command given.", message(List.of()));
        assertEquals("Unknown command 'down'.", message(List.of("down")));
        assertEquals("Unknown option '--port'.", message(List.of("up", "--port", "1")));
        assertEquals("Option --data needs a value.", message(List.of("up", "--data")));
        assertEquals("--api-port wants a port between 1 and 65535, not '0'.",
                message(List.of("up", "--api-port", "0")));
        assertEquals("--dashboard-port wants a port between 1 and 65535, not 'x'.",
                message(List.of("up", "--dashboard-port", "x")));
        assertEquals("--store-sync wants one of fsync, write, not 'never'.",
                message(List.of("up", "--store-sync", "never")));
        assertEquals("--api-port and --dashboard-port must differ; both are 8081.",
                message(List.of("up", "--api-port", "8081")));
        assertEquals("--management-port must differ from --api-port and --dashboard-port; it is 8080.",
                message(List.of("up", "--management-port", "8080")));
    }

    private static String message(List<String> args) {
        return assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse(args)).getMessage();
    }
}
