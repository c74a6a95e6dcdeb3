package io.padic.api.projects;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A key's use is counted in memory and written to Redis by a flush every 2 s (docs/design.md#cache-and-snapshots):
 * uses counted while a flush takes the counts away must reach the next flush, not vanish between the two.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class KeyUsageFlushTest {

    private static final int THREADS = 4;
    private static final int USES_EACH = 50_000;

    @Inject
    KeyUsage usage;

    @Test
    void usesCountedWhileFlushesRunAreAllWritten() throws Exception {
        String projectId = "prj_flush_" + UUID.randomUUID();
        String keyId = "key_flush";
        ExecutorService users = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            running.add(users.submit(() -> {
                for (int i = 0; i < USES_EACH; i++) {
                    usage.used(projectId, keyId, Instant.now());
                }
            }));
        }
        while (running.stream().anyMatch(f -> !f.isDone())) {
            usage.flush();
        }
        for (Future<?> f : running) {
            f.get();
        }
        users.shutdown();
        usage.flush();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals((long) THREADS * USES_EACH,
                usage.of(projectId, List.of(keyId)).get(keyId).requestsLast24h()));
    }
}
