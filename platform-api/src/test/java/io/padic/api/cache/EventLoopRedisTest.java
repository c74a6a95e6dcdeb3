package io.padic.api.cache;

import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class EventLoopRedisTest extends EventLoopRedisChecks {
}
