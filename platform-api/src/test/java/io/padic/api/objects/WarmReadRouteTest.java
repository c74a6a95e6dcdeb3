package io.padic.api.objects;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.issueKey;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.saveReducer;
import static io.padic.api.support.Api.sendEventId;
import static io.padic.api.support.Api.workspace;
import static io.padic.api.support.Schemas.declare;
import static io.padic.api.support.Schemas.optional;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.MeterRegistry;
import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.testkit.Key;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A warm read of an object's state now is answered on the HTTP event loop ({@link WarmReadRoute},
 * docs/design.md#warm-reads-without-the-store): what a client gets is what Quarkus REST answers for the same read, it is
 * counted against its key, and whatever the event loop cannot decide alone goes to the resource as before.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class WarmReadRouteTest {

    @Inject
    MeterRegistry registry;

    @Test
    void aWarmReadOnTheEventLoopAnswersWhatTheResourceAnswers() {
        Workspace w = clockWithTicks(2);
        Response fast = warmRead(w.key(), "c1");
        double before = answeredOnTheEventLoop();
        Response resource = as(w.key()).get("/v1/objects/c1?seq=2"); // a query: Quarkus REST answers
        assertEquals(before, answeredOnTheEventLoop(), "a read with a query goes to the resource");

        assertEquals(200, fast.statusCode());
        assertEquals(resource.body().asString(), fast.body().asString());
        for (String header : List.of("Content-Type", "Cache-Control", "X-Content-Type-Options")) {
            assertEquals(resource.header(header), fast.header(header), header);
        }
        fast.then().body("id", equalTo("c1")).body("type", equalTo("Clock")).body("seq", equalTo(2))
                .body("state.n", equalTo(1));
    }

    @Test
    void aReadAfterAWriteSeesItAndTheNextIsWarmAgain() {
        Workspace w = clockWithTicks(2);
        warmRead(w.key(), "c1");

        send(w, 2);
        // The write raised the note: the read sees seq 3 (from the resource, which folds the new event), and the one
        // after it is answered on the event loop with the same state.
        as(w.key()).get("/v1/objects/c1").then().statusCode(200).body("seq", equalTo(3)).body("state.n", equalTo(2));
        warmRead(w.key(), "c1").then().body("seq", equalTo(3)).body("state.n", equalTo(2));
    }

    /**
     * Every object before its first event is in the same state, {@code {}}: each is still answered with its own id,
     * type and creation, however often the others were read warm (the route keeps each state's answer once written).
     */
    @Test
    void objectsInTheSameStateEachGetTheirOwnAnswer() {
        Workspace w = workspace();
        createObject(w.key(), "Clock", "a1");
        createObject(w.key(), "Timer", "b2");
        for (int round = 0; round < 2; round++) {
            warmRead(w.key(), "a1").then().body("id", equalTo("a1")).body("type", equalTo("Clock"))
                    .body("seq", equalTo(0));
            warmRead(w.key(), "b2").then().body("id", equalTo("b2")).body("type", equalTo("Timer"))
                    .body("seq", equalTo(0));
        }
        assertEquals(as(w.key()).get("/v1/objects/b2?seq=0").body().asString(),
                warmRead(w.key(), "b2").body().asString());
    }

    @Test
    void eachWarmReadCountsAgainstItsKey() {
        Workspace w = clockWithTicks(1);
        Key reader = issueKey(w.account(), w.projectId(), "owner", List.of("objects:read"));
        warmRead(reader.secret(), "c1");
        int counted = attempts;
        String keys = "/v1/projects/" + w.projectId() + "/api-keys";

        double before = answeredOnTheEventLoop();
        for (int i = 0; i < 3; i++) {
            as(reader.secret()).get("/v1/objects/c1").then().statusCode(200);
        }
        assertEquals(before + 3, answeredOnTheEventLoop(), "three warm reads on the event loop");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(w.account().token()).get(keys).then()
                .body("apiKeys.find { it.id == '" + reader.id() + "' }.requestsLast24h", equalTo(counted + 3)));
    }

    @Test
    void whatTheEventLoopCannotDecideIsAnsweredAsBefore() {
        Workspace w = clockWithTicks(1);
        warmRead(w.key(), "c1");
        Key writer = issueKey(w.account(), w.projectId(), "owner", List.of("events:write"));
        as(writer.secret()).body(Map.of("type", "Tick", "concerns", "c1")).post("/v1/events").then().statusCode(201);

        problem(as(writer.secret()).get("/v1/objects/c1").then(), 403).body("detail", containsString("objects:read"));
        problem(as("pdk_forged").get("/v1/objects/c1").then(), 401);
        problem(as(w.key()).get("/v1/objects/nobody").then(), 404);
        problem(as(w.key()).get("/v1/objects/c1?seq=9").then(), 422).body("detail", containsString("between 0 and 2"));
    }

    /**
     * Each access level is answered on the event loop with the state its own fold gives, the same as the resource
     * gives that level, whatever level was read warm before it; a user's session token is not an API key, so its read
     * goes to the resource.
     */
    @Test
    void eachAccessLevelGetsItsOwnStateOnTheEventLoop() {
        Workspace w = workspace();
        saveReducer(w, "ContactSet", """
                const visible = { name: event.metaData.name };
                if (accessLevel !== 'public') {
                  visible.seenAs = accessLevel;
                }
                if (accessLevel === 'owner') {
                  visible.email = event.metaData.email;
                }
                return visible;""");
        createObject(w.key(), "Contact", "c1");
        sendEventId(w.key(), "ContactSet", "c1", Map.of("name", "Ada", "email", "ada@example.com"));

        for (String level : List.of("owner", "public", "member")) {
            Key reader = issueKey(w.account(), w.projectId(), level, List.of("objects:read"));
            Response warm = warmRead(reader.secret(), "c1");
            Response resource = as(reader.secret()).get("/v1/objects/c1?seq=1"); // a query: Quarkus REST answers
            assertEquals(resource.body().asString(), warm.body().asString(), level);
            warm.then().body("state.name", equalTo("Ada"))
                    .body("state.seenAs", equalTo(level.equals("public") ? null : level))
                    .body("state.email", equalTo(level.equals("owner") ? "ada@example.com" : null));
        }

        double before = answeredOnTheEventLoop();
        problem(as(w.account().token()).get("/v1/objects/c1").then(), 401);
        assertEquals(before, answeredOnTheEventLoop(), "a session token's read goes to the resource");
    }

    /**
     * Redis stopped: the event loops' own connections to it die, reads go to the resource (and the store) meanwhile,
     * and once Redis is back and trusted again the event loops open new connections and answer warm reads again.
     */
    @Test
    void warmReadsComeBackToTheEventLoopAfterRedisRestarts() {
        Workspace w = clockWithTicks(1);
        warmRead(w.key(), "c1");

        RedisResource.redis().stop();
        try {
            double before = answeredOnTheEventLoop();
            for (int i = 0; i < 3; i++) {
                as(w.key()).get("/v1/objects/c1").then().statusCode(200).body("seq", equalTo(1));
            }
            assertEquals(before, answeredOnTheEventLoop(), "no read on the event loop while Redis is down");
        } finally {
            RedisResource.redis().restart();
        }
        send(w, 1);
        warmRead(w.key(), "c1", Duration.ofSeconds(30)).then().body("seq", equalTo(2)).body("state.n", equalTo(1));
    }

    /** Reads made by the last {@link #warmRead}. */
    private int attempts;

    /** Reads until one is answered on the event loop: once the process trusts the notes (its first fence poll). */
    private Response warmRead(String key, String objectId) {
        return warmRead(key, objectId, Duration.ofSeconds(10));
    }

    private Response warmRead(String key, String objectId, Duration within) {
        Response[] answered = new Response[1];
        attempts = 0;
        await().atMost(within).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            attempts++;
            double before = answeredOnTheEventLoop();
            answered[0] = as(key).get("/v1/objects/" + objectId);
            assertEquals(200, answered[0].statusCode());
            assertEquals(before + 1, answeredOnTheEventLoop(), "answered on the event loop");
        });
        return answered[0];
    }

    private double answeredOnTheEventLoop() {
        return registry.counter("padic.objects.reads.event.loop").count();
    }

    private static Workspace clockWithTicks(int ticks) {
        Workspace w = workspace();
        declare(w, "Tick", "allow", optional("n", "integer"));
        createObject(w.key(), "Clock", "c1");
        for (int n = 0; n < ticks; n++) {
            send(w, n);
        }
        return w;
    }

    private static void send(Workspace w, int n) {
        as(w.key()).body(Map.of("type", "Tick", "concerns", "c1", "metaData", Map.of("n", n))).post("/v1/events")
                .then().statusCode(201);
    }
}
