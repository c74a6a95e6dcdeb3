package io.padic.api;

import static com.mongodb.client.model.Filters.eq;
import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.hideEvent;
import static io.padic.api.support.Api.management;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.sendEventAt;
import static io.padic.api.support.Api.workspace;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.api.analytics.AnalyticsBuilds;
import io.padic.api.analytics.AnalyticsFlusher;
import io.padic.api.store.EventStore;
import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import com.mongodb.client.model.Updates;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * What the lifecycle and funnel routes answer (docs/api.md, Analytics), on small hand-made histories whose figures
 * are worked out by hand: starts and transitions in seq order, counted by the second event's time in a range of
 * whole local hours; their times as percentiles of DDSketch buckets (within 2%); hides; the main path and its ties;
 * funnels by first occurrences within a window; DST days in Europe/London; bad input; and the rebuild, which must
 * give back the same figures, also after the time zone changed.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class AnalyticsLifecycleFunnelTest {

    /** Decimals as doubles (RestAssured reads them as floats by default, too coarse for 1800.001). */
    private static final RestAssuredConfig DOUBLES = RestAssured.config()
            .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));

    private static final Pattern BUILT_OBJECTS =
            Pattern.compile("(?m)^padic_analytics_build_objects_total(?:\\{[^}]*\\})? (\\S+)$");
    private static final Pattern BUILDS_RUNNING =
            Pattern.compile("(?m)^padic_analytics_builds_running(?:\\{[^}]*\\})? (\\S+)$");

    @Inject
    AnalyticsFlusher flusher;

    @Inject
    AnalyticsBuilds builds;

    @Inject
    EventStore store;

    /** One expected transition: the times are the exact nearest-rank percentiles, in seconds. */
    private record Transition(String from, String to, int count, double p50, double p90, double p99) {
    }

    /** One expected funnel step; {@code median} null where the answer must be null. */
    private record Step(String eventType, int objects, double conversion, double fromPrevious, Double median) {
    }

    private static String send(Workspace w, String type, Object concerns, String occurredAt) {
        return sendEventAt(w.key(), type, concerns, occurredAt);
    }

    private ValidatableResponse get(Workspace w, String route, String query) {
        flusher.flushNow();
        return as(w.account().token()).config(DOUBLES)
                .get("/v1/projects/" + w.projectId() + "/analytics/" + route + "?" + query).then()
                .log().ifValidationFails();
    }

    private ValidatableResponse lifecycle(Workspace w, String query) {
        return get(w, "lifecycle", query).statusCode(200).body("building", equalTo(false));
    }

    private ValidatableResponse funnel(Workspace w, String query) {
        return get(w, "funnel", query).statusCode(200).body("building", equalTo(false));
    }

    private static Map<String, Object> start(String eventType, int objects) {
        return Map.of("eventType", eventType, "objects", objects);
    }

    /** The transitions, in order, with each percentile within 2% of the exact one (DDSketch buckets of 1.9%). */
    private static ValidatableResponse transitions(ValidatableResponse answer, Transition... expected) {
        answer.body("transitions.from", equalTo(List.of(expected).stream().map(Transition::from).toList()))
                .body("transitions.to", equalTo(List.of(expected).stream().map(Transition::to).toList()))
                .body("transitions.count", equalTo(List.of(expected).stream().map(Transition::count).toList()));
        for (int i = 0; i < expected.length; i++) {
            Transition t = expected[i];
            answer.body("transitions[" + i + "].p50Seconds", closeTo(t.p50(), t.p50() / 50))
                    .body("transitions[" + i + "].p90Seconds", closeTo(t.p90(), t.p90() / 50))
                    .body("transitions[" + i + "].p99Seconds", closeTo(t.p99(), t.p99() / 50));
        }
        return answer;
    }

    private static ValidatableResponse steps(ValidatableResponse answer, Step... expected) {
        answer.body("steps.eventType", equalTo(List.of(expected).stream().map(Step::eventType).toList()))
                .body("steps.objects", equalTo(List.of(expected).stream().map(Step::objects).toList()));
        for (int i = 0; i < expected.length; i++) {
            Step s = expected[i];
            answer.body("steps[" + i + "].conversion", closeTo(s.conversion(), 1e-9))
                    .body("steps[" + i + "].conversionFromPrevious", closeTo(s.fromPrevious(), 1e-9))
                    .body("steps[" + i + "].medianSecondsFromPrevious",
                            s.median() == null ? nullValue() : closeTo(s.median(), 1e-9));
        }
        return answer;
    }

    @Test
    void lifecycleCountsStartsAndTransitionsWithTheirTimes() {
        Workspace w = workspace();
        for (String user : List.of("u1", "u2", "u3", "u4")) {
            createObject(w.key(), "User", user);
        }
        send(w, "signup", "u1", "2026-01-02T10:00:00Z");
        send(w, "login", "u1", "2026-01-02T10:01:00Z"); // 60 s
        send(w, "purchase", "u1", "2026-01-02T10:03:00Z"); // 120 s
        send(w, "signup", "u2", "2026-01-03T10:00:00Z");
        send(w, "login", "u2", "2026-01-03T11:00:00Z"); // 1 h
        send(w, "signup", "u3", "2026-01-04T00:00:00Z");
        send(w, "login", "u3", "2026-01-04T00:01:00Z"); // 60 s
        send(w, "login", "u4", "2026-01-05T00:00:00Z");
        send(w, "purchase", "u4", "2026-01-05T00:02:00Z"); // 120 s

        transitions(lifecycle(w, "objectType=User&from=2026-01-01&to=2026-01-10")
                .body("objectType", equalTo("User"))
                .body("from", equalTo("2026-01-01T00:00:00Z")).body("to", equalTo("2026-01-10T00:00:00Z"))
                .body("starts", equalTo(List.of(start("signup", 3), start("login", 1))))
                .body("mainPath", equalTo(List.of("signup", "login", "purchase"))),
                // signup→login took 60 s, 1 h, 60 s: the median is 60 s, p90 and p99 the hour.
                new Transition("signup", "login", 3, 60, 3600, 3600),
                new Transition("login", "purchase", 2, 120, 120, 120));

        // The range is taken in whole hours: from 10:30 counts from 10:00 (u2's signup), to 00:00:30 up to 01:00
        // (u3's login at 00:01).
        transitions(lifecycle(w, "objectType=User&from=2026-01-03T10:30:00Z&to=2026-01-04T00:00:30Z")
                .body("from", equalTo("2026-01-03T10:00:00Z")).body("to", equalTo("2026-01-04T01:00:00Z"))
                .body("starts", equalTo(List.of(start("signup", 2))))
                .body("mainPath", equalTo(List.of("signup", "login"))),
                new Transition("signup", "login", 2, 60, 3600, 3600));
        // A transition counts at its second event: u2's login at 11:00 is in, its signup at 10:00 is not; with no
        // start in the range the main path is empty.
        transitions(lifecycle(w, "objectType=User&from=2026-01-03T11:00:00Z&to=2026-01-03T12:00:00Z")
                .body("starts", equalTo(List.of())).body("mainPath", equalTo(List.of())),
                new Transition("signup", "login", 1, 3600, 3600, 3600));
        // `to` is exclusive: the login at 11:00 is out.
        transitions(lifecycle(w, "objectType=User&from=2026-01-03T10:00:00Z&to=2026-01-03T11:00:00Z")
                .body("starts", equalTo(List.of(start("signup", 1)))).body("mainPath", equalTo(List.of("signup"))));
        // A range within one hour is the whole hour. Equal counts: login→… before signup→….
        transitions(lifecycle(w, "objectType=User&from=2026-01-02T10:03:00Z&to=2026-01-02T10:03:00.001Z")
                .body("from", equalTo("2026-01-02T10:00:00Z")).body("to", equalTo("2026-01-02T11:00:00Z"))
                .body("starts", equalTo(List.of(start("signup", 1)))),
                new Transition("login", "purchase", 1, 120, 120, 120),
                new Transition("signup", "login", 1, 60, 60, 60));
    }

    @Test
    void hidesNeitherCountNorBreakTheChainAndAnEarlierSecondEventTakesNoTime() {
        Workspace w = workspace();
        createObject(w.key(), "User", "u5");
        createObject(w.key(), "User", "u6");
        // u5: signup, $hide (of the signup), login: the hide is pinned between them and is skipped; the hidden
        // signup stays counted, as in every figure ("hiding an event does not take it out of the figures").
        String signup = send(w, "signup", "u5", "2026-01-06T10:00:00Z");
        hideEvent(w.key(), signup).statusCode(201);
        String login = send(w, "login", "u5", "2026-01-06T10:05:00Z");
        hideEvent(w.key(), login).statusCode(201); // after the login: nothing follows it
        // u6: in seq order login then signup, but the signup occurred an hour earlier: a transition of 0 s.
        send(w, "login", "u6", "2026-01-07T12:00:00Z");
        send(w, "signup", "u6", "2026-01-07T11:00:00Z");

        transitions(lifecycle(w, "objectType=User&from=2026-01-06&to=2026-01-08")
                // Ties: one start each, the smaller name first; then login→signup before signup→login.
                .body("starts", equalTo(List.of(start("login", 1), start("signup", 1))))
                .body("mainPath", equalTo(List.of("login", "signup"))),
                new Transition("login", "signup", 1, 0, 0, 0),
                new Transition("signup", "login", 1, 300, 300, 300));
        // The second event's time decides, even when it is earlier than the first's: u6's signup at 11:00 is in,
        // its start (the login at 12:00) is not.
        transitions(lifecycle(w, "objectType=User&from=2026-01-07T11:00:00Z&to=2026-01-07T12:00:00Z")
                .body("starts", equalTo(List.of())),
                new Transition("login", "signup", 1, 0, 0, 0));
    }

    @Test
    void anEventOfSeveralObjectsCountsForEachOfThem() {
        Workspace w = workspace();
        createObject(w.key(), "Order", "o1");
        createObject(w.key(), "Order", "o2");
        createObject(w.key(), "User", "u1");
        send(w, "order.placed", List.of("o1", "o2", "u1"), "2026-01-02T10:00:00Z");
        send(w, "order.shipped", List.of("o1", "o2"), "2026-01-02T12:00:00Z");
        send(w, "order.delivered", "o1", "2026-01-03T12:00:00Z");

        transitions(lifecycle(w, "objectType=Order&from=2026-01-01&to=2026-01-10")
                .body("starts", equalTo(List.of(start("order.placed", 2))))
                .body("mainPath", equalTo(List.of("order.placed", "order.shipped", "order.delivered"))),
                new Transition("order.placed", "order.shipped", 2, 7200, 7200, 7200),
                new Transition("order.shipped", "order.delivered", 1, 86400, 86400, 86400));
        transitions(lifecycle(w, "objectType=User&from=2026-01-01&to=2026-01-10")
                .body("starts", equalTo(List.of(start("order.placed", 1))))
                .body("mainPath", equalTo(List.of("order.placed"))));
        steps(funnel(w, "objectType=Order&steps=order.placed,order.delivered&from=2026-01-01&to=2026-01-10"),
                new Step("order.placed", 2, 1.0, 1.0, null),
                new Step("order.delivered", 1, 0.5, 0.5, 93600.0));
    }

    @Test
    void theMainPathFollowsTheMostFrequentTransitionsWithoutRepeatingATypeAndIsTheDefaultFunnel() {
        Workspace w = workspace();
        for (String user : List.of("x1", "x2", "x3", "x4")) {
            createObject(w.key(), "User", user);
        }
        send(w, "a", "x1", "2026-01-05T01:00:00Z");
        send(w, "c", "x1", "2026-01-05T01:10:00Z");
        send(w, "a", "x1", "2026-01-05T01:20:00Z");
        send(w, "a", "x2", "2026-01-05T02:00:00Z");
        send(w, "d", "x2", "2026-01-05T02:30:00Z");
        send(w, "b", "x3", "2026-01-05T03:00:00Z");
        send(w, "c", "x3", "2026-01-05T03:05:00Z");
        send(w, "e", "x3", "2026-01-05T03:15:00Z");
        send(w, "b", "x4", "2026-01-05T04:00:00Z");
        send(w, "c", "x4", "2026-01-05T04:01:00Z");
        send(w, "a", "x4", "2026-01-05T04:03:00Z");

        // Starts a and b tie at 2: a. From a, c and d tie at 1: c. From c, a (2) is on the path already: e (1).
        transitions(lifecycle(w, "objectType=User&from=2026-01-05&to=2026-01-06")
                .body("starts", equalTo(List.of(start("a", 2), start("b", 2))))
                .body("mainPath", equalTo(List.of("a", "c", "e"))),
                new Transition("b", "c", 2, 60, 300, 300),
                new Transition("c", "a", 2, 120, 600, 600),
                new Transition("a", "c", 1, 600, 600, 600),
                new Transition("a", "d", 1, 1800, 1800, 1800),
                new Transition("c", "e", 1, 600, 600, 600));
        // Without steps the funnel follows the main path. x4 has an a, but its first c came before it: it enters
        // and does not reach c.
        steps(funnel(w, "objectType=User&from=2026-01-05&to=2026-01-06").body("objectType", equalTo("User")),
                new Step("a", 3, 1.0, 1.0, null),
                new Step("c", 1, 1.0 / 3, 1.0 / 3, 600.0),
                new Step("e", 0, 0.0, 0.0, null));
        // No start in the range: no main path, so no default steps.
        problem(get(w, "funnel", "objectType=User&from=2026-01-07&to=2026-01-08"), 422)
                .body("errors[0].field", equalTo("steps"));
    }

    @Test
    void theDefaultFunnelTakesTheFirstEightTypesOfALongerMainPath() {
        Workspace w = workspace();
        createObject(w.key(), "Task", "t1");
        List<String> types = List.of("s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9");
        for (int i = 0; i < types.size(); i++) {
            send(w, types.get(i), "t1", "2026-01-05T10:0" + i + ":00Z");
        }
        lifecycle(w, "objectType=Task&from=2026-01-05&to=2026-01-06").body("mainPath", equalTo(types));
        funnel(w, "objectType=Task&from=2026-01-05&to=2026-01-06")
                .body("steps.eventType", equalTo(types.subList(0, 8)))
                .body("steps.objects", equalTo(List.of(1, 1, 1, 1, 1, 1, 1, 1)))
                .body("steps[7].medianSecondsFromPrevious", closeTo(60.0, 1e-9));
    }

    @Test
    void aFunnelFollowsFirstOccurrencesInOrderWithinTheWindow() {
        Workspace w = workspace();
        for (String f : List.of("f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9")) {
            createObject(w.key(), "Visitor", f);
        }
        send(w, "view", "f1", "2026-01-10T10:00:00Z");
        send(w, "cart", "f1", "2026-01-10T10:10:00Z"); // 600 s
        send(w, "cart", "f1", "2026-01-10T10:40:00Z"); // not the first cart: changes nothing
        send(w, "buy", "f1", "2026-01-10T10:30:00Z"); // 1200 s after the cart
        send(w, "view", "f2", "2026-01-10T10:00:00Z");
        send(w, "cart", "f2", "2026-01-10T10:20:00Z"); // 1200 s
        send(w, "buy", "f2", "2026-01-10T11:00:00Z"); // 2400 s; exactly one hour after the view: in a PT1H window
        send(w, "view", "f3", "2026-01-10T10:00:00Z");
        send(w, "cart", "f3", "2026-01-10T10:30:00Z"); // 1800 s
        send(w, "buy", "f3", "2026-01-10T11:00:00.001Z"); // 1 ms outside a PT1H window
        send(w, "cart", "f4", "2026-01-10T09:00:00Z"); // the first cart is before the view: cart never reached
        send(w, "view", "f4", "2026-01-10T10:00:00Z");
        send(w, "cart", "f4", "2026-01-10T10:05:00Z");
        send(w, "buy", "f4", "2026-01-10T10:06:00Z");
        send(w, "view", "f5", "2026-01-10T09:59:59.999Z"); // before `from`: does not enter
        send(w, "cart", "f5", "2026-01-10T10:10:00Z");
        send(w, "view", "f6", "2026-01-10T10:00:00Z");
        send(w, "view", "f6", "2026-01-09T10:00:00Z"); // its first view is the day before: does not enter
        send(w, "cart", "f6", "2026-01-10T10:01:00Z");
        send(w, "view", "f7", "2026-01-10T10:00:00Z");
        send(w, "cart", "f7", "2026-01-10T10:00:00Z"); // at the same time as the view: reached, 0 s
        send(w, "view", "f8", "2026-01-10T11:59:59.999Z"); // the last millisecond of the range: enters
        send(w, "view", "f9", "2026-01-10T12:00:00Z"); // `to` is exclusive: does not enter

        String range = "objectType=Visitor&from=2026-01-10T10:00:00Z&to=2026-01-10T12:00:00Z";
        // Entered: f1 f2 f3 f4 f7 f8. Cart: f1 f2 f3 f7 (0, 600, 1200, 1800 s: the median is 900 s). Buy within
        // an hour of the view: f1 f2 (1200 s, 2400 s: 1800 s).
        steps(funnel(w, range + "&steps=view,cart,buy&window=PT1H")
                .body("objectType", equalTo("Visitor")).body("window", equalTo("PT1H"))
                .body("from", equalTo("2026-01-10T10:00:00Z")).body("to", equalTo("2026-01-10T12:00:00Z")),
                new Step("view", 6, 1.0, 1.0, null),
                new Step("cart", 4, 4.0 / 6, 4.0 / 6, 900.0),
                new Step("buy", 2, 2.0 / 6, 0.5, 1800.0));
        // A day's window lets f3's buy in too: three times, the middle one is the median.
        steps(funnel(w, range + "&steps=view,cart,buy&window=P1D"),
                new Step("view", 6, 1.0, 1.0, null),
                new Step("cart", 4, 4.0 / 6, 4.0 / 6, 900.0),
                new Step("buy", 3, 3.0 / 6, 0.75, 1800.001));
        steps(funnel(w, range + "&steps=view,cart,buy&window=PT59M59.999S"),
                new Step("view", 6, 1.0, 1.0, null),
                new Step("cart", 4, 4.0 / 6, 4.0 / 6, 900.0),
                new Step("buy", 1, 1.0 / 6, 0.25, 1200.0));
        steps(funnel(w, range + "&steps=view,cart,buy&window=P1DT2H"),
                new Step("view", 6, 1.0, 1.0, null),
                new Step("cart", 4, 4.0 / 6, 4.0 / 6, 900.0),
                new Step("buy", 3, 3.0 / 6, 0.75, 1800.001));
        // The default window is 30 days.
        steps(funnel(w, range + "&steps=view,buy"),
                new Step("view", 6, 1.0, 1.0, null),
                new Step("buy", 4, 4.0 / 6, 4.0 / 6, 2700.0)); // 360, 1800, 3600, 3600.001 s: (1800 + 3600) / 2
        steps(funnel(w, range + "&steps=view"), new Step("view", 6, 1.0, 1.0, null));
        // f6's late view moved its first view to Jan 9: it enters there, and its cart is 1 day 1 minute later.
        steps(funnel(w, "objectType=Visitor&from=2026-01-09&to=2026-01-10&steps=view,cart"),
                new Step("view", 1, 1.0, 1.0, null), new Step("cart", 1, 1.0, 1.0, 86460.0));
        // Nobody entered: every conversion is 0 and there are no medians.
        Step none = new Step("view", 0, 0.0, 0.0, null);
        steps(funnel(w, "objectType=Visitor&from=2026-01-11&to=2026-01-12&steps=view"), none);
        funnel(w, "objectType=Visitor&from=2026-01-11&to=2026-01-12&steps=view,cart")
                .body("steps.objects", equalTo(List.of(0, 0))).body("steps.conversion", equalTo(List.of(0.0, 0.0)))
                .body("steps.medianSecondsFromPrevious", equalTo(Arrays.asList(null, null)));
    }

    @Test
    void londonRangesAreWholeLocalHoursAndDays() throws Exception {
        Workspace w = workspace();
        as(w.account().token()).body(Map.of("timeZone", "Europe/London")).patch("/v1/projects/" + w.projectId())
                .then().statusCode(200).body("timeZone", equalTo("Europe/London"));
        awaitBuilt(w);
        for (String user : List.of("d1", "d2", "d3", "d4")) {
            createObject(w.key(), "User", user);
        }
        send(w, "login", "d1", "2026-03-28T23:30:00Z"); // Mar 28, 23:30 GMT
        send(w, "login", "d1", "2026-03-29T00:30:00Z"); // Mar 29, 00:30 GMT: an hour later
        send(w, "logout", "d1", "2026-03-29T23:30:00Z"); // Mar 30, 00:30 BST (still Mar 29 in UTC)
        send(w, "signup", "d2", "2026-03-29T23:00:00Z"); // Mar 30, 00:00 BST
        send(w, "signup", "d3", "2026-03-29T22:59:59Z"); // Mar 29, 23:59:59 BST
        send(w, "login", "d4", "2026-10-24T23:30:00Z"); // Oct 25, 00:30 BST
        send(w, "login", "d4", "2026-10-25T00:30:00Z"); // 01:30 BST
        send(w, "login", "d4", "2026-10-25T01:30:00Z"); // 01:30 GMT, the same local hour again
        send(w, "login", "d4", "2026-10-25T23:30:00Z"); // 23:30 GMT, the last hour of a 25-hour day
        send(w, "login", "d4", "2026-10-26T00:00:00Z"); // Oct 26

        // March 29 has 23 hours: 00:00 GMT to 00:00 BST the next day.
        transitions(lifecycle(w, "objectType=User&from=2026-03-29&to=2026-03-30")
                .body("from", equalTo("2026-03-29T00:00:00Z")).body("to", equalTo("2026-03-30T00:00:00+01:00"))
                .body("starts", equalTo(List.of(start("signup", 1)))).body("mainPath", equalTo(List.of("signup"))),
                new Transition("login", "login", 1, 3600, 3600, 3600));
        // 02:30 BST rounds down to 02:00 BST (01:00 GMT, after d1's second login); 23:30 BST up to midnight.
        transitions(lifecycle(w, "objectType=User&from=2026-03-29T01:30:00Z&to=2026-03-29T22:30:00Z")
                .body("from", equalTo("2026-03-29T02:00:00+01:00"))
                .body("to", equalTo("2026-03-30T00:00:00+01:00"))
                .body("starts", equalTo(List.of(start("signup", 1)))));
        // October 25 has 25 hours: 00:00 BST to 00:00 GMT the next day, both 01:30s in it.
        transitions(lifecycle(w, "objectType=User&from=2026-10-25&to=2026-10-26")
                .body("from", equalTo("2026-10-25T00:00:00+01:00")).body("to", equalTo("2026-10-26T00:00:00Z"))
                .body("starts", equalTo(List.of(start("login", 1)))),
                new Transition("login", "login", 3, 3600, 79200, 79200));
        // In the repeated hour: 01:45 BST rounds down to 01:00 BST, 01:15 GMT up to 02:00 GMT.
        transitions(lifecycle(w, "objectType=User&from=2026-10-25T00:45:00Z&to=2026-10-25T01:15:00Z")
                .body("from", equalTo("2026-10-25T01:00:00+01:00")).body("to", equalTo("2026-10-25T02:00:00Z"))
                .body("starts", equalTo(List.of())),
                new Transition("login", "login", 2, 3600, 3600, 3600));
        lifecycle(w, "objectType=User&from=2026-10-25T01:45:00Z&to=2026-10-25T02:00:00Z")
                .body("from", equalTo("2026-10-25T01:00:00Z")).body("transitions.count", equalTo(List.of(1)));

        // Funnels take dates as local days and instants as they are.
        steps(funnel(w, "objectType=User&steps=signup&from=2026-03-29&to=2026-03-30")
                .body("from", equalTo("2026-03-29T00:00:00Z")).body("to", equalTo("2026-03-30T00:00:00+01:00")),
                new Step("signup", 1, 1.0, 1.0, null));
        steps(funnel(w, "objectType=User&steps=signup&from=2026-03-29T22:30:00Z&to=2026-03-29T23:00:00Z")
                .body("from", equalTo("2026-03-29T23:30:00+01:00"))
                .body("to", equalTo("2026-03-30T00:00:00+01:00")),
                new Step("signup", 1, 1.0, 1.0, null));
        steps(funnel(w, "objectType=User&steps=login,logout&from=2026-03-28&to=2026-03-29"),
                new Step("login", 1, 1.0, 1.0, null),
                new Step("logout", 1, 1.0, 1.0, 86400.0));
        // d4's first login, 23:30 UTC on Oct 24, is on Oct 25 in London.
        steps(funnel(w, "objectType=User&steps=login&from=2026-10-25&to=2026-10-26"),
                new Step("login", 1, 1.0, 1.0, null));
    }

    @Test
    void aHalfHourZoneRoundsToItsOwnLocalHours() throws Exception {
        Workspace w = workspace();
        as(w.account().token()).body(Map.of("timeZone", "Asia/Kolkata")).patch("/v1/projects/" + w.projectId())
                .then().statusCode(200);
        awaitBuilt(w);
        createObject(w.key(), "User", "u1");
        send(w, "login", "u1", "2026-01-05T04:29:00Z"); // 09:59 in Kolkata (+05:30)
        send(w, "login", "u1", "2026-01-05T04:31:00Z"); // 10:01
        send(w, "login", "u1", "2026-01-05T05:29:00Z"); // 10:59
        send(w, "login", "u1", "2026-01-05T05:31:00Z"); // 11:01

        // 10:15 rounds down to 10:00 local (04:30 UTC), 10:45 up to 11:00 local (05:30 UTC).
        transitions(lifecycle(w, "objectType=User&from=2026-01-05T04:45:00Z&to=2026-01-05T05:15:00Z")
                .body("from", equalTo("2026-01-05T10:00:00+05:30")).body("to", equalTo("2026-01-05T11:00:00+05:30"))
                .body("starts", equalTo(List.of())),
                new Transition("login", "login", 2, 120, 3480, 3480));
    }

    @Test
    void badInputIsAProblemNamingTheParameter() {
        Workspace w = workspace();
        createObject(w.key(), "User", "u1");
        send(w, "login", "u1", "2026-01-05T10:00:00Z");
        String lifecycle = "lifecycle?objectType=User&";
        String funnel = "funnel?objectType=User&steps=login&";
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("funnel?objectType=User&steps=a,b,c,d,e,f,g,h,i", "steps");
        bad.put("funnel?objectType=User&steps=a,b,a", "steps");
        bad.put("funnel?objectType=User&steps=a,,b", "steps");
        bad.put(funnel + "window=P0D", "window");
        bad.put(funnel + "window=-PT1H", "window");
        bad.put(funnel + "window=soon", "window");
        bad.put(funnel + "window=P367D", "window");
        bad.put(funnel + "window=P366DT0.001S", "window");
        for (String route : List.of(lifecycle, funnel)) {
            bad.put(route + "from=2026-02-01&to=2026-01-01", "from");
            bad.put(route + "from=2026-01-01&to=2026-01-01", "from");
            bad.put(route + "from=yesterday", "from");
            bad.put(route + "from=2025-01-01&to=2026-02-06", "to"); // 401 days
        }
        bad.put("lifecycle?objectType=Nobody", "objectType");
        bad.put("lifecycle?from=2026-01-01", "objectType");
        bad.put("funnel?objectType=Nobody&steps=login", "objectType");
        bad.put("funnel?steps=login", "objectType");
        bad.forEach((query, field) -> problem(get(w, query.substring(0, query.indexOf('?')),
                query.substring(query.indexOf('?') + 1)), 422)
                .body("errors[0].field", equalTo(field)));

        // The limits themselves are fine.
        funnel(w, "objectType=User&steps=a,b,c,d,e,f,g,h&window=P366D").body("steps.size()", equalTo(8));
        lifecycle(w, "objectType=User&from=2025-01-01&to=2026-02-05"); // 400 days
        funnel(w, "objectType=User&steps=login&from=2025-01-01&to=2026-02-05")
                .body("steps.objects", equalTo(List.of(1)));
        // Defaults: the 30 days up to the end of today (UTC here) and a 30-day window.
        LocalDate tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        String to = tomorrow + "T00:00:00Z";
        String from = tomorrow.minusDays(30) + "T00:00:00Z";
        lifecycle(w, "objectType=User").body("starts", equalTo(List.of()))
                .body("from", equalTo(from)).body("to", equalTo(to));
        funnel(w, "objectType=User&steps=login").body("steps.objects", equalTo(List.of(0)))
                .body("from", equalTo(from)).body("to", equalTo(to));
    }

    @Test
    void aRebuildGivesBackTheSameFigures() throws Exception {
        Workspace w = workspace();
        for (String id : List.of("u1", "u2", "u3")) {
            createObject(w.key(), "User", id);
        }
        createObject(w.key(), "Order", "o1");
        send(w, "signup", "u1", "2026-01-01T23:00:00Z");
        send(w, "login", "u1", "2026-01-02T08:00:00Z");
        send(w, "order.placed", List.of("o1", "u1"), "2026-01-02T09:30:00Z");
        String hidden = send(w, "login", "u2", "2026-01-03T10:00:00Z");
        hideEvent(w.key(), hidden).statusCode(201);
        send(w, "signup", "u2", "2026-01-02T10:00:00Z"); // earlier than its login, later in seq
        send(w, "order.placed", "u2", "2026-01-05T10:00:00Z");
        send(w, "signup", "u3", "2026-01-03T00:00:00Z");
        send(w, "login", "u3", null); // now: a transition of about eleven months

        List<String> routes = List.of("overview?from=2026-01-01&to=2026-01-08&interval=day",
                "overview?interval=hour&from=2026-01-01&to=2026-01-03",
                "active?objectType=User&from=2026-01-01&to=2026-01-08",
                "active?objectType=Order&from=2025-12-29&to=2026-01-12&interval=week",
                "retention?objectType=User&from=2026-01-01&to=2026-01-08",
                "lifecycle?objectType=User&from=2026-01-01&to=2026-01-08",
                "lifecycle?objectType=User",
                "lifecycle?objectType=Order&from=2026-01-01&to=2026-01-08",
                "funnel?objectType=User&steps=signup,login,order.placed&from=2026-01-01&to=2026-01-08",
                "funnel?objectType=User&from=2026-01-01&to=2026-01-08&window=P2D");
        Map<String, Map<String, Object>> before = figures(w, routes);
        assertEquals(List.of("signup", "login", "order.placed"),
                before.get("lifecycle?objectType=User&from=2026-01-01&to=2026-01-08").get("mainPath"));

        // Who may rebuild: RolesTest.
        double builtBefore = metric(BUILT_OBJECTS);
        as(w.account().token()).post("/v1/projects/" + w.projectId() + "/analytics/rebuild").then()
                .statusCode(202).body("building", equalTo(true));
        awaitBuilt(w);
        assertEquals(before, figures(w, routes));
        // Progress for operators: the build counted the project's four objects; no build runs any more.
        assertTrue(metric(BUILT_OBJECTS) >= builtBefore + 4, "padic_analytics_build_objects_total grew by 4");
        assertEquals(0.0, metric(BUILDS_RUNNING), "padic_analytics_builds_running");
    }

    @Test
    void rollupsOfAnOlderLayoutAreRebuiltByThemselvesOnce() throws Exception {
        Workspace w = workspace();
        createObject(w.key(), "User", "u1");
        createObject(w.key(), "User", "u2");
        send(w, "signup", "u1", "2026-01-01T23:00:00Z");
        send(w, "login", "u1", "2026-01-09T08:00:00Z"); // the next week of the epoch
        send(w, "signup", "u2", "2026-01-02T10:00:00Z");
        List<String> routes = List.of("lifecycle?objectType=User&from=2026-01-01&to=2026-01-15",
                "funnel?objectType=User&steps=signup,login&from=2026-01-01&to=2026-01-15&window=P10D");
        Map<String, Map<String, Object>> before = figures(w, routes);
        assertEquals(List.of(2, 1), ((List<?>) before.get(routes.get(1)).get("steps")).stream()
                .map(step -> ((Map<?, ?>) step).get("objects")).toList());

        // What an older PAdic left: a generation without a layout, whose documents this code cannot read.
        Document scope = store.analyticsProjects().find(eq("_id", w.projectId())).first();
        long epoch = scope.getLong("epoch");
        String generation = w.projectId() + "@" + epoch;
        store.analyticsProjects().updateOne(eq("_id", w.projectId()), Updates.unset("layout"));
        store.analyticsLifecycle().deleteMany(eq("projectId", generation));
        store.analyticsFunnels().deleteMany(eq("projectId", generation));
        assertNotEquals(before, figures(w, routes));

        builds.upgradeLayouts();
        builds.upgradeLayouts(); // a second pass (or process) finds nothing left to upgrade
        awaitBuilt(w);
        assertEquals(before, figures(w, routes));
        assertEquals(epoch + 1, store.analyticsProjects().find(eq("_id", w.projectId())).first().getLong("epoch"));
    }

    @Test
    void aNewTimeZoneRebucketsObjectsThatGetNoNewEvents() throws Exception {
        Workspace w = workspace();
        createObject(w.key(), "User", "u1");
        send(w, "signup", "u1", "2026-01-01T20:00:00Z"); // Jan 1 in UTC, Jan 2 05:00 in Tokyo
        send(w, "login", "u1", "2026-01-02T16:00:00Z"); // Jan 2 in UTC, Jan 3 01:00 in Tokyo
        get(w, "overview", "from=2026-01-01&to=2026-01-04&interval=day").statusCode(200)
                .body("eventTypes.name", equalTo(List.of("login", "signup")))
                .body("eventTypes[1].counts", equalTo(List.of(1, 0, 0)));
        lifecycle(w, "objectType=User&from=2026-01-02&to=2026-01-03")
                .body("starts", equalTo(List.of())).body("transitions.count", equalTo(List.of(1)));

        as(w.account().token()).body(Map.of("timeZone", "Asia/Tokyo")).patch("/v1/projects/" + w.projectId())
                .then().statusCode(200);
        awaitBuilt(w); // no new event: only the rebuild the change starts moves u1
        get(w, "overview", "from=2026-01-01&to=2026-01-04&interval=day").statusCode(200)
                .body("buckets[0]", equalTo("2026-01-01T00:00:00+09:00"))
                .body("eventTypes[1].counts", equalTo(List.of(0, 1, 0)))
                .body("eventTypes[0].counts", equalTo(List.of(0, 0, 1)))
                .body("objectTypes[0].created", equalTo(List.of(0, 1, 0)));
        get(w, "active", "objectType=User&from=2026-01-01&to=2026-01-04").statusCode(200)
                .body("active", equalTo(List.of(0, 1, 1))).body("new", equalTo(List.of(0, 1, 0)));
        lifecycle(w, "objectType=User&from=2026-01-02&to=2026-01-03")
                .body("from", equalTo("2026-01-02T00:00:00+09:00"))
                .body("starts", equalTo(List.of(start("signup", 1)))).body("transitions", equalTo(List.of()));
    }

    /** A metric's value on /q/metrics (management port); fails if it is not there. */
    private static double metric(Pattern line) {
        String metrics = management().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = line.matcher(metrics);
        assertTrue(matcher.find(), line + " on /q/metrics");
        return Double.parseDouble(matcher.group(1));
    }

    /** Each route's answer without its {@code building} flag, once the project's rollups are built. */
    private Map<String, Map<String, Object>> figures(Workspace w, List<String> routes) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (String route : routes) {
            int q = route.indexOf('?');
            Map<String, Object> answer = new HashMap<>(get(w, route.substring(0, q), route.substring(q + 1))
                    .statusCode(200).body("building", equalTo(false)).extract().jsonPath().getMap(""));
            answer.remove("building");
            out.put(route, answer);
        }
        return out;
    }

    /**
     * Waits for the builds started so far ({@link AnalyticsBuilds#awaitBuilds}, the test hook) and flushes, until
     * the project's figures no longer say {@code building}; a few rounds at most.
     */
    private void awaitBuilt(Workspace w) throws Exception {
        List<Boolean> seen = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            builds.awaitBuilds();
            flusher.flushNow();
            boolean building = as(w.account().token()).get("/v1/projects/" + w.projectId() + "/analytics/overview")
                    .then().statusCode(200).extract().path("building");
            seen.add(building);
            if (!building) {
                return;
            }
        }
        throw new AssertionError("still building after " + seen.size() + " rounds");
    }
}
