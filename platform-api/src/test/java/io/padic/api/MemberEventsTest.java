package io.padic.api;

import static com.mongodb.client.model.Filters.eq;
import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.readObject;
import static io.padic.api.support.Api.sendEventId;
import static io.padic.api.support.Api.signUp;
import static io.padic.api.support.Api.store;
import static io.padic.api.support.Api.workspace;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.model.Updates;
import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.testkit.Account;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * A project's events for its members (docs/api.md, "Member reads"): the recent ones filtered by type and object
 * and paged back, one by id, and hiding one, which a developer may and a viewer may not.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class MemberEventsTest {

    @Test
    void recentEventsFilterByTypeAndObjectAndPageBack() {
        Workspace w = workspace();
        createObject(w.key(), "Counter", "k1");
        createObject(w.key(), "Counter", "k2");
        List<String> ticks = new ArrayList<>();
        List<String> onK2 = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            String id = sendEventId(w.key(), i % 3 == 0 ? "Reset" : "Tick", i % 2 == 0 ? List.of("k1", "k2") : "k1",
                    Map.of("n", i));
            if (i % 3 != 0) {
                ticks.add(0, id);
            }
            if (i % 2 == 0) {
                onK2.add(0, id);
            }
        }
        String recent = "/v1/projects/" + w.projectId() + "/events/recent";
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(w.account().token()).get(recent + "?type=Tick")
                .then().statusCode(200).body("events.id", equalTo(ticks)).body("next", nullValue()));
        as(w.account().token()).get(recent + "?object=k2").then().statusCode(200).body("events.id", equalTo(onK2));
        as(w.account().token()).get(recent + "?object=k2&type=Tick").then()
                .body("events.id", equalTo(onK2.subList(1, 3)));
        String next = as(w.account().token()).get(recent + "?type=Tick&limit=2").then()
                .body("events.id", equalTo(ticks.subList(0, 2))).body("next", equalTo(ticks.get(1)))
                .extract().path("next");
        as(w.account().token()).get(recent + "?type=Tick&limit=2&before=" + next).then()
                .body("events.id", equalTo(ticks.subList(2, 4))).body("next", nullValue());
        as(w.account().token()).get(recent + "?type=Nothing").then().statusCode(200).body("events", equalTo(List.of()));
    }

    @Test
    void anEventIsReadByIdAndHiddenByADeveloperNotAViewer() {
        Workspace w = workspace();
        createObject(w.key(), "Counter", "k1");
        String first = sendEventId(w.key(), "Tick", "k1", Map.of("n", 1));
        sendEventId(w.key(), "Tick", "k1", Map.of("m", 2));
        String events = "/v1/projects/" + w.projectId() + "/events/";

        String viewer = member(w, "VIEWER").token();
        as(viewer).get(events + first).then().statusCode(200).body("id", equalTo(first))
                .body("type", equalTo("Tick")).body("concerns", equalTo(List.of("k1")))
                .body("metaData.n", equalTo(1));
        problem(as(viewer).post(events + first + "/hide").then(), 403);
        readObject(w.key(), "k1", null).body("state.n", equalTo(1));

        for (String role : List.of("DEVELOPER", "ADMIN")) {
            as(member(w, role).token()).post(events + first + "/hide").then().statusCode(201)
                    .body("type", equalTo("$hide"));
        }
        as(w.account().token()).post(events + first + "/hide").then().statusCode(201);
        readObject(w.key(), "k1", null).body("state.n", nullValue()).body("state.m", equalTo(2));
        problem(as(w.account().token()).get(events + "evt_missing").then(), 404);
    }

    @Test
    void otherTenantsGetNotFoundForEventsAndHides() {
        Workspace a = workspace();
        createObject(a.key(), "Counter", "k1");
        String event = sendEventId(a.key(), "Tick", "k1", Map.of("n", 1));
        Workspace b = workspace();
        String token = b.account().token();
        String missing = "prj_01missingmissingmissingmi";
        for (String path : List.of("/events/" + event, "/events/recent?type=Tick")) {
            String foreign = problem(as(token).get("/v1/projects/" + a.projectId() + path).then(), 404)
                    .extract().path("title");
            assertEquals(problem(as(token).get("/v1/projects/" + missing + path).then(), 404).extract().path("title"),
                    foreign);
        }
        problem(as(token).post("/v1/projects/" + a.projectId() + "/events/" + event + "/hide").then(), 404);
        // A's event id inside B's own project is just as unknown.
        problem(as(token).get("/v1/projects/" + b.projectId() + "/events/" + event).then(), 404);
        problem(as(token).post("/v1/projects/" + b.projectId() + "/events/" + event + "/hide").then(), 404);
        readObject(a.key(), "k1", null).body("state.n", equalTo(1));
    }

    private static Account member(Workspace w, String role) {
        Account member = signUp();
        store().getCollection("tenants").updateOne(eq("_id", w.account().tenantId()),
                Updates.push("members", new Document("userId", member.userId()).append("role", role)));
        store().getCollection("users").updateOne(eq("_id", member.userId()),
                Updates.push("tenantIds", w.account().tenantId()));
        return member;
    }
}
