package io.padic.api.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of a test server (the SMTP server, Redis) that breaks connections the way a real server or the
 * network does: {@link #dropConnections(int)} closes every open connection and makes the next new ones close as soon
 * as the client says its first word (an SMTP EHLO), so a send fails however the client picks its connection;
 * {@link #cut()} closes every open connection and every new one at once until {@link #heal()}, as a partition that
 * cuts one process off the server while others still reach it.
 */
public final class TcpRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final AtomicInteger drops = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    public TcpRelay(int targetPort) {
        this.target = targetPort;
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("tcp-relay").start(this::accept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Closes the open connections; the next {@code n} new ones close on the client's first command. */
    public void dropConnections(int n) {
        drops.set(n);
        closeOpen();
    }

    /** Drops still to come (0 once every armed drop has hit a new connection). */
    public int dropsLeft() {
        return drops.get();
    }

    /** Closes the open connections, and each new one at once until {@link #heal()}. */
    public void cut() {
        cut = true;
        closeOpen();
    }

    public void heal() {
        cut = false;
    }

    private void closeOpen() {
        for (Socket socket : open) {
            close(socket);
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException closed) {
                return;
            }
            if (cut) {
                close(client);
                continue;
            }
            try {
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                boolean drop = drops.getAndUpdate(d -> Math.max(0, d - 1)) > 0;
                open.add(client);
                Thread.ofVirtual().start(() -> pump(server, client, false));
                Thread.ofVirtual().start(() -> pump(client, server, drop));
            } catch (IOException serverAway) {
                close(client); // the server is stopped: the client sees its connection closed
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
    public void close() {
        cut();
        close(listener);
    }

    private static void close(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException alreadyClosed) {
            // nothing to do
        }
    }
}
