package io.padic.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Picks a TCP port on the loopback interface that nobody listens on right now. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * Returns a port that was free a moment ago. Another process may still take it before the caller
     * binds; callers that can bind port 0 themselves should prefer that.
     */
    public static int find() {
        try (ServerSocket socket = new ServerSocket()) {
            // No SO_REUSEADDR: the port we hand out must not be in TIME_WAIT for someone else.
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free TCP port on the loopback interface", e);
        }
    }
}
