package io.padic.dashboard.support;

import io.padic.embedded.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real Keycloak (the distribution unpacked from Maven Central into {@code target/keycloak} by the build) in dev mode
 * on free loopback ports, its data in memory, importing {@code keycloak/padic-realm.json} (a client for the dashboard
 * and three users). Everything says 127.0.0.1: Keycloak refuses a redirect to a host it was not asked about.
 */
public final class KeycloakProcess implements AutoCloseable {

    public static final String REALM = "padic";
    public static final String CLIENT_ID = "padic-dashboard";
    public static final String CLIENT_SECRET = "sso-test-client-secret-of-at-least-32-chars";

    private final Process process;
    private final int port;

    private KeycloakProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static KeycloakProcess start() {
        Path home = Path.of(System.getProperty("padic.keycloak.home", "target/keycloak/keycloak-26.7.3"))
                .toAbsolutePath();
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("No Keycloak at " + home + ": the dashboard's build unpacks it"
                    + " (./mvnw -pl dashboard verify)");
        }
        int port = FreePorts.find();
        int managementPort = FreePorts.find();
        try {
            Path imports = Files.createDirectories(home.resolve("data/import"));
            try (InputStream realm = KeycloakProcess.class.getResourceAsStream("/keycloak/padic-realm.json")) {
                Files.copy(realm, imports.resolve("padic-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            }
            Path log = Files.createDirectories(Path.of("target", "keycloak-logs")).resolve("keycloak-" + port + ".log");
            ProcessBuilder builder = new ProcessBuilder(List.of("bash", home.resolve("bin/kc.sh").toString(),
                    "start-dev", "--http-host=127.0.0.1", "--http-port=" + port,
                    "--http-management-port=" + managementPort, "--db=dev-mem", "--import-realm",
                    "--cache=local"))
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
            KeycloakProcess keycloak = new KeycloakProcess(builder.start(), port);
            keycloak.awaitRealm(Duration.ofSeconds(Long.getLong("padic.keycloak.ready-timeout-seconds", 180)), log);
            return keycloak;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The realm's issuer, as its ID tokens name it. */
    public String issuer() {
        return "http://127.0.0.1:" + port + "/realms/" + REALM;
    }

    private void awaitRealm(Duration timeout, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI discovery = URI.create(issuer() + "/.well-known/openid-configuration");
        Instant giveUp = Instant.now().plus(timeout);
        while (Instant.now().isBefore(giveUp)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak stopped while starting; see " + log.toAbsolutePath());
            }
            try {
                if (http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
        throw new IllegalStateException("Keycloak was not ready within " + timeout + "; see " + log.toAbsolutePath());
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
