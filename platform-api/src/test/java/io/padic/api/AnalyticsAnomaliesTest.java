package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.management;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.sendBatch;
import static io.padic.api.support.Api.workspace;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.api.analytics.AnalyticsBuilds;
import io.padic.api.analytics.AnalyticsFlusher;
import io.padic.api.analytics.AnomalyChecks;
import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StepHistory;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Anomaly flags and field drift (docs/design.md#analytics), on hand-made histories sent with occurredAt in the past:
 * a step in one metaData segment is flagged hourly and daily with that segment as its explanation, once the weeks
 * before it are backfilled (not before: no history, and not a step with less than 3 weeks before it); late events that
 * undo the step take the flags back; fields that appeared, stopped and changed type.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class AnalyticsAnomaliesTest {

    private static final Pattern STORE_COMMANDS =
            Pattern.compile("(?m)^padic_store_commands_total\\{command=\"([a-zA-Z]+)\"[^}]*\\} ([0-9.E+]+)$");

    @Inject
    AnalyticsFlusher flusher;
    @Inject
    AnalyticsBuilds builds;
    @Inject
    AnomalyChecks checks;

    /** Counts everything sent (the test profile reads 3 events of an object per round: many flushes for a cart). */
    private void flushAll() {
        for (int round = 0; round < 1000 && !flusher.flushNow(); round++) {
            // another round
        }
    }

    private ValidatableResponse anomalies(Workspace w, String query) {
        flushAll();
        checks.checkNow();
        return as(w.account().token()).get("/v1/projects/" + w.projectId() + "/analytics/anomalies?" + query).then();
    }

    @Test
    void aStepInOneSegmentIsFlaggedHourlyAndDailyOnceItsWeeksBeforeAreBackfilled() throws Exception {
        Workspace w = workspace();
        ZoneId london = ZoneId.of("Europe/London");
        as(w.account().token()).body(Map.of("timeZone", london.getId())).patch("/v1/projects/" + w.projectId())
                .then().statusCode(200);
        builds.awaitBuilds();
        StepHistory history = StepHistory.endingYesterday(london);
        for (String cart : StepHistory.CARTS) {
            createObject(w.key(), "cart", cart);
        }
        sendBatch(w.key(), history.newestWeek());
        anomalies(w, history.query()).statusCode(200).body("timeZone", equalTo("Europe/London"))
                .body("open", equalTo(0)).body("anomalies", equalTo(List.of()));

        // Seven weeks before it arrive late: its hour and its day now have peers, and France is missing from them.
        sendBatch(w.key(), history.earlierWeeks());
        ValidatableResponse flagged = anomalies(w, history.query()).statusCode(200).body("open", equalTo(2))
                .body("building", equalTo(false))
                .body("anomalies.interval", equalTo(List.of("hour", "day")))
                .body("anomalies.bucket", equalTo(List.of(history.hourBucket(), history.dayBucket())));
        for (int i = 0; i < 2; i++) {
            String flag = "anomalies[" + i + "].";
            flagged.body(flag + "series", equalTo("events:checkout")).body(flag + "kind", equalTo("events"))
                    .body(flag + "eventType", equalTo("checkout"))
                    .body(flag + "expected", equalTo((float) (StepHistory.FRANCE + StepHistory.GERMANY)))
                    .body(flag + "actual", equalTo((float) StepHistory.GERMANY)).body(flag + "score", lessThan(-3.5f))
                    .body(flag + "explanation.segment", equalTo(List.of("meta:country=FR")))
                    .body(flag + "explanation.share", equalTo(List.of(1.0f)));
        }
        flagged.body("anomalies[0].bucketEnd", equalTo(history.hourBucket().replace("T14:", "T15:")));
        as(w.account().token()).get("/v1/projects/" + w.projectId() + "/analytics/anomalies?" + history.query()
                + "&series=active:cart").then().statusCode(200).body("anomalies", equalTo(List.of()));
        as(w.account().token()).get("/v1/projects/" + w.projectId() + "/analytics/anomalies?" + history.query()
                + "&limit=1").then().statusCode(200).body("anomalies.interval", equalTo(List.of("hour")));

        // A rebuild counts a new generation and checks it from scratch: the same flags, under new ids.
        List<String> ids = flagged.extract().path("anomalies.id");
        as(w.account().token()).post("/v1/projects/" + w.projectId() + "/analytics/rebuild").then().statusCode(202);
        builds.awaitBuilds();
        List<String> rebuilt = anomalies(w, history.query()).statusCode(200).body("open", equalTo(2))
                .body("anomalies.bucket", equalTo(List.of(history.hourBucket(), history.dayBucket())))
                .body("anomalies.explanation.segment", equalTo(List.of(List.of("meta:country=FR"),
                        List.of("meta:country=FR"))))
                .extract().path("anomalies.id");
        org.junit.jupiter.api.Assertions.assertNotEquals(ids, rebuilt);

        // France's events of that week arrive late after all: checked again, the buckets are no longer flagged.
        sendBatch(w.key(), history.newestWeekFrance());
        anomalies(w, history.query()).statusCode(200).body("open", equalTo(0)).body("anomalies", equalTo(List.of()));
    }

    /**
     * The flag's delay: a closed hour is checked by the first run after it closes and settles (the test profile
     * settles at once), not a second earlier; the defaults make that at most settle + check-every = 4 minutes after
     * the hour ends ({@code AnomalyDefaultsTest}).
     */
    @Test
    void anHourIsFlaggedByTheFirstCheckAfterItCloses() throws Exception {
        Workspace w = workspace();
        builds.awaitBuilds();
        StepHistory history = StepHistory.endingYesterday(ZoneOffset.UTC);
        for (String cart : StepHistory.CARTS) {
            createObject(w.key(), "cart", cart);
        }
        sendBatch(w.key(), history.earlierWeeks());
        sendBatch(w.key(), history.newestWeek());
        flushAll();
        String listed = "/v1/projects/" + w.projectId() + "/analytics/anomalies?" + history.query();

        checks.checkAt(history.hourEnd().minusSeconds(1));
        as(w.account().token()).get(listed).then().statusCode(200).body("open", equalTo(0));
        checks.checkAt(history.hourEnd());
        as(w.account().token()).get(listed).then().statusCode(200).body("open", equalTo(1))
                .body("anomalies.interval", equalTo(List.of("hour")))
                .body("anomalies.bucket", equalTo(List.of(history.hourBucket())));
        checks.checkNow(); // the day has closed since
        as(w.account().token()).get(listed).then().statusCode(200)
                .body("anomalies.interval", equalTo(List.of("hour", "day")));
    }

    /**
     * The check after a history arrives covers 8 weeks of hours, and each week's buckets are peers of the 8 weeks after
     * it: it reads each bucket's counters and segments from the store once, not once more for every week it is a peer
     * of (which took 9 times the reads, the store's work while the stack seemed idle).
     */
    @Test
    void theCheckAfterAHistoryArrivesReadsEachBucketFromTheStoreOnce() throws Exception {
        Workspace w = workspace();
        builds.awaitBuilds();
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            objects.add("order-" + i);
            createObject(w.key(), "order", objects.getLast());
        }
        flushAll();
        checks.checkNow(); // every project checked up to now: the next check has only this history to look at

        // An event every hour of the 9 weeks before this hour, sent late: every hour of the last 8 weeks is due.
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        List<Map<String, ?>> history = new ArrayList<>();
        for (int h = 1; h <= 9 * 7 * 24; h++) {
            history.add(Map.of("type", "paid", "concerns", objects.get(h % objects.size()),
                    "occurredAt", hour.minus(h, ChronoUnit.HOURS).plusSeconds(h % 3600).toString()));
            if (history.size() == 500) {
                sendBatch(w.key(), history);
                history.clear();
            }
        }
        sendBatch(w.key(), history);
        flushAll();

        Map<String, Double> before = storeCommands();
        checks.checkNow();
        double finds = storeCommands().getOrDefault("find", 0.0) - before.getOrDefault("find", 0.0);

        // Read once: 2,688 hours (8 weeks and the 8 before them, in pages of 500 counters and 200 segments), their 112
        // days, and the 112 days of the daily check: about 40 finds. Read per chunk of a week, 110.
        assertTrue(finds <= 60, "finds of the check after the history: " + finds);
    }

    private static Map<String, Double> storeCommands() {
        String metrics = management().get("/q/metrics").then().statusCode(200).extract()
                .asString();
        Map<String, Double> counts = new TreeMap<>();
        Matcher m = STORE_COMMANDS.matcher(metrics);
        while (m.find()) {
            counts.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
        }
        return counts;
    }

    /**
     * More metaData keys and values than the caps keep, counted by live flushes in the order the events came (a few
     * at a time), then by a rebuild object by object: the segment documents are the same.
     */
    @Test
    void segmentCountersAreTheSameAfterARebuild() throws Exception {
        Workspace w = workspace();
        List<String> objects = List.of("a", "b", "c", "d");
        for (String id : objects) {
            createObject(w.key(), "item", id);
        }
        java.util.Random random = new java.util.Random(15);
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(3, ChronoUnit.DAYS);
        for (int batch = 0; batch < 4; batch++) {
            List<Map<String, ?>> events = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                Map<String, Object> metaData = new java.util.HashMap<>();
                for (int k = 0; k < 14; k++) {
                    metaData.put("k" + k, "v" + random.nextInt(30));
                }
                metaData.put("n", random.nextInt(3));
                metaData.put("nested", Map.of("p" + random.nextInt(300), true));
                events.add(Map.of("type", "viewed", "concerns", objects.get(random.nextInt(objects.size())),
                        "occurredAt", start.plusSeconds(random.nextInt(3 * 24 * 3600)).toString(), "metaData", metaData));
            }
            sendBatch(w.key(), events);
            flushAll();
        }
        Map<String, org.bson.Document> counted = segments(w.projectId());
        org.junit.jupiter.api.Assertions.assertTrue(counted.size() > 50, "hour and day buckets: " + counted.size());
        as(w.account().token()).post("/v1/projects/" + w.projectId() + "/analytics/rebuild").then().statusCode(202);
        builds.awaitBuilds();
        flushAll();
        org.junit.jupiter.api.Assertions.assertEquals(counted, segments(w.projectId()));
    }

    /** The project's segment documents by interval and bucket, without what says how they were written. */
    private static Map<String, org.bson.Document> segments(String projectId) {
        Map<String, org.bson.Document> out = new java.util.TreeMap<>();
        String scope = io.padic.api.support.Api.store().getCollection("analytics_projects")
                .find(com.mongodb.client.model.Filters.eq("_id", projectId)).first().get("epoch").toString();
        for (org.bson.Document doc : io.padic.api.support.Api.store().getCollection("analytics_segments")
                .find(com.mongodb.client.model.Filters.eq("projectId", projectId + "@" + scope))) {
            String bucket = doc.getString("bucket");
            for (String written : List.of("_id", "projectId", "rev", "applied")) {
                doc.remove(written);
            }
            out.put(bucket, doc);
        }
        return out;
    }

    @Test
    void driftListsFieldsThatAppearedStoppedAndChangedType() {
        Workspace w = workspace();
        createObject(w.key(), "User", "u1");
        Instant now = Instant.now();
        List<Map<String, ?>> events = new ArrayList<>();
        List<String> dates = new ArrayList<>();
        for (int daysBack = 5; daysBack >= 0; daysBack--) {
            Instant at = now.minus(daysBack, ChronoUnit.DAYS).minus(1, ChronoUnit.MINUTES);
            dates.add(LocalDate.ofInstant(at, ZoneOffset.UTC).toString());
            Map<String, ?> metaData = daysBack >= 3
                    ? Map.of("plan", "pro", "seats", 3, "legacy", Map.of("id", "x"))
                    : Map.of("plan", "pro", "seats", "three", "referrer", "ad");
            events.add(Map.of("type", "signup", "concerns", "u1", "occurredAt", at.toString(), "metaData", metaData));
        }
        sendBatch(w.key(), events);
        flushAll();
        String drift = "/v1/projects/" + w.projectId() + "/event-types/signup/drift";
        as(w.account().token()).get(drift + "?days=7").then().statusCode(200)
                .body("eventType", equalTo("signup")).body("days.size()", equalTo(7))
                .body("days[6]", equalTo(LocalDate.now(ZoneOffset.UTC).toString()))
                .body("appeared.field", equalTo(List.of("referrer")))
                .body("appeared.firstSeen", equalTo(List.of(dates.get(3))))
                .body("stopped.field", equalTo(List.of("legacy", "legacy.id")))
                .body("stopped.lastSeen", equalTo(List.of(dates.get(2), dates.get(2))))
                .body("typeChanged.field", equalTo(List.of("seats")))
                .body("typeChanged.from", equalTo(List.of("integer")))
                .body("typeChanged.to", equalTo(List.of("string")))
                .body("typeChanged.since", equalTo(List.of(dates.get(3))));
        // An event type with no events in the window drifts nowhere.
        as(w.account().token()).get("/v1/projects/" + w.projectId() + "/event-types/login/drift").then()
                .statusCode(200).body("days.size()", equalTo(14)).body("appeared", equalTo(List.of()))
                .body("stopped", equalTo(List.of())).body("typeChanged", equalTo(List.of()));
    }

    @Test
    void badInputNamesTheField() {
        Workspace w = workspace();
        String anomalies = "/v1/projects/" + w.projectId() + "/analytics/anomalies";
        String token = w.account().token();
        for (Map.Entry<String, String> bad : Map.of("limit=0", "limit", "limit=many", "limit", "limit=1001", "limit",
                "series=checkout", "series", "series=events:", "series", "from=yesterday", "from",
                "from=2026-02-01&to=2026-01-01", "from", "from=2024-01-01&to=2026-01-01", "to").entrySet()) {
            problem(as(token).get(anomalies + "?" + bad.getKey()).then(), 422)
                    .body("errors[0].field", equalTo(bad.getValue()));
        }
        String drift = "/v1/projects/" + w.projectId() + "/event-types/signup/drift";
        for (String days : List.of("0", "91", "two", "-1")) {
            problem(as(token).get(drift + "?days=" + days).then(), 422).body("errors[0].field", equalTo("days"));
        }
    }
}
