package io.padic.api;

import io.padic.api.support.RedisClusterResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@link ComputedObjectCacheChecks} on a Redis Cluster of three masters and three replicas. */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisClusterResource.class)
class ComputedObjectCacheOnClusterTest extends ComputedObjectCacheChecks {

    @Override
    void emptyRedis() {
        RedisClusterResource.cluster().flushAll();
    }
}
