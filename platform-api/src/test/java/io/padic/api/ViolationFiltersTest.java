package io.padic.api;

import static com.mongodb.client.model.Filters.eq;
import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.sendEventId;
import static io.padic.api.support.Api.signUp;
import static io.padic.api.support.Api.store;
import static io.padic.api.support.Api.workspace;
import static io.padic.api.support.Schemas.declare;
import static io.padic.api.support.Schemas.required;
import static io.padic.api.support.Schemas.violations;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.mongodb.client.model.Updates;
import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.testkit.Account;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * What a member needs to act on violations (issue 16): each entry names the objects its event was pinned to and
 * carries its metaData; the feed filters by event type and by field and pages back through the filter; which of a
 * list of events were flagged (for badges); and, for inferred types, how often each new field was seen.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class ViolationFiltersTest {

    @Test
    void entriesCarryTheirObjectsAndMetaDataAndFilterByTypeAndField() {
        Workspace w = workspace();
        declare(w, "Signup", "flag", required("name", "string"));
        createObject(w.key(), "User", "u1");
        createObject(w.key(), "User", "u2");
        String camera = sendEventId(w.key(), "Signup", "u1", Map.of("name", "Ada", "camera", "X100"));
        String mystery = sendEventId(w.key(), "Mystery", "u2", Map.of("a", 1));
        String lens = sendEventId(w.key(), "Signup", "u2", Map.of("name", "Bob", "lens", "35mm"));
        String camera2 = sendEventId(w.key(), "Signup", List.of("u1", "u2"), Map.of("name", "Cy", "camera", "Q"));

        violations(w, null).statusCode(200).body("violations.eventId", equalTo(List.of(camera2, lens, mystery, camera)))
                .body("violations[3].pins[0].objectId", equalTo("u1")).body("violations[3].pins[0].seq", equalTo(1))
                .body("violations[3].metaData.camera", equalTo("X100"))
                .body("violations[0].pins.objectId", equalTo(List.of("u1", "u2")))
                .body("violations[0].pins.seq", equalTo(List.of(2, 3)));

        violations(w, "type=Mystery").statusCode(200).body("violations.eventId", equalTo(List.of(mystery)))
                .body("next", nullValue());
        // A field by its path or by its name under metaData.
        violations(w, "field=metaData.camera").body("violations.eventId", equalTo(List.of(camera2, camera)));
        violations(w, "field=camera&type=Signup").body("violations.eventId", equalTo(List.of(camera2, camera)));
        violations(w, "field=camera&type=Mystery").body("violations", empty());

        // Paging back through a filter skips what it leaves out.
        String next = violations(w, "field=camera&limit=1").body("violations.eventId", equalTo(List.of(camera2)))
                .body("next", notNullValue()).extract().path("next");
        violations(w, "field=camera&limit=1&cursor=" + next).body("violations.eventId", equalTo(List.of(camera)));
    }

    @Test
    void aFilteredPageLooksAtABoundedStretchAndSaysWhereToGoOn() {
        Workspace w = workspace();
        createObject(w.key(), "User", "u1");
        String old = sendEventId(w.key(), "Rare", "u1", Map.of("a", 1));
        sendEventId(w.key(), "Common", "u1", Map.of("a", 1));
        // As if 2,500 blocks had been reserved since and left empty: the counter moves on, leaving holes, as pages
        // allow.
        store().getCollection("violation_counts").updateOne(eq("_id", w.projectId() + "/blocks"),
                Updates.inc("n", 2500L));

        String next = violations(w, "type=Rare").statusCode(200).body("violations", empty())
                .body("next", notNullValue()).extract().path("next");
        violations(w, "type=Rare&cursor=" + next).body("violations.eventId", equalTo(List.of(old)))
                .body("next", nullValue());
    }

    @Test
    void flaggedAmongAListOfEvents() {
        Workspace w = workspace();
        declare(w, "Signup", "flag", required("name", "string"));
        createObject(w.key(), "User", "u1");
        String clean = sendEventId(w.key(), "Signup", "u1", Map.of("name", "Ada"));
        String flagged = sendEventId(w.key(), "Signup", "u1", Map.of("name", "Ada", "x", 1));
        String undeclared = sendEventId(w.key(), "Mystery", "u1", Map.of());
        String route = "/v1/projects/" + w.projectId() + "/violations/events?ids=";

        as(w.account().token()).get(route + clean + "," + flagged + ", " + undeclared + ",evt_none").then()
                .statusCode(200).body("flagged", equalTo(List.of(flagged, undeclared).stream().sorted().toList()));
        as(w.account().token()).get(route).then().statusCode(200).body("flagged", empty());

        List<String> many = new ArrayList<>(Collections.nCopies(200, "evt_x"));
        for (int i = 0; i < 201; i++) {
            many.add("evt_" + i);
        }
        problem(as(w.account().token()).get(route + String.join(",", many)).then(), 422)
                .body("errors[0].field", equalTo("ids"));
        problem(violations(w, "field=" + "x".repeat(501)), 422).body("errors[0].field", equalTo("field"));
    }

    @Test
    void everyRoleReadsThemAndAnotherWorkspaceDoesNot() {
        Workspace w = workspace();
        createObject(w.key(), "User", "u1");
        String flagged = sendEventId(w.key(), "Mystery", "u1", Map.of("a", 1));
        String project = "/v1/projects/" + w.projectId() + "/violations";
        for (String role : List.of("VIEWER", "DEVELOPER", "ADMIN")) {
            String member = member(w, role).token();
            as(member).get(project + "?type=Mystery").then().statusCode(200)
                    .body("violations.eventId", equalTo(List.of(flagged)));
            as(member).get(project + "/events?ids=" + flagged).then().statusCode(200)
                    .body("flagged", equalTo(List.of(flagged)));
        }

        // Another workspace: not its project, and its own project does not see this one's events as flagged.
        Workspace other = workspace();
        problem(as(other.account().token()).get(project + "?type=Mystery").then(), 404);
        problem(as(other.account().token()).get(project + "/events?ids=" + flagged).then(), 404);
        as(other.account().token()).get("/v1/projects/" + other.projectId() + "/violations/events?ids=" + flagged)
                .then().statusCode(200).body("flagged", empty());
    }

    @Test
    void inferredTypesSayHowOftenEachNewFieldWasSeen() {
        Workspace w = workspace();
        createObject(w.key(), "User", "u1");
        for (int i = 0; i < 4; i++) {
            sendEventId(w.key(), "Order", "u1", i == 0 ? Map.of("sku", "A", "coupon", "C") : Map.of("sku", "B"));
        }
        as(w.account().token()).get("/v1/projects/" + w.projectId() + "/event-types/inferred").then()
                .statusCode(200).body("eventTypes", hasSize(1))
                .body("eventTypes[0].observed", hasSize(2))
                .body("eventTypes[0].observed.find { it.path == 'sku' }.events", equalTo(4))
                .body("eventTypes[0].observed.find { it.path == 'sku' }.rate", equalTo(1.0f))
                .body("eventTypes[0].observed.find { it.path == 'coupon' }.events", equalTo(1))
                .body("eventTypes[0].observed.find { it.path == 'coupon' }.rate", equalTo(0.25f));
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
