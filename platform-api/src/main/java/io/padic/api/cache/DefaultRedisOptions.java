package io.padic.api.cache;

import io.quarkus.redis.client.RedisOptionsCustomizer;
import io.quarkus.redis.runtime.client.config.RedisConfig;
import io.vertx.redis.client.RedisOptions;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The options Quarkus built for the default Redis client from {@code quarkus.redis.*} (hosts, client type, password,
 * TLS, timeouts), kept when it builds that client, so that clients made the same way ({@link EventLoopRedis}) reach
 * the same Redis the same way without reading the configuration again.
 */
@Singleton
public class DefaultRedisOptions implements RedisOptionsCustomizer {

    private volatile RedisOptions options;

    @Override
    public void customize(String clientName, RedisOptions built) {
        if (RedisConfig.DEFAULT_CLIENT_NAME.equals(clientName)) {
            options = new RedisOptions(built);
        }
    }

    /** A copy of the default client's options, once Quarkus has built that client. */
    Optional<RedisOptions> copy() {
        RedisOptions kept = options;
        return kept == null ? Optional.empty() : Optional.of(new RedisOptions(kept));
    }
}
