package io.padic.api;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.testkit.IdleConnections;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Idle connections are closed by the server after {@code quarkus.http.idle-timeout}: a client that opens sockets
 * and sends nothing (or stops after one request) cannot hold them open. The bound is 2 s here so the test is
 * quick; production's is 30 s.
 */
@QuarkusTest
@TestProfile(IdleConnectionsTest.ShortIdleTimeout.class)
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
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
    URL api;

    /** The test runs with a shorter bound; this pins the one that ships (Quarkus' own default is 30 minutes). */
    @Test
    void theShippedBoundIsAtMostAMinute() throws IOException {
        Duration bound = IdleConnections.shippedBound(IdleConnectionsTest.class);
        assertNotNull(bound, "application.properties sets quarkus.http.idle-timeout");
        assertTrue(bound.compareTo(Duration.ofMinutes(1)) <= 0,
                "idle connections are closed within a minute: " + bound);
    }

    @Test
    void aSocketThatSendsNothingIsClosed() throws IOException {
        try (Socket socket = new Socket(api.getHost(), api.getPort())) {
            IdleConnections.assertClosedByServer(socket, PATIENCE, BOUND, "the server");
        }
    }

    @Test
    void aKeptAliveConnectionIsClosedAfterItsLastAnswer() throws IOException {
        try (Socket socket = new Socket(api.getHost(), api.getPort())) {
            socket.getOutputStream().write(("GET /v1/ping HTTP/1.1\r\nHost: " + api.getHost()
                    + "\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = IdleConnections.readAnswer(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            IdleConnections.assertClosedByServer(socket, PATIENCE, BOUND, "the server");
        }
    }
}
