package io.padic.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
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
        Properties shipped = new Properties();
        try (InputStream in = IdleConnectionsTest.class.getResourceAsStream("/application.properties")) {
            shipped.load(in);
        }
        String value = shipped.getProperty("quarkus.http.idle-timeout");
        assertNotNull(value, "application.properties sets quarkus.http.idle-timeout");
        Duration bound = Duration.parse("PT" + value);
        assertTrue(bound.compareTo(Duration.ofMinutes(1)) <= 0,
                "idle connections are closed within a minute: " + bound);
    }

    @Test
    void aSocketThatSendsNothingIsClosed() throws IOException {
        try (Socket socket = new Socket(api.getHost(), api.getPort())) {
            assertClosedByServer(socket);
        }
    }

    @Test
    void aKeptAliveConnectionIsClosedAfterItsLastAnswer() throws IOException {
        try (Socket socket = new Socket(api.getHost(), api.getPort())) {
            socket.getOutputStream().write(("GET /v1/ping HTTP/1.1\r\nHost: " + api.getHost()
                    + "\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = readAnswer(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertClosedByServer(socket);
        }
    }

    /** Reads until the server closes the connection (EOF), failing if it is still open after {@link #PATIENCE}. */
    private static void assertClosedByServer(Socket socket) throws IOException {
        socket.setSoTimeout((int) PATIENCE.toMillis());
        try {
            InputStream in = socket.getInputStream();
            int read;
            do {
                read = in.read();
            } while (read != -1);
            assertEquals(-1, read);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept an idle connection open for " + PATIENCE.toSeconds()
                    + " s; its idle timeout is " + BOUND.toSeconds() + " s", e);
        }
    }

    /** The status line and headers of one answer, and its body up to Content-Length. */
    private static String readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c == -1) {
                break;
            }
            head.append((char) c);
        }
        var length = Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
        if (length.find()) {
            in.readNBytes(Integer.parseInt(length.group(1)));
        }
        return head.toString();
    }
}
