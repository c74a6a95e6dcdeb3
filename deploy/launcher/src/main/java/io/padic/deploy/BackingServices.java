package io.padic.deploy;

import io.padic.embedded.EmbeddedMongo;
import io.padic.embedded.FreePorts;
import io.padic.embedded.RedisProcess;
import io.padic.embedded.StoreSync;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The store and the cache platform-api talks to: the ones named in the environment, or an embedded
 * store and a Redis process started here. Closing stops only what was started here.
 */
final class BackingServices implements AutoCloseable {

    static final String MONGODB_URI = "PADIC_MONGODB_URI";
    static final String REDIS_URL = "PADIC_REDIS_URL";
    /**
     * platform-api's {@code padic.store.durable-in-order}: the embedded store commits in order, so the steps of writing
     * an event before its last need not wait for the disk (docs/design.md#writing-an-event).
     */
    static final String DURABLE_IN_ORDER = "PADIC_STORE_DURABLE_IN_ORDER";
    private static final String HOST = "127.0.0.1";

    private final String mongoUri;
    private final String redisUrl;
    private final String storeDescription;
    private final String redisDescription;
    private final Optional<EmbeddedMongo> mongo;
    private final Optional<RedisProcess> redis;

    private BackingServices(String mongoUri, String storeDescription, Optional<EmbeddedMongo> mongo,
            String redisUrl, String redisDescription, Optional<RedisProcess> redis) {
        this.mongoUri = mongoUri;
        this.storeDescription = storeDescription;
        this.mongo = mongo;
        this.redisUrl = redisUrl;
        this.redisDescription = redisDescription;
        this.redis = redis;
    }

    /**
     * Starts what the environment does not provide; the store keeps its file under {@code dataDir/store}
     * and answers writes once they are written as {@code storeSync} says.
     */
    static BackingServices start(Map<String, String> env, Path dataDir, StoreSync storeSync) {
        String externalMongo = env.get(MONGODB_URI);
        Optional<EmbeddedMongo> mongo = Optional.empty();
        String mongoUri;
        String storeDescription;
        if (isSet(externalMongo)) {
            mongoUri = externalMongo;
            storeDescription = "external MongoDB " + redact(externalMongo) + " (from " + MONGODB_URI + ")";
        } else {
            Path storeDir = dataDir.resolve("store");
            // Bound to a free port rather than 27017, so a MongoDB already running here is left alone.
            mongo = Optional.of(EmbeddedMongo.onDisk(storeDir, HOST, FreePorts.find(), storeSync));
            mongoUri = mongo.get().connectionString();
            storeDescription = "embedded store (H2 file in " + storeDir + ", store-sync " + storeSync.optionValue()
                    + ") at " + mongoUri;
        }
        try {
            String externalRedis = env.get(REDIS_URL);
            if (isSet(externalRedis)) {
                return new BackingServices(mongoUri, storeDescription, mongo, externalRedis,
                        "external Redis " + redact(externalRedis) + " (from " + REDIS_URL + ")", Optional.empty());
            }
            RedisProcess started = RedisProcess.start(HOST, FreePorts.find());
            String origin = started.fromPath() ? "redis-server from PATH" : "bundled redis-server";
            return new BackingServices(mongoUri, storeDescription, mongo, started.url(),
                    origin + " at " + started.url(), Optional.of(started));
        } catch (RuntimeException e) {
            mongo.ifPresent(EmbeddedMongo::close);
            throw e;
        }
    }

    /** The variables that point platform-api at these services. */
    Map<String, String> environment() {
        return Map.of(MONGODB_URI, mongoUri, REDIS_URL, redisUrl, DURABLE_IN_ORDER, Boolean.toString(embeddedStore()));
    }

    /** Whether the data directory holds the store, that is whether no external MongoDB was given. */
    boolean embeddedStore() {
        return mongo.isPresent();
    }

    String storeDescription() {
        return storeDescription;
    }

    String redisDescription() {
        return redisDescription;
    }

    /** Redis first, then the store, whose close flushes the H2 file. */
    @Override
    public void close() {
        try {
            redis.ifPresent(RedisProcess::close);
        } finally {
            mongo.ifPresent(EmbeddedMongo::close);
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    /**
     * Hides a password in {@code scheme://user:password@host} so it never lands in a terminal log; in each URL of a
     * comma-separated list too (a Redis Cluster's nodes).
     */
    static String redact(String uri) {
        return uri.replaceAll("//[^/@,]*@", "//***@");
    }
}
