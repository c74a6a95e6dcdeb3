package io.padic.api.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A Redis Cluster of its own (six processes, see {@link RedisCluster}), with the app's client in cluster mode. */
public class RedisClusterResource implements QuarkusTestResourceLifecycleManager {

    private static RedisCluster cluster;

    @Override
    public Map<String, String> start() {
        cluster = RedisCluster.start();
        return Map.of("quarkus.redis.client-type", "cluster", "quarkus.redis.hosts", cluster.hosts());
    }

    @Override
    public void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    public static RedisCluster cluster() {
        return cluster;
    }
}
