package io.padic.api.cache;

import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Redis as readiness sees it. The service works without Redis (reads fold from snapshots and events), so
 * the check stays UP and says {@code mode: degraded} instead of taking the process out of the load balancer.
 */
@Readiness
@ApplicationScoped
public class CacheHealthCheck implements HealthCheck {

    private final RedisDataSource redis;
    private final RedisGuard guard;

    public CacheHealthCheck(RedisDataSource redis, RedisGuard guard) {
        this.redis = redis;
        this.guard = guard;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up;
        try {
            redis.execute("PING");
            up = true;
            guard.succeeded();
        } catch (RuntimeException e) {
            up = false;
        }
        return HealthCheckResponse.named("Redis cache").up()
                .withData("redis", up ? "up" : "down")
                .withData("mode", up ? "normal" : "degraded")
                .build();
    }
}
