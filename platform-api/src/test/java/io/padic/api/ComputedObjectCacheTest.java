package io.padic.api;

import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.readObject;
import static io.padic.api.support.Api.workspace;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.padic.api.support.Api;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ComputedObjectCacheChecks} on one Redis, and a history of thousands of events, whose cost is the fold's
 * rather than the cache's, so it runs on this topology only.
 */
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

    @Test
    void aFirstReadOfAVeryLongHistoryFoldsInStepsThatLeaveSnapshotsAllAlongIt() {
        Api.Workspace ws = workspace();
        createObject(ws.key(), "Log", "longest");
        int step = 64 * N; // ObjectStates.FOLD_STEP_SNAPSHOTS snapshot intervals
        List<Map<String, Object>> expected = appendNumbered(ws.key(), "longest", 2 * step + 100);
        long applied = stats.eventsApplied();
        readObject(ws.key(), "longest", null).statusCode(200).body("seq", equalTo(2 * step + 100));
        assertEquals(2 * step + 100, stats.eventsApplied() - applied, "the first read folds everything once");
        await("snapshots at the end of each step").atMost(Duration.ofSeconds(20))
                .until(() -> snapshotSeqs(ws.projectId(), "longest").containsAll(List.of((long) step, 2L * step)));

        applied = stats.eventsApplied();
        Map<String, Object> state = readObject(ws.key(), "longest", "seq=" + (step + 904)).statusCode(200)
                .extract().jsonPath().getMap("state");
        assertEquals(expected.get(step + 904), state);
        assertEquals(904, stats.eventsApplied() - applied, "a read in the middle starts from the first step's end");
    }
}
