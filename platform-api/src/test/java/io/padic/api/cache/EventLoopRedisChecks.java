package io.padic.api.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Calls made on an event loop (warm reads' HMGETs) reach the Redis the service is configured with, from every loop,
 * and a loop whose connection Redis dropped is answered again at its next call. Run against one Redis
 * ({@link EventLoopRedisTest}) and a Redis Cluster ({@link EventLoopRedisOnClusterTest}).
 */
abstract class EventLoopRedisChecks {

    private static final String PROBE = "event-loop-redis:probe";

    @Inject
    EventLoopRedis loops;

    @Inject
    Vertx vertx;

    @Inject
    RedisDataSource redis;

    @Test
    void everyEventLoopReadsTheConfiguredRedis() throws Exception {
        redis.value(String.class).set(PROBE, "the test's own Redis");
        Set<String> threads = new HashSet<>();
        for (Context loop : eventLoops(2)) {
            // The first call goes through the shared client while the loop's own connection opens, the rest on it.
            for (int call = 0; call < 3; call++) {
                assertEquals("the test's own Redis", get(loop).get(5, TimeUnit.SECONDS).toString());
            }
            threads.add(on(loop, () -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS));
        }
        assertEquals(2, threads.size(), "the calls came from two event loops");
        assertTrue(loops.loopsHoldingTheirOwn() >= 2, "each loop opened a connection of its own");
    }

    @Test
    void aLoopWhoseConnectionRedisDroppedIsAnsweredAgain() throws Exception {
        redis.value(String.class).set(PROBE, "still here");
        Context loop = eventLoops(1).get(0);
        for (int call = 0; call < 3; call++) {
            get(loop).get(5, TimeUnit.SECONDS);
        }
        redis.execute("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
        List<String> answers = new ArrayList<>();
        for (int call = 0; call < 3; call++) {
            try {
                answers.add(get(loop).get(5, TimeUnit.SECONDS).toString());
            } catch (ExecutionException dropped) {
                answers.add("failed");
            }
        }
        // A failed call is a read sent on to the store; the loop's next call opens a connection again.
        assertTrue(answers.stream().filter("failed"::equals).count() <= 1,
                "at most one call after the drop fails: " + answers);
        assertEquals("still here", answers.get(2));
    }

    /** {@code n} contexts, each on an event loop of its own (Vert.x hands them out in turn). */
    List<Context> eventLoops(int n) {
        List<Context> contexts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            contexts.add(((VertxInternal) vertx).createEventLoopContext());
        }
        return contexts;
    }

    CompletableFuture<Response> get(Context loop) {
        return get(loop, PROBE);
    }

    CompletableFuture<Response> get(Context loop, String key) {
        CompletableFuture<Response> answer = new CompletableFuture<>();
        loop.runOnContext(v -> loops.send(Request.cmd(Command.GET).arg(key)).onComplete(reply -> {
            if (reply.succeeded()) {
                answer.complete(reply.result());
            } else {
                answer.completeExceptionally(reply.cause());
            }
        }));
        return answer;
    }

    private static <T> CompletableFuture<T> on(Context loop, Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.runOnContext(v -> result.complete(work.get()));
        return result;
    }
}
