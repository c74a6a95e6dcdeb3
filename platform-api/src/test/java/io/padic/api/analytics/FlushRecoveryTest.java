package io.padic.api.analytics;

import static com.mongodb.client.model.Filters.eq;
import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.store;
import static io.padic.api.support.Api.workspace;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.model.Updates;
import io.padic.api.analytics.ActivityRecorder.Hint;
import io.padic.api.analytics.ActivityRecorder.ObjectRef;
import io.padic.api.journal.PinRepository;
import io.padic.api.store.StoreKeys;
import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A flush that dies after writing its objects' states and before adding their counters (docs/design.md#analytics)
 * loses nothing and counts nothing twice: other flushes leave those objects alone while its marker is young, and
 * once it is older than the grace the sweep adds its pending changes, once, however often it runs.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class FlushRecoveryTest {

    @Inject
    ActivityRecorder recorder;
    @Inject
    ActivityRepository activity;
    @Inject
    CounterRepository counters;
    @Inject
    PinRepository pins;
    @Inject
    AnalyticsFlusher flusher;
    @Inject
    AnalyticsScopes scopes;

    private static void send(Workspace w, String type, Object concerns, String occurredAt) {
        as(w.key()).body(Map.of("type", type, "concerns", concerns, "occurredAt", occurredAt)).post("/v1/events")
                .then().statusCode(201);
    }

    @Test
    void aFlushThatDiedBeforeAddingItsCountersIsFinishedOnceBySweep() {
        Workspace w = workspace();
        createObject(w.key(), "User", "u1");
        createObject(w.key(), "User", "u2");
        send(w, "login", "u1", "2026-01-01T10:00:00Z");
        send(w, "login", "u2", "2026-01-02T10:00:00Z");
        send(w, "visit", List.of("u1", "u2"), "2026-01-03T10:00:00Z");

        // The flush that dies: it marks itself, writes the states with their pending changes, and stops there.
        String scope = scopes.findOrCreate(w.projectId(), ZoneId.of("UTC"), false).key();
        String flushId = "afl_died";
        List<ActivityRepository.Save> saves = new ArrayList<>();
        Deltas all = new Deltas();
        for (Map.Entry<ObjectRef, Hint> noted : recorder.drain()) {
            if (!noted.getKey().projectId().equals(w.projectId())) {
                recorder.note(noted.getKey(), noted.getValue()); // another test's, not ours to take
                continue;
            }
            String objectId = noted.getKey().objectId();
            ObjectActivity state = ObjectActivity.empty(noted.getValue().objectType(), ZoneId.of("UTC"));
            Deltas deltas = state.count(objectId, pins.range(w.projectId(), objectId, 1, noted.getValue().seq()));
            saves.add(new ActivityRepository.Save(objectId, null, state, deltas, null));
            all.addAll(deltas);
        }
        activity.mark(scope, flushId, List.of("u1", "u2"));
        assertTrue(activity.save(scope, flushId, saves).containsAll(List.of("u1", "u2")));
        String days = "from=2026-01-01&to=2026-01-05&interval=day";
        overview(w, days).body("eventTypes", equalTo(List.of()));

        // While the marker is young another flush leaves u1 alone: that flush may still be running.
        send(w, "login", "u1", "2026-01-04T10:00:00Z");
        flusher.flushNow();
        overview(w, days).body("eventTypes", equalTo(List.of()));

        // Past the grace the sweep finishes it; running it again, or adding the same flush again, adds nothing.
        store().getCollection("analytics_pending").updateOne(eq("_id", StoreKeys.analyticsPending(scope, flushId)),
                Updates.set("since", Date.from(Instant.now().minusSeconds(3600))));
        ActivityRepository.Marker marker = activity.marker(scope, flushId).orElseThrow();
        flusher.recoverStalled();
        flusher.recoverStalled();
        flusher.recover(marker);
        counters.apply(scope, flushId, all);
        flusher.flushNow();

        overview(w, days).body("eventTypes.name", equalTo(List.of("login", "visit")))
                .body("eventTypes[0].counts", equalTo(List.of(1, 1, 0, 1)))
                .body("eventTypes[1].counts", equalTo(List.of(0, 0, 1, 0)))
                .body("objectTypes[0].events", equalTo(List.of(1, 1, 2, 1)));
        as(w.account().token()).get("/v1/projects/" + w.projectId() + "/analytics/active?objectType=User&" + days)
                .then().statusCode(200)
                .body("active", equalTo(List.of(1, 1, 2, 1)))
                .body("new", equalTo(List.of(1, 1, 0, 0)))
                .body("returning", equalTo(List.of(0, 0, 1, 1)))
                .body("resurrected", equalTo(List.of(0, 0, 1, 0)))
                .body("dormant", equalTo(List.of(0, -1, 0, -1)));
    }

    private static ValidatableResponse overview(Workspace w, String query) {
        return as(w.account().token()).get("/v1/projects/" + w.projectId() + "/analytics/overview?" + query).then()
                .statusCode(200);
    }
}
