package io.padic.api;

import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.readObject;
import static io.padic.api.support.Api.sendEvent;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.padic.api.cache.ObjectCache;
import io.padic.api.fold.FoldStats;
import io.padic.api.support.Api;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis is a cache, not a dependency (docs/design.md#cache-and-snapshots): with it stopped, reads answer the same
 * states from snapshots and events, writes go on, readiness stays UP and says degraded; when it returns, the cache is
 * used again without a restart.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class RedisOutageTest {

    @Inject
    FoldStats stats;

    @Inject
    ObjectCache cache;

    @AfterEach
    void redisRunsAgain() {
        // Other test classes share this app and this Redis.
        if (!redisAnswers()) {
            RedisResource.redis().restart();
        }
    }

    @Test
    void readsAndWritesGoOnWithoutRedisAndTheCacheResumesWhenItReturns() {
        String key = Api.projectKey();
        createObject(key, "Doc", "o1");
        for (int i = 1; i <= 70; i++) {
            sendEvent(key, "Edit", "o1", Map.of("n", i, "k" + (i % 3), i)).statusCode(201);
        }
        readObject(key, "o1", null).body("state.n", equalTo(70));
        cache.forgetKept();
        long hits = stats.hits();
        readObject(key, "o1", null).body("state.n", equalTo(70));
        assertEquals(hits + 1, stats.hits(), "without this process's copy, the second read is a Redis hit");
        readiness().body("checks.find { it.name == 'Redis cache' }.data.mode", equalTo("normal"));

        RedisResource.redis().stop();
        readiness().body("status", equalTo("UP"))
                .body("checks.find { it.name == 'Redis cache' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Redis cache' }.data.redis", equalTo("down"))
                .body("checks.find { it.name == 'Redis cache' }.data.mode", equalTo("degraded"));
        cache.forgetKept();
        hits = stats.hits();
        readObject(key, "o1", null).statusCode(200).body("seq", equalTo(70)).body("state.n", equalTo(70))
                .body("state.k1", equalTo(70));
        readObject(key, "o1", "seq=65").statusCode(200).body("state.n", equalTo(65)).body("state.k2", equalTo(65));
        sendEvent(key, "Edit", "o1", Map.of("n", 71)).statusCode(201);
        readObject(key, "o1", null).statusCode(200).body("seq", equalTo(71)).body("state.n", equalTo(71));
        readObject(key, "o1", null).statusCode(200).body("state.n", equalTo(71));
        assertEquals(hits, stats.hits(), "no hit while Redis is down");

        RedisResource.redis().restart();
        readiness().body("checks.find { it.name == 'Redis cache' }.data.mode", equalTo("normal"));
        // Redis came back empty; after the retry pause one read fills the cache and the next one hits.
        await("the cache answers again").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    cache.forgetKept();
                    long before = stats.hits();
                    readObject(key, "o1", null).statusCode(200).body("state.n", equalTo(71));
                    return stats.hits() > before;
                });
    }

    private static ValidatableResponse readiness() {
        return given().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItem("Redis cache"));
    }

    private static boolean redisAnswers() {
        return given().get("/q/health/ready").then().extract()
                .path("checks.find { it.name == 'Redis cache' }.data.redis").equals("up");
    }
}
