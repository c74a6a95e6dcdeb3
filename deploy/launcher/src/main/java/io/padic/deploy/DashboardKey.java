package io.padic.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * The dashboard's session-cookie key (32 random bytes, base64): {@code PADIC_DASHBOARD_SESSION_KEY} if set,
 * else the one kept in {@code <data>/dashboard/session.key}, made on the first start. Kept so that users
 * stay signed in across restarts; readable by the owner only.
 */
final class DashboardKey {

    static final String ENV = "PADIC_DASHBOARD_SESSION_KEY";
    private static final int BYTES = 32;

    private DashboardKey() {
    }

    /** platform-api's key that seals TOTP secrets at rest, kept the same way in {@code <data>/platform-api/secret.key}. */
    static final String API_SECRET_ENV = "PADIC_AUTH_SECRET_KEY";

    static String load(Map<String, String> env, Path dataDir) {
        return loadOrMake(env, ENV, dataDir.resolve("dashboard").resolve("session.key"));
    }

    static String loadApiSecret(Map<String, String> env, Path dataDir) {
        return loadOrMake(env, API_SECRET_ENV, dataDir.resolve("platform-api").resolve("secret.key"));
    }

    private static String loadOrMake(Map<String, String> env, String envName, Path file) {
        String given = env.get(envName);
        if (given != null && !given.isBlank()) {
            return given.trim();
        }
        try {
            if (Files.isRegularFile(file)) {
                String kept = Files.readString(file).trim();
                if (Base64.getDecoder().decode(kept).length == BYTES) {
                    return kept;
                }
            }
            byte[] key = new byte[BYTES];
            new SecureRandom().nextBytes(key);
            String encoded = Base64.getEncoder().encodeToString(key);
            Files.createDirectories(file.getParent());
            Path fresh = Files.createTempFile(file.getParent(), "new", ".key");
            setOwnerOnly(fresh);
            Files.writeString(fresh, encoded + "\n");
            Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return encoded;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep a key in " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new LaunchException(file + " does not hold a base64 key; delete it to make a new one.");
        }
    }

    private static void setOwnerOnly(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
        }
    }
}
