package io.padic.api.support;

import io.padic.embedded.RedisProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A real Redis server process of its own (the one on PATH, else the bundled binary) on a free port. */
public class RedisResource implements QuarkusTestResourceLifecycleManager {

    private static RedisProcess redis;

    @Override
    public Map<String, String> start() {
        redis = RedisProcess.start("127.0.0.1", 0);
        return Map.of("quarkus.redis.hosts", redis.url());
    }

    @Override
    public void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    public static RedisProcess redis() {
        return redis;
    }
}
