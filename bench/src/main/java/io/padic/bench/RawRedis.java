package io.padic.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Redis baseline and the cold read's FLUSHALL, through the Vert.x Redis client that platform-api's
 * {@code quarkus-redis-client} is built on (same version, from the Quarkus BOM), against the run's Redis.
 */
final class RawRedis implements AutoCloseable {

    private static final String KEY = "bench:raw-get";
    private static final long TIMEOUT_SECONDS = 60;

    private final Vertx vertx = Vertx.vertx();
    private final Redis redis;
    private final List<RedisConnection> connections = new ArrayList<>();

    /** {@code clients}: connections {@link #get} will hold at once (the client's pool is sized for them). */
    RawRedis(String url, int clients) {
        this.redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(url)
                .setMaxPoolSize(clients + 1).setMaxPoolWaiting(clients + 1));
    }

    /** Empties every database of the Redis server: what a cold read starts from. */
    void flushAll() {
        RedisConnection connection = await(redis.connect());
        try {
            await(connection.send(Request.cmd(Command.FLUSHALL)));
        } finally {
            connection.close();
        }
    }

    /**
     * {@code GET} of one key holding {@code valueBytes} bytes, one connection per client (as N clients of their
     * own, each waiting for its answer); throws if the value comes back different in length.
     */
    LoadRunner.Operation get(int clients, int valueBytes) {
        String value = "x".repeat(valueBytes);
        List<RedisConnection> mine = new ArrayList<>(clients);
        for (int c = 0; c < clients; c++) {
            RedisConnection connection = await(redis.connect());
            connections.add(connection);
            mine.add(connection);
        }
        await(mine.get(0).send(Request.cmd(Command.SET).arg(KEY).arg(value)));
        return (client, n) -> {
            Response response = await(mine.get(client).send(Request.cmd(Command.GET).arg(KEY)));
            if (response == null || response.toBytes().length != valueBytes) {
                throw new IllegalStateException("GET " + KEY + " answered " + (response == null ? "nil"
                        : response.toBytes().length + " bytes") + ", not " + valueBytes);
            }
        };
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Redis", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Redis did not answer within " + TIMEOUT_SECONDS + " s", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Redis: " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void close() {
        connections.forEach(RedisConnection::close);
        redis.close();
        await(vertx.close());
    }
}
