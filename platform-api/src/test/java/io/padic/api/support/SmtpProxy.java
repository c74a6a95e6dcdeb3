package io.padic.api.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of the test SMTP server that can break connections the way a real server or the network
 * does: {@link #dropConnections(int)} closes every open connection and makes the next new ones close as soon as the
 * client says its first word (EHLO), so a send fails however the client picks its connection.
 */
public final class SmtpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final AtomicInteger drops = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    public SmtpProxy(int targetPort) throws IOException {
        this.target = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("smtp-proxy").start(this::accept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Closes the open connections; the next {@code n} new ones close on the client's first command. */
    public void dropConnections(int n) {
        drops.set(n);
        for (Socket socket : open) {
            close(socket);
        }
    }

    /** Drops still to come (0 once every armed drop has hit a new connection). */
    public int dropsLeft() {
        return drops.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                boolean drop = drops.getAndUpdate(d -> Math.max(0, d - 1)) > 0;
                open.add(client);
                Thread.ofVirtual().start(() -> pump(server, client, false));
                Thread.ofVirtual().start(() -> pump(client, server, drop));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean dropOnFirstWrite) {
        byte[] buffer = new byte[8192];
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) > 0 && !dropOnFirstWrite; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException gone) {
            // one side closed; closing both ends the relay of this connection
        } finally {
            open.remove(from);
            open.remove(to);
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException alreadyClosed) {
            // nothing to do
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
