package io.padic.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Picks a TCP port on the loopback interface that nobody listens on right now. */
public final class FreePorts {

    /**
     * Every port handed out by this JVM. The kernel may offer a port again as soon as our probe socket closes, so two
     * calls before either caller binds could return the same one: an app given it as its HTTP and its management port
     * then shares one socket between both routers (Vert.x does), and half its API requests meet the management 404.
     */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /**
     * Returns a port that was free a moment ago and that this JVM has not handed out before. Another process may
     * still take it before the caller binds; callers that can bind port 0 themselves should prefer that.
     */
    public static int find() {
        while (true) {
            int port = probe();
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
    }

    private static int probe() {
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
