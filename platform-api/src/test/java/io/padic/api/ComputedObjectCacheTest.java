package io.padic.api;

import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** {@link ComputedObjectCacheChecks} on one Redis. */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class ComputedObjectCacheTest extends ComputedObjectCacheChecks {

    @Inject
    RedisDataSource redis;

    @Override
    void emptyRedis() {
        redis.flushall();
    }
}
