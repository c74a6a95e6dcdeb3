package io.padic.api.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.padic.api.common.Breaker;
import io.padic.api.common.PadicConfig;
import io.padic.api.common.RateLimit;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Token buckets (Bucket4j) kept in Redis, so a limit holds across every platform-api process. Each process
 * also counts its own attempts against the same limit: while Redis fails (skipped for
 * {@code padic.cache.retry-after} after a failure) or after it comes back empty, the limit still holds per
 * process. Limits are never dropped, and a failing Redis never fails the request.
 *
 * <p>Against a Redis Cluster ({@code quarkus.redis.client-type=cluster}) the client follows the cluster's topology:
 * each bucket is one key, so it lives in one slot, and a failover moves it with its slot.
 */
@ApplicationScoped
public class SharedBuckets {
    private static final String KEY_PREFIX = "padic:limits:";
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private record LocalBucket(Bucket bucket, Duration window) {
    }

    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final Duration timeout;
    private final Breaker breaker;
    private final Cache<String, LocalBucket> local;
    private StatefulConnection<String, byte[]> connection;
    private volatile ProxyManager<String> remote;

    public SharedBuckets(@ConfigProperty(name = "quarkus.redis.hosts") String hosts,
            @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType,
            @ConfigProperty(name = "quarkus.redis.timeout") Duration timeout, PadicConfig config) {
        this.timeout = timeout;
        this.breaker = new Breaker(config.cache().retryAfter(),
                "sign-in limits hold per process until it answers again", "sign-in limits are shared across processes again");
        // One small client for the whole process, at the address of the object cache's Redis.
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1).build();
        List<RedisURI> nodes = Arrays.stream(hosts.split(",")).map(String::trim).map(RedisURI::create).toList();
        ClientOptions options = ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build();
        if ("cluster".equalsIgnoreCase(clientType)) {
            RedisClusterClient cluster = RedisClusterClient.create(resources, nodes);
            cluster.setOptions(ClusterClientOptions.builder(options)
                    // A failed master's slots move to its replica: a failing command or a MOVED redirect
                    // reloads the topology at once, and it is reloaded every 30 s anyway.
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers().enablePeriodicRefresh(Duration.ofSeconds(30))
                            .build())
                    .build());
            this.client = cluster;
        } else {
            RedisClient single = RedisClient.create(resources, nodes.getFirst());
            single.setOptions(options);
            this.client = single;
        }
        // A bucket untouched for a whole window is full again: forgetting it then loses nothing.
        this.local = Caffeine.newBuilder().maximumSize(config.auth().limits().localMaxKeys())
                .expireAfter(Expiry.accessing((String key, LocalBucket bucket) -> bucket.window())).build();
    }

    /** Takes one attempt from the bucket {@code key}; empty if taken, else how long until the limit lets one in. */
    public Optional<Duration> take(String key, RateLimit limit) {
        Bucket mine = local(key, limit);
        ConsumptionProbe here = mine.tryConsumeAndReturnRemaining(1);
        if (!here.isConsumed()) {
            return Optional.of(Duration.ofNanos(here.getNanosToWaitForRefill()));
        }
        ConsumptionProbe shared = shared(key, limit, bucket -> bucket.tryConsumeAndReturnRemaining(1));
        if (shared != null && !shared.isConsumed()) {
            mine.addTokens(1);
            return Optional.of(Duration.ofNanos(shared.getNanosToWaitForRefill()));
        }
        return Optional.empty();
    }

    /** Gives back an attempt taken by {@link #take} that turned out not to count (a successful sign-in). */
    public void giveBack(String key, RateLimit limit) {
        local(key, limit).addTokens(1);
        shared(key, limit, bucket -> {
            bucket.addTokens(1);
            return Boolean.TRUE;
        });
    }

    private Bucket local(String key, RateLimit limit) {
        return local.get(key, k -> new LocalBucket(Bucket.builder().addLimit(bandwidth(limit)).build(), limit.window()))
                .bucket();
    }

    /** The action's result on the shared bucket, or null while Redis is skipped or when it fails. */
    private <T> T shared(String key, RateLimit limit, Function<Bucket, T> action) {
        return breaker.call(() -> action.apply(remote().builder().build(KEY_PREFIX + key, () -> configuration(limit))))
                .orElse(null);
    }

    private static BucketConfiguration configuration(RateLimit limit) {
        return BucketConfiguration.builder().addLimit(bandwidth(limit)).build();
    }

    /** All attempts of a window come back at once when it ends: "at most N in each window", as documented. */
    private static Bandwidth bandwidth(RateLimit limit) {
        return Bandwidth.builder().capacity(limit.attempts()).refillIntervally(limit.attempts(), limit.window())
                .build();
    }

    private ProxyManager<String> remote() {
        ProxyManager<String> known = remote;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (remote == null) {
                // Connects on first use, so the process starts while Redis is away; reconnects by itself after.
                Bucket4jLettuce.LettuceBasedProxyManagerBuilder<String> builder;
                if (client instanceof RedisClusterClient cluster) {
                    StatefulRedisClusterConnection<String, byte[]> clustered = cluster.connect(CODEC);
                    connection = clustered;
                    builder = Bucket4jLettuce.casBasedBuilder(clustered);
                } else {
                    StatefulRedisConnection<String, byte[]> single = ((RedisClient) client).connect(CODEC);
                    connection = single;
                    builder = Bucket4jLettuce.casBasedBuilder(single);
                }
                remote = builder
                        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                                Duration.ofSeconds(1)))
                        .requestTimeout(timeout)
                        .build();
            }
            return remote;
        }
    }

    @PreDestroy
    synchronized void close() {
        if (connection != null) {
            connection.close();
        }
        client.shutdown();
        resources.shutdown();
    }
}
