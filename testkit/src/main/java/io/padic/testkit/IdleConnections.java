package io.padic.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Checks of a Quarkus app's idle-connection bound ({@code quarkus.http.idle-timeout}), shared by platform-api's
 * and the dashboard's tests: each app ships its own bound and is tested against its own server.
 */
public final class IdleConnections {

    private IdleConnections() {
    }

    /**
     * {@code quarkus.http.idle-timeout} as the app's application.properties ships it, read through the class
     * loader of {@code test} (one of the app's tests); null if unset.
     */
    public static Duration shippedBound(Class<?> test) {
        Properties shipped = new Properties();
        try (InputStream in = test.getResourceAsStream("/application.properties")) {
            if (in == null) {
                throw new IllegalStateException("no application.properties on the class path");
            }
            shipped.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String value = shipped.getProperty("quarkus.http.idle-timeout");
        return value == null ? null : Duration.parse("PT" + value);
    }

    /**
     * Reads until the server closes the connection (EOF); throws an {@link AssertionError} naming {@code server}
     * if it is still open after {@code patience}, well past its configured {@code bound}.
     */
    public static void assertClosedByServer(Socket socket, Duration patience, Duration bound, String server)
            throws IOException {
        socket.setSoTimeout((int) patience.toMillis());
        try {
            InputStream in = socket.getInputStream();
            while (in.read() != -1) {
                // Nothing more is expected; read until the server closes.
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError(server + " kept an idle connection open for " + patience.toSeconds()
                    + " s; its idle timeout is " + bound.toSeconds() + " s", e);
        }
    }

    /** The status line and headers of one HTTP/1.1 answer, and its body read up to Content-Length. */
    public static String readAnswer(InputStream in) throws IOException {
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
