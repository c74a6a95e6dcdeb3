package io.padic.api;

import static io.padic.api.support.Api.ALL_SCOPES;
import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createKey;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.createStrictProject;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.readObject;
import static io.padic.api.support.Api.sendEvent;
import static io.padic.api.support.Api.sendEventId;
import static io.padic.api.support.Api.signUp;
import static io.padic.api.support.Api.workspace;
import static io.padic.api.support.Schemas.countInStore;
import static io.padic.api.support.Schemas.declare;
import static io.padic.api.support.Schemas.object;
import static io.padic.api.support.Schemas.optional;
import static io.padic.api.support.Schemas.pinsInStore;
import static io.padic.api.support.Schemas.required;
import static io.padic.api.support.Schemas.violations;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.testkit.Account;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-type {@code unknownFields} policy (allow, flag, reject), the per-project policy for undeclared
 * types (reject, flag), and the violations feed that flagged events fill: newest first, paged, counted
 * per type and day.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class UnknownFieldsPolicyTest {

    @Test
    void allowStoresUnknownFieldsSilently() {
        Workspace w = declared("allow");
        sendEvent(w.key(), "Signup", "u1", Map.of("name", "Ada", "referrer", "blog",
                "address", Map.of("city", "Paris", "floor", 3))).statusCode(201);
        readObject(w.key(), "u1", null).statusCode(200).body("seq", equalTo(1))
                .body("state.referrer", equalTo("blog")).body("state.address.floor", equalTo(3));
        violations(w, null).statusCode(200).body("violations", empty()).body("next", nullValue());
        counts(w).body("counts", empty());
        assertEquals(0, countInStore("violations", w.projectId()));
    }

    @Test
    void flagStoresTheEventAndRecordsWhatWasUnknown() {
        Workspace w = declared("flag");
        var sent = sendEvent(w.key(), "Signup", "u1", Map.of("name", "Ada", "x", 5,
                "address", Map.of("city", "Paris", "floor", 3))).statusCode(201).extract();
        String eventId = sent.path("id");
        readObject(w.key(), "u1", null).body("seq", equalTo(1)).body("state.x", equalTo(5));

        violations(w, null).statusCode(200).body("violations", hasSize(1))
                .body("violations[0].eventId", equalTo(eventId))
                .body("violations[0].type", equalTo("Signup"))
                .body("violations[0].typeVersion", equalTo(1))
                .body("violations[0].violations.field", equalTo(List.of("metaData.address.floor", "metaData.x")))
                .body("violations[0].violations[1].message", equalTo("is not a declared field"))
                .body("next", nullValue());

        sendEvent(w.key(), "Signup", "u1", Map.of("name", "Bob", "y", true)).statusCode(201);
        sendEvent(w.key(), "Signup", "u1", Map.of("name", "Cy")).statusCode(201);
        String day = LocalDate.ofInstant(Instant.parse(sent.path("createdAt")), ZoneOffset.UTC).toString();
        // Two days, so an event written just before midnight (UTC) is still counted.
        counts(w).statusCode(200).body("counts.find { it.day == '" + day + "' }.type", equalTo("Signup"))
                .body("counts.count.sum()", equalTo(2));
        violations(w, null).body("violations", hasSize(2));
    }

    @Test
    void flagStillRefusesViolationsOfDeclaredFields() {
        Workspace w = declared("flag");
        problem(sendEvent(w.key(), "Signup", "u1", Map.of("name", 7, "x", 5)), 422)
                .body("errors.field", equalTo(List.of("metaData.name", "metaData.x")));
        assertNothingStored(w);
    }

    @Test
    void rejectAnswers422NamingTheFieldAndStoresNothing() {
        Workspace w = declared("reject");
        problem(sendEvent(w.key(), "Signup", "u1", Map.of("name", "Ada", "x", 5)), 422)
                .body("errors.field", equalTo(List.of("metaData.x")))
                .body("errors[0].message", equalTo("is not a declared field"))
                .body("detail", equalTo("metaData.x: is not a declared field"));
        problem(sendEvent(w.key(), "Signup", "u1", Map.of("name", "Ada", "address", Map.of("city", "Oslo",
                "floor", 3))), 422).body("errors.field", equalTo(List.of("metaData.address.floor")));
        assertNothingStored(w);
        // The same counts see an accepted event, so the zeros above were not blind.
        sendEvent(w.key(), "Signup", "u1", Map.of("name", "Ada")).statusCode(201);
        assertEquals(1, countInStore("events", w.projectId()));
        assertEquals(1, pinsInStore(w.projectId(), "u1"));
    }

    @Test
    void aStrictProjectRefusesUndeclaredTypesNamingType() {
        Account account = signUp();
        String projectId = createStrictProject(account);
        as(account.token()).get("/v1/projects/" + projectId).then().statusCode(200)
                .body("undeclaredEventTypes", equalTo("reject"));
        String key = createKey(account, projectId, "owner", ALL_SCOPES);
        createObject(key, "User", "u1");
        problem(sendEvent(key, "Mystery", "u1", Map.of("a", 1)), 422)
                .body("errors.field", equalTo(List.of("type")))
                .body("errors[0].message", containsString("'Mystery' is not declared"));
        assertEquals(0, countInStore("events", projectId));
        assertEquals(0, pinsInStore(projectId, "u1"));
        as(account.token()).get("/v1/projects/" + projectId + "/violations").then().statusCode(200)
                .body("violations", empty());
    }

    @Test
    void aFlaggingProjectStoresUndeclaredTypesAndRecordsThem() {
        Workspace w = workspace();
        createObject(w.key(), "User", "u1");
        String eventId = sendEventId(w.key(), "Mystery", "u1", Map.of("a", 1));
        readObject(w.key(), "u1", null).body("seq", equalTo(1)).body("state.a", equalTo(1));
        as(w.key()).get("/v1/objects/u1/events").then().body("events[0].containsKey('typeVersion')",
                equalTo(false));
        violations(w, null).body("violations", hasSize(1))
                .body("violations[0].eventId", equalTo(eventId))
                .body("violations[0].type", equalTo("Mystery"))
                .body("violations[0].typeVersion", nullValue())
                .body("violations[0].violations.field", equalTo(List.of("type")));
        counts(w).body("counts.type", equalTo(List.of("Mystery"))).body("counts[0].count", equalTo(1));
    }

    @Test
    void theFeedPagesNewestFirstWithANextCursor() {
        Workspace w = declared("flag");
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(sendEventId(w.key(), "Signup", "u1", Map.of("name", "n" + i, "extra" + i, i)));
        }
        sendEvent(w.key(), "Signup", "u1", Map.of("name", "clean")).statusCode(201);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = violations(w, "limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).statusCode(200)
                    .extract().jsonPath();
            seen.addAll(page.getList("violations.eventId"));
            cursor = page.getString("next");
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(List.of(sent.get(4), sent.get(3), sent.get(2), sent.get(1), sent.get(0)), seen);
        assertEquals(3, pages);

        violations(w, "limit=1").body("violations[0].violations.field", equalTo(List.of("metaData.extra4")));
        problem(violations(w, "limit=0"), 422).body("errors.field", equalTo(List.of("limit")));
        problem(violations(w, "cursor=abc"), 422).body("errors.field", equalTo(List.of("cursor")));
        problem(as(w.account().token()).get("/v1/projects/" + w.projectId() + "/violations/counts?days=0")
                .then(), 422).body("errors.field", equalTo(List.of("days")));
    }

    @Test
    void anotherTenantCannotReadTheFeed() {
        Workspace w = declared("flag");
        sendEvent(w.key(), "Signup", "u1", Map.of("name", "Ada", "x", 1)).statusCode(201);
        Account stranger = signUp();
        problem(as(stranger.token()).get("/v1/projects/" + w.projectId() + "/violations").then(), 404);
        problem(as(stranger.token()).get("/v1/projects/" + w.projectId() + "/violations/counts").then(), 404);
    }

    /** A project with {@code Signup} declared under the given policy, and an object {@code u1}. */
    private static Workspace declared(String unknownFields) {
        Workspace w = workspace();
        declare(w, "Signup", unknownFields, required("name", "string"),
                object("address", false, required("city", "string")), optional("plan", "string"));
        createObject(w.key(), "User", "u1");
        return w;
    }

    private static ValidatableResponse counts(Workspace w) {
        return as(w.account().token()).get("/v1/projects/" + w.projectId() + "/violations/counts?days=2").then();
    }

    private static void assertNothingStored(Workspace w) {
        assertEquals(0, countInStore("events", w.projectId()));
        assertEquals(0, pinsInStore(w.projectId(), "u1"));
        assertEquals(0, countInStore("violations", w.projectId()));
        readObject(w.key(), "u1", null).body("seq", equalTo(0));
    }
}
