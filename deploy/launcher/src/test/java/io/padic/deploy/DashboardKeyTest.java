package io.padic.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardKeyTest {

    @Test
    void aKeyIsMadeOnceAndKeptForTheOwnerOnly(@TempDir Path data) throws Exception {
        String first = DashboardKey.load(Map.of(), data);
        assertEquals(32, Base64.getDecoder().decode(first).length);
        assertEquals(first, DashboardKey.load(Map.of(), data), "users stay signed in across restarts");
        Path file = data.resolve("dashboard/session.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertNotEquals(first, DashboardKey.load(Map.of(), Files.createDirectory(data.resolve("other"))));
    }

    @Test
    void theEnvironmentWins(@TempDir Path data) {
        String given = Base64.getEncoder().encodeToString(new byte[32]);
        assertEquals(given, DashboardKey.load(Map.of(DashboardKey.ENV, given), data));
        assertEquals(false, Files.exists(data.resolve("dashboard")));
    }
}
