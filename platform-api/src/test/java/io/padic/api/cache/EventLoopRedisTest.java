package io.padic.api.cache;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class EventLoopRedisTest extends EventLoopRedisChecks {

    /** After a Redis restart no loop's first read fails: a connection Redis closed is let go when it closes. */
    @Test
    void aConnectionRedisClosedIsLetGoBeforeTheNextRead() throws Exception {
        redis.value(String.class).set("event-loop-redis:closed", "answered");
        Context loop = eventLoops(1).get(0);
        for (int call = 0; call < 3; call++) {
            get(loop).get(5, TimeUnit.SECONDS);
        }
        redis.execute("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
        await().atMost(Duration.ofSeconds(5)).until(() -> loops.loopsHoldingTheirOwn() == 0);
        for (int call = 0; call < 3; call++) {
            assertEquals("answered", get(loop, "event-loop-redis:closed").get(5, TimeUnit.SECONDS).toString());
        }
    }
}
