package io.padic.api.cache;

import io.vertx.core.Future;
import io.vertx.core.impl.ContextInternal;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Redis for calls made on an HTTP event loop (objects/KnownHeads' warm reads): each event loop's own connection.
 * Vert.x's Redis client runs every connection on the event loop it was itself created on, so a call from any other
 * loop crosses threads twice, there and back: that took a seventh of a warm read's CPU. Each loop therefore gets a
 * client of its own, made on that loop, with one connection held for good. Calls off an event loop, past
 * {@link #MAX_LOOPS} loops, and while a loop's connection is being opened go through the shared client, whose options
 * ({@link DefaultRedisOptions}: hosts, type, password, TLS) the loops' clients copy. A connection
 * that Redis closes, or whose call fails, is closed with its client, and the loop's next call opens another.
 */
@ApplicationScoped
public class EventLoopRedis {

    /** More than Quarkus's event loops on any machine we run on (two per core). */
    static final int MAX_LOOPS = 128;

    private record Own(Redis client, Future<RedisConnection> connection) {
        void close() {
            if (connection.succeeded()) {
                connection.result().close();
            }
            client.close();
        }
    }

    private final Redis shared;
    private final DefaultRedisOptions defaults;
    private final ThreadLocal<Own> own = new ThreadLocal<>();
    private final AtomicInteger held = new AtomicInteger();

    public EventLoopRedis(Redis shared, DefaultRedisOptions defaults) {
        this.shared = shared;
        this.defaults = defaults;
    }

    /** Sends {@code request} on this event loop's own connection when it has one, else on a shared one. */
    public Future<Response> send(Request request) {
        Own mine = own.get();
        if (mine == null) {
            open();
            return shared.send(request);
        }
        if (!mine.connection().succeeded()) {
            return shared.send(request);
        }
        return mine.connection().result().send(request).onFailure(failure -> drop(mine));
    }

    private void open() {
        ContextInternal context = ContextInternal.current();
        if (context == null || !context.isEventLoopContext()) {
            return;
        }
        if (held.incrementAndGet() > MAX_LOOPS) {
            held.decrementAndGet();
            return;
        }
        // The shared client's options, known once Quarkus has made it (at the latest by this read's call on it).
        Optional<RedisOptions> options = defaults.copy();
        if (options.isEmpty()) {
            held.decrementAndGet();
            return;
        }
        RedisOptions oneConnection = options.get().setMaxPoolSize(1);
        // Made on the loop's own context, not on this request's duplicate of it, which the client would keep.
        Redis[] client = new Redis[1];
        context.unwrap().dispatch(() -> client[0] = Redis.createClient(context.owner(), oneConnection));
        Own opening = new Own(client[0], client[0].connect());
        own.set(opening);
        opening.connection().onFailure(failure -> drop(opening)).onSuccess(connection -> connection
                // Dropped when Redis closes it (a restart, CLIENT KILL), not at the next read, which would fail.
                .endHandler(closed -> drop(opening))
                .exceptionHandler(failure -> drop(opening)));
    }

    /** Event loops holding (or opening) a connection of their own. */
    int loopsHoldingTheirOwn() {
        return held.get();
    }

    private void drop(Own failed) {
        if (own.get() == failed) {
            own.remove();
            held.decrementAndGet();
            failed.close();
        }
    }
}
