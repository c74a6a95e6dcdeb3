package io.padic.dashboard;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.dashboard.support.PlatformApiResource;
import io.padic.testkit.IdleConnections;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.Socket;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dashboard closes idle connections after {@code quarkus.http.idle-timeout}: sockets opened and left silent do
 * not pile up. The bound is 2 s here so the test is quick; the shipped one is 30 s.
 */
@QuarkusTest
@TestProfile(IdleConnectionsTest.ShortIdleTimeout.class)
@QuarkusTestResource(PlatformApiResource.class)
class IdleConnectionsTest {

    static final Duration BOUND = Duration.ofSeconds(2);
    // Well past the bound, so only a server that never closes makes the test fail.
    static final Duration PATIENCE = BOUND.plusSeconds(8);

    public static class ShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.idle-timeout", BOUND.toSeconds() + "S");
        }
    }

    @TestHTTPResource("/")
    URL dashboard;

    @Test
    void theShippedBoundIsAtMostAMinute() throws IOException {
        Duration bound = IdleConnections.shippedBound(IdleConnectionsTest.class);
        assertNotNull(bound, "application.properties sets quarkus.http.idle-timeout");
        assertTrue(bound.compareTo(Duration.ofMinutes(1)) <= 0,
                "idle connections are closed within a minute: " + bound);
    }

    @Test
    void aSocketThatSendsNothingIsClosed() throws IOException {
        try (Socket socket = new Socket(dashboard.getHost(), dashboard.getPort())) {
            IdleConnections.assertClosedByServer(socket, PATIENCE, BOUND, "the dashboard");
        }
    }
}
