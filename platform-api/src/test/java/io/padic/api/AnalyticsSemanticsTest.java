package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.hideEvent;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.workspace;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.padic.api.analytics.AnalyticsBuilds;
import io.padic.api.analytics.AnalyticsFlusher;
import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the analytics routes count (docs/design.md#analytics), on small hand-made histories: lifecycle categories at
 * bucket edges, a late occurredAt that moves "new", events of several objects, hides, and DST days.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class AnalyticsSemanticsTest {

    @Inject
    AnalyticsFlusher flusher;
    @Inject
    AnalyticsBuilds builds;

    private static String send(Workspace w, String type, Object concerns, String occurredAt) {
        Map<String, Object> body = occurredAt == null ? Map.of("type", type, "concerns", concerns)
                : Map.of("type", type, "concerns", concerns, "occurredAt", occurredAt);
        return as(w.key()).body(body).post("/v1/events").then().statusCode(201).extract().path("id");
    }

    private ValidatableResponse get(Workspace w, String route, String query) {
        flusher.flushNow();
        return as(w.account().token()).get("/v1/projects/" + w.projectId() + "/analytics/" + route + "?" + query)
                .then();
    }

    @Test
    void lifecycleCategoriesFollowTheBucketEdges() {
        Workspace w = workspace();
        for (String user : List.of("u1", "u2", "u3")) {
            createObject(w.key(), "User", user);
        }
        send(w, "login", "u1", "2026-01-01T23:59:59.999Z");
        send(w, "login", "u1", "2026-01-02T00:00:00Z");
        send(w, "login", "u1", "2026-01-04T10:00:00Z");
        send(w, "login", "u2", "2026-01-02T12:00:00Z");
        send(w, "login", "u3", "2026-01-01T01:00:00Z");
        send(w, "login", "u3", "2026-01-03T00:00:00Z");

        String query = "objectType=User&from=2026-01-01&to=2026-01-06&interval=day";
        get(w, "active", query).statusCode(200)
                .body("objectType", equalTo("User")).body("interval", equalTo("day"))
                .body("buckets", equalTo(List.of("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z",
                        "2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z", "2026-01-05T00:00:00Z")))
                .body("active", equalTo(List.of(2, 2, 1, 1, 0)))
                .body("new", equalTo(List.of(2, 1, 0, 0, 0)))
                .body("returning", equalTo(List.of(0, 1, 0, 0, 0)))
                .body("resurrected", equalTo(List.of(0, 0, 1, 1, 0)))
                .body("dormant", equalTo(List.of(0, -1, -2, -1, -1)));

        // u2 turns out to have been active on Dec 31: it is new there, dormant on Jan 1, resurrected on Jan 2.
        send(w, "login", "u2", "2025-12-31T08:00:00Z");
        get(w, "active", "objectType=User&from=2025-12-31&to=2026-01-06&interval=day").statusCode(200)
                .body("active", equalTo(List.of(1, 2, 2, 1, 1, 0)))
                .body("new", equalTo(List.of(1, 2, 0, 0, 0, 0)))
                .body("returning", equalTo(List.of(0, 0, 1, 0, 0, 0)))
                .body("resurrected", equalTo(List.of(0, 0, 1, 1, 1, 0)))
                .body("dormant", equalTo(List.of(0, -1, -1, -2, -1, -1)));
        get(w, "active", "objectType=User&from=2025-12-29&to=2026-01-12&interval=week").statusCode(200)
                .body("buckets", equalTo(List.of("2025-12-29T00:00:00Z", "2026-01-05T00:00:00Z")))
                .body("active", equalTo(List.of(3, 0))).body("new", equalTo(List.of(3, 0)))
                .body("dormant", equalTo(List.of(0, -3)));
    }

    @Test
    void retentionCountsEachObjectInTheCohortOfItsFirstBucket() {
        Workspace w = workspace();
        for (String user : List.of("u1", "u2", "u3")) {
            createObject(w.key(), "User", user);
        }
        send(w, "login", "u1", "2026-01-01T10:00:00Z");
        send(w, "login", "u1", "2026-01-02T10:00:00Z");
        send(w, "login", "u1", "2026-01-04T10:00:00Z");
        send(w, "login", "u2", "2026-01-02T10:00:00Z");
        send(w, "login", "u2", "2026-01-03T10:00:00Z");
        send(w, "login", "u3", "2026-01-01T10:00:00Z");
        send(w, "login", "u3", "2026-01-03T10:00:00Z");

        get(w, "retention", "objectType=User&from=2026-01-01&to=2026-01-05&interval=day").statusCode(200)
                .body("objectType", equalTo("User")).body("interval", equalTo("day"))
                .body("cohorts.start", equalTo(List.of("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z",
                        "2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z")))
                .body("cohorts.size", equalTo(List.of(2, 1, 0, 0)))
                .body("cohorts[0].retained", equalTo(List.of(2, 1, 1, 1)))
                .body("cohorts[1].retained", equalTo(List.of(1, 1, 0)))
                .body("cohorts[2].retained", equalTo(List.of(0, 0)))
                .body("cohorts[3].retained", equalTo(List.of(0)));

        // u2 turns out to have started on Dec 31: it leaves the Jan 2 cohort for the Dec 31 one.
        send(w, "login", "u2", "2025-12-31T10:00:00Z");
        get(w, "retention", "objectType=User&from=2025-12-31&to=2026-01-05&interval=day").statusCode(200)
                .body("cohorts.size", equalTo(List.of(1, 2, 0, 0, 0)))
                .body("cohorts[0].retained", equalTo(List.of(1, 0, 1, 1, 0)))
                .body("cohorts[1].retained", equalTo(List.of(2, 1, 1, 1)))
                .body("cohorts[2].retained", equalTo(List.of(0, 0, 0)));
        get(w, "retention", "objectType=User&from=2025-12-29&to=2026-01-12&interval=week").statusCode(200)
                .body("cohorts.size", equalTo(List.of(3, 0)))
                .body("cohorts[0].retained", equalTo(List.of(3, 0)));
        problem(as(w.account().token()).get("/v1/projects/" + w.projectId()
                + "/analytics/retention?objectType=User&from=2024-01-01&to=2026-01-01&interval=day").then(), 422)
                .body("errors[0].field", equalTo("to"));
    }

    @Test
    void anEventOfSeveralObjectsCountsOnceAndOncePerObjectTypeAndHidesCountNothing() {
        Workspace w = workspace();
        createObject(w.key(), "User", "u1");
        createObject(w.key(), "Order", "o1");
        createObject(w.key(), "Order", "o2");
        send(w, "order.placed", List.of("o1", "u1"), "2026-02-10T10:00:00Z");
        send(w, "order.placed", List.of("o2", "u1"), "2026-02-11T10:00:00Z");
        String hidden = send(w, "order.cancelled", List.of("o2", "u1"), "2026-02-11T11:00:00Z");
        send(w, "signup", "u1", "2026-02-03T09:00:00Z"); // the week before: the previous period

        String query = "from=2026-02-09&to=2026-02-16&interval=day";
        get(w, "overview", query).statusCode(200)
                .body("timeZone", equalTo("UTC")).body("interval", equalTo("day"))
                .body("buckets.size()", equalTo(7))
                .body("eventTypes.name", equalTo(List.of("order.placed", "order.cancelled", "signup")))
                .body("eventTypes[0].counts", equalTo(List.of(0, 1, 1, 0, 0, 0, 0)))
                .body("eventTypes[0].total", equalTo(2)).body("eventTypes[0].previousTotal", equalTo(0))
                .body("eventTypes[1].total", equalTo(1))
                .body("eventTypes[2].total", equalTo(0)).body("eventTypes[2].previousTotal", equalTo(1))
                .body("newEventTypes", equalTo(List.of("order.cancelled", "order.placed")))
                .body("goneEventTypes", equalTo(List.of("signup")))
                .body("objectTypes.name", equalTo(List.of("Order", "User")))
                .body("objectTypes[0].events", equalTo(List.of(0, 1, 2, 0, 0, 0, 0)))
                .body("objectTypes[0].created", equalTo(List.of(0, 1, 1, 0, 0, 0, 0)))
                .body("objectTypes[1].events", equalTo(List.of(0, 1, 2, 0, 0, 0, 0)))
                .body("objectTypes[1].created", equalTo(List.of(0, 0, 0, 0, 0, 0, 0)));

        // Hiding changes nothing: the hidden event stays counted, and the hide itself is no event type.
        hideEvent(w.key(), hidden).statusCode(201);
        send(w, "order.placed", "o1", "2026-02-12T10:00:00Z");
        get(w, "overview", query).statusCode(200)
                .body("eventTypes.name", not(hasItem("$hide")))
                .body("eventTypes[0].counts", equalTo(List.of(0, 1, 1, 1, 0, 0, 0)))
                .body("eventTypes[1].total", equalTo(1))
                .body("objectTypes[0].events", equalTo(List.of(0, 1, 2, 1, 0, 0, 0)))
                .body("objectTypes[1].events", equalTo(List.of(0, 1, 2, 0, 0, 0, 0)));
        get(w, "active", "objectType=Order&" + query).statusCode(200)
                .body("active", equalTo(List.of(0, 1, 1, 1, 0, 0, 0)))
                .body("dormant", equalTo(List.of(0, 0, -1, -1, -1, 0, 0)));
    }

    @Test
    void dstDaysInLondonHave23And25HourBuckets() {
        Workspace w = workspace();
        as(w.account().token()).get("/v1/projects/" + w.projectId()).then().statusCode(200)
                .body("timeZone", equalTo("UTC"));
        as(w.account().token()).body(Map.of("timeZone", "Europe/London")).patch("/v1/projects/" + w.projectId())
                .then().statusCode(200).body("timeZone", equalTo("Europe/London"));
        createObject(w.key(), "User", "u1");
        send(w, "login", "u1", "2026-03-29T00:30:00Z"); // 00:30 GMT
        send(w, "login", "u1", "2026-03-29T01:30:00Z"); // 02:30 BST: the clock skipped 01:00-02:00
        send(w, "login", "u1", "2026-10-25T00:30:00Z"); // 01:30 BST
        send(w, "login", "u1", "2026-10-25T01:30:00Z"); // 01:30 GMT, the same local hour again

        get(w, "overview", "from=2026-03-29&to=2026-03-30&interval=hour").statusCode(200)
                .body("timeZone", equalTo("Europe/London"))
                .body("buckets.size()", equalTo(23))
                .body("buckets[0]", equalTo("2026-03-29T00:00:00Z"))
                .body("buckets[1]", equalTo("2026-03-29T02:00:00+01:00"))
                .body("eventTypes[0].counts[0]", equalTo(1)).body("eventTypes[0].counts[1]", equalTo(1));
        get(w, "overview", "from=2026-10-25&to=2026-10-26&interval=hour").statusCode(200)
                .body("buckets.size()", equalTo(25))
                .body("buckets[1]", equalTo("2026-10-25T01:00:00+01:00"))
                .body("buckets[2]", equalTo("2026-10-25T01:00:00Z"))
                .body("eventTypes[0].counts[1]", equalTo(1)).body("eventTypes[0].counts[2]", equalTo(1));
        get(w, "overview", "from=2026-03-28&to=2026-03-31&interval=day").statusCode(200)
                .body("buckets", equalTo(List.of("2026-03-28T00:00:00Z", "2026-03-29T00:00:00Z",
                        "2026-03-30T00:00:00+01:00")))
                .body("eventTypes[0].counts", equalTo(List.of(0, 2, 0)));
    }

    @Test
    void aTimeZoneChangeRecountsEveryObjectInTheNewZonesBuckets() throws Exception {
        Workspace w = workspace();
        createObject(w.key(), "User", "u1");
        createObject(w.key(), "User", "u2");
        send(w, "login", "u1", "2026-01-01T20:00:00Z"); // Jan 1 in UTC, Jan 2 05:00 in Tokyo
        send(w, "signup", "u2", "2026-01-01T21:00:00Z"); // u2 gets no event after the change
        get(w, "overview", "from=2026-01-01&to=2026-01-03&interval=day").statusCode(200)
                .body("eventTypes.name", equalTo(List.of("login", "signup")))
                .body("eventTypes[0].counts", equalTo(List.of(1, 0)))
                .body("eventTypes[1].counts", equalTo(List.of(1, 0)));

        setTimeZone(w, "Asia/Tokyo");
        send(w, "login", "u1", "2026-01-05T10:00:00Z"); // Jan 5 19:00 in Tokyo
        get(w, "overview", "from=2026-01-01&to=2026-01-06&interval=day").statusCode(200)
                .body("timeZone", equalTo("Asia/Tokyo"))
                .body("building", equalTo(false))
                .body("buckets[0]", equalTo("2026-01-01T00:00:00+09:00"))
                .body("eventTypes[0].counts", equalTo(List.of(0, 1, 0, 0, 1)))
                .body("eventTypes[1].counts", equalTo(List.of(0, 1, 0, 0, 0)))
                .body("objectTypes[0].created", equalTo(List.of(0, 2, 0, 0, 0)));
        get(w, "active", "objectType=User&from=2026-01-01&to=2026-01-07&interval=day").statusCode(200)
                .body("active", equalTo(List.of(0, 2, 0, 0, 1, 0)))
                .body("resurrected", equalTo(List.of(0, 0, 0, 0, 1, 0)))
                .body("dormant", equalTo(List.of(0, 0, -2, 0, 0, -1)));
        // Back in UTC terms nothing of it is left where it was counted in Tokyo's days.
        setTimeZone(w, "UTC");
        get(w, "overview", "from=2026-01-02&to=2026-01-03&interval=day").statusCode(200)
                .body("eventTypes.total", equalTo(List.of(0, 0)));
        get(w, "overview", "from=2026-01-01&to=2026-01-02&interval=day").statusCode(200)
                .body("eventTypes[0].counts", equalTo(List.of(1)))
                .body("eventTypes[1].counts", equalTo(List.of(1)));
    }

    /** Sets the project's zone and waits for the recount it starts. */
    private void setTimeZone(Workspace w, String zone) throws Exception {
        as(w.account().token()).body(Map.of("timeZone", zone)).patch("/v1/projects/" + w.projectId())
                .then().statusCode(200);
        builds.awaitBuilds();
    }

    @Test
    void badInputIsAProblemNamingTheParameter() {
        Workspace w = workspace();
        createObject(w.key(), "User", "u1");
        String base = "/v1/projects/" + w.projectId() + "/analytics/";
        String token = w.account().token();
        problem(as(token).get(base + "overview?interval=minute").then(), 422).body("errors[0].field", equalTo("interval"));
        problem(as(token).get(base + "overview?from=2026-02-01&to=2026-01-01").then(), 422)
                .body("errors[0].field", equalTo("from"));
        problem(as(token).get(base + "overview?from=2026-02-01&to=2026-02-01").then(), 422)
                .body("errors[0].field", equalTo("from"));
        problem(as(token).get(base + "overview?from=yesterday").then(), 422).body("errors[0].field", equalTo("from"));
        problem(as(token).get(base + "overview?from=2025-01-01&to=2026-01-01&interval=hour").then(), 422)
                .body("errors[0].field", equalTo("to"));
        as(token).get(base + "overview?from=2016-01-01&to=2026-01-01&interval=day").then().statusCode(200);
        problem(as(token).get(base + "active?objectType=Nobody").then(), 422)
                .body("errors[0].field", equalTo("objectType"));
        problem(as(token).get(base + "active").then(), 422).body("errors[0].field", equalTo("objectType"));
        problem(as(token).body(Map.of("timeZone", "Mars/Olympus")).patch("/v1/projects/" + w.projectId()).then(), 422)
                .body("errors[0].field", equalTo("timeZone"));
        problem(as(token).body(Map.of("timeZone", "+02:00")).patch("/v1/projects/" + w.projectId()).then(), 422)
                .body("errors[0].field", equalTo("timeZone"));
        as(token).get(base + "active?objectType=User").then().statusCode(200).body("buckets.size()", equalTo(30));
    }
}
