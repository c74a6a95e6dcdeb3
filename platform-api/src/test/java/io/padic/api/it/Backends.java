package io.padic.api.it;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.padic.api.support.RedisCluster;
import io.padic.embedded.EmbeddedMongo;
import io.padic.embedded.RedisProcess;
import io.padic.embedded.StoreSync;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The store and the cache that every platform-api process of one test class shares: one mongo-java-server in
 * this JVM and one Redis process (or a Redis Cluster). The test may also read and write the store directly, as
 * a dead writer would.
 */
final class Backends implements AutoCloseable {

    static final String DATABASE = "padic-it";

    private final EmbeddedMongo mongo;
    /** One of the two is null. */
    private final RedisProcess redis;
    private final RedisCluster cluster;
    private final MongoClient client;

    private Backends(EmbeddedMongo mongo, RedisProcess redis, RedisCluster cluster) {
        this.mongo = mongo;
        this.redis = redis;
        this.cluster = cluster;
        this.client = MongoClients.create(mongo.connectionString());
    }

    static Backends start() {
        return start(EmbeddedMongo.inMemory("127.0.0.1", 0));
    }

    /**
     * The store as {@code ./padic up} runs it: on disk under {@code dataDir}, with its group commits and
     * online compaction; it writes its file on each commit but skips the fsync, which no test here can see.
     */
    static Backends startOnDisk(Path dataDir) {
        return start(EmbeddedMongo.onDisk(dataDir, "127.0.0.1", 0, StoreSync.WRITE));
    }

    /** As {@link #startOnDisk(Path)}, with a Redis Cluster of six processes as the cache. */
    static Backends startOnDiskWithRedisCluster(Path dataDir) {
        EmbeddedMongo mongo = EmbeddedMongo.onDisk(dataDir, "127.0.0.1", 0, StoreSync.WRITE);
        try {
            return new Backends(mongo, null, RedisCluster.start());
        } catch (RuntimeException e) {
            mongo.close();
            throw e;
        }
    }

    private static Backends start(EmbeddedMongo mongo) {
        try {
            return new Backends(mongo, RedisProcess.start("127.0.0.1", 0), null);
        } catch (RuntimeException e) {
            mongo.close();
            throw e;
        }
    }

    /** The environment that points a platform-api process at these backends. */
    Map<String, String> env() {
        Map<String, String> env = new HashMap<>(Map.of("PADIC_MONGODB_URI", mongo.connectionString(),
                "PADIC_MONGODB_DATABASE", DATABASE, "PADIC_STORE_DURABLE_IN_ORDER", "true")); // as ./padic up runs it
        if (cluster == null) {
            env.put("PADIC_REDIS_URL", redis.url());
        } else {
            env.put("PADIC_REDIS_CLIENT_TYPE", "cluster");
            env.put("PADIC_REDIS_URL", cluster.hosts());
        }
        return Map.copyOf(env);
    }

    /** The Redis process, to empty or stop the cache under the apps' feet; null on a Redis Cluster. */
    RedisProcess redis() {
        return redis;
    }

    /** The Redis Cluster; null on one Redis process. */
    RedisCluster redisCluster() {
        return cluster;
    }

    /**
     * One command to the Redis process, for what the API cannot do (emptying it, planting a note): its whole reply as
     * RESP text, e.g. {@code +OK\r\n} or {@code $1\r\n7\r\n}. A connection of its own, so no client is needed.
     */
    String redisCommand(String... command) {
        StringBuilder request = new StringBuilder("*").append(command.length).append("\r\n");
        for (String part : command) {
            request.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part)
                    .append("\r\n");
        }
        try (Socket socket = new Socket("127.0.0.1", redis.port())) {
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput(); // Redis answers, then closes on the end of input
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Direct access to the store, for what the API cannot do: inspecting and simulating crashed writers. */
    MongoDatabase store() {
        return client.getDatabase(DATABASE);
    }

    @Override
    public void close() {
        client.close();
        if (redis != null) {
            redis.close();
        } else {
            cluster.close();
        }
        mongo.close();
    }
}
