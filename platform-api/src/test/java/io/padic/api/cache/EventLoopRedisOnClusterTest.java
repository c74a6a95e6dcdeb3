package io.padic.api.cache;

import io.padic.api.support.RedisClusterResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@link EventLoopRedisChecks} against a Redis Cluster (PADIC_REDIS_CLIENT_TYPE=cluster). */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisClusterResource.class)
class EventLoopRedisOnClusterTest extends EventLoopRedisChecks {
}
