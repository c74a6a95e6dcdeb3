package io.padic.api;

import static com.mongodb.client.model.Filters.eq;
import static io.padic.api.support.Api.ALL_SCOPES;
import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.createProject;
import static io.padic.api.support.Api.getEventType;
import static io.padic.api.support.Api.issueKey;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.readObject;
import static io.padic.api.support.Api.saveReducer;
import static io.padic.api.support.Api.sendEvent;
import static io.padic.api.support.Api.signUp;
import static io.padic.api.support.Api.store;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.mongodb.client.model.Updates;
import io.padic.api.analytics.AnalyticsFlusher;
import io.padic.api.common.Digests;
import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.testkit.Account;
import io.padic.testkit.Key;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * I5: nothing of tenant A can be read, written, listed or probed with tenant B's credentials; a foreign
 * id answers exactly like a missing one. Also the kinds of credentials: each works only where it belongs.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class TenantIsolationTest {

    @Inject
    AnalyticsFlusher analytics;

    /** A tenant with a project, an all-scopes key, one object with two events. */
    private record Tenant(Account account, String projectId, Key key, String objectId, String eventId) {
    }

    private static Tenant tenant(String objectId) {
        Account account = signUp();
        String projectId = createProject(account);
        Key key = issueKey(account, projectId, "owner", ALL_SCOPES);
        createObject(key.secret(), "Account", objectId);
        String eventId = sendEvent(key.secret(), "Deposit", objectId, Map.of("balance", 100, "owner", "A"))
                .statusCode(201).extract().path("id");
        sendEvent(key.secret(), "Deposit", objectId, Map.of("balance", 150)).statusCode(201);
        return new Tenant(account, projectId, key, objectId, eventId);
    }

    @Test
    void theControlPlaneAnswersForeignProjectsAndKeysLikeMissingOnes() {
        Tenant a = tenant("acct-a");
        Tenant b = tenant("acct-b");
        String token = b.account().token();
        String missing = "prj_01missingmissingmissingmi";
        Map<String, Object> rename = Map.of("name", "taken over");
        Map<String, Object> newKey = Map.of("name", "stolen", "scopes", ALL_SCOPES, "accessLevel", "owner");

        sameAsMissing(a.projectId(), missing, id -> as(token).get("/v1/projects/" + id));
        sameAsMissing(a.projectId(), missing, id -> as(token).body(rename).patch("/v1/projects/" + id));
        sameAsMissing(a.projectId(), missing, id -> as(token).get("/v1/projects/" + id + "/api-keys"));
        sameAsMissing(a.projectId(), missing, id -> as(token).body(newKey).post("/v1/projects/" + id + "/api-keys"));
        sameAsMissing(a.projectId(), missing,
                id -> as(token).delete("/v1/projects/" + id + "/api-keys/" + a.key().id()));
        // A's key id inside B's own project is just as unknown.
        sameAsMissing(a.key().id(), "key_01missingmissingmissingmi",
                id -> as(token).delete("/v1/projects/" + b.projectId() + "/api-keys/" + id));
        sameAsMissing(a.projectId(), missing, id -> as(token).delete("/v1/projects/" + id));

        as(token).get("/v1/projects").then().statusCode(200)
                .body("projects.id", equalTo(List.of(b.projectId())));
        as(a.account().token()).get("/v1/projects/" + a.projectId()).then().statusCode(200)
                .body("name", not(equalTo("taken over")));
        as(a.account().token()).get("/v1/projects/" + a.projectId() + "/api-keys").then().statusCode(200)
                .body("apiKeys.id", equalTo(List.of(a.key().id())));
        readObject(a.key().secret(), a.objectId(), null).statusCode(200).body("seq", equalTo(2));
    }

    @Test
    void anotherTenantsKeyCannotReadProbeOrWriteObjects() {
        Tenant a = tenant("acct-1");
        Tenant b = tenant("acct-2");
        String bKey = b.key().secret();
        String before = readObject(a.key().secret(), a.objectId(), null).statusCode(200).extract().asString();
        String at = Instant.now().plusSeconds(1).toString();

        sameAsMissing(a.objectId(), "no-such-object", id -> as(bKey).get("/v1/objects/" + id));
        sameAsMissing(a.objectId(), "no-such-object", id -> as(bKey).get("/v1/objects/" + id + "?seq=1"));
        sameAsMissing(a.objectId(), "no-such-object", id -> as(bKey).get("/v1/objects/" + id + "?at=" + at));
        sameAsMissing(a.objectId(), "no-such-object", id -> as(bKey).get("/v1/objects/" + id + "/events"));
        sameAsMissing(a.eventId(), "evt_01missingmissingmissingmi",
                id -> as(bKey).post("/v1/events/" + id + "/hide"));
        // An event sent in a batch is found through its batch's record: that lookup is per project too.
        createObject(a.key().secret(), "Account", "a-side");
        String aBatchMember = as(a.key().secret()).body(Map.of("events", List.of(Map.of("type", "Deposit",
                "concerns", "a-side", "metaData", Map.of("balance", 1))))).post("/v1/events/batch").then()
                .statusCode(200).extract().path("results[0].event.id");
        sameAsMissing(aBatchMember, "evt_01missingmissingmissingmi.0",
                id -> as(bKey).post("/v1/events/" + id + "/hide"));

        problem(sendEvent(bKey, "Withdraw", a.objectId(), Map.of("balance", 0)), 422)
                .body("errors[0].field", equalTo("concerns"))
                .body("errors[0].message", containsString(a.objectId()));
        problem(sendEvent(bKey, "Withdraw", List.of(b.objectId(), a.objectId()), Map.of("balance", 0)), 422)
                .body("errors.field", equalTo(List.of("concerns[1]")));
        as(bKey).body(Map.of("events", List.of(Map.of("type", "Withdraw", "concerns", a.objectId(),
                "metaData", Map.of("balance", 0))))).post("/v1/events/batch").then().statusCode(200)
                .body("results[0].status", equalTo(422))
                .body("results[0].problem.errors[0].field", equalTo("concerns"));

        as(bKey).get("/v1/objects").then().statusCode(200).body("objects.id", equalTo(List.of(b.objectId())));
        as(bKey).get("/v1/objects?type=Account").then().statusCode(200)
                .body("objects.id", equalTo(List.of(b.objectId())));

        // The same id in B's project is B's own object; A's stays as it was.
        as(bKey).body(Map.of("type", "Other", "id", a.objectId())).post("/v1/objects").then().statusCode(201);
        readObject(bKey, a.objectId(), null).statusCode(200).body("type", equalTo("Other")).body("seq", equalTo(0));
        assertEquals(before, readObject(a.key().secret(), a.objectId(), null).statusCode(200).extract().asString());
        as(a.key().secret()).get("/v1/objects/" + a.objectId() + "/events").then().statusCode(200)
                .body("events.id[0]", equalTo(a.eventId())).body("events.size()", equalTo(2));
        readObject(a.key().secret(), a.objectId(), null)
                .body("type", equalTo("Account")).body("state.balance", equalTo(150)).body("state.owner", equalTo("A"));
    }

    @Test
    void eachCredentialWorksOnlyWhereItBelongs() {
        Tenant t = tenant("acct-x");
        String sessionToken = t.account().token();
        String apiKey = t.key().secret();

        problem(as(apiKey).get("/v1/projects").then(), 401);
        problem(as(apiKey).get("/v1/me").then(), 401);
        problem(as(sessionToken).get("/v1/objects/" + t.objectId()).then(), 401);
        problem(sendEvent(sessionToken, "Deposit", t.objectId(), Map.of("balance", 1)), 401);
        problem(given().contentType(ContentType.JSON).get("/v1/objects/" + t.objectId()).then(), 401);
        problem(as("pdk_forged").get("/v1/objects/" + t.objectId()).then(), 401);

        Key revoked = issueKey(t.account(), t.projectId(), "owner", ALL_SCOPES);
        readObject(revoked.secret(), t.objectId(), null).statusCode(200);
        as(sessionToken).delete("/v1/projects/" + t.projectId() + "/api-keys/" + revoked.id()).then().statusCode(204);
        problem(readObject(revoked.secret(), t.objectId(), null), 401);
        problem(sendEvent(revoked.secret(), "Deposit", t.objectId(), Map.of("balance", 1)), 401);

        Key readOnly = issueKey(t.account(), t.projectId(), "owner", List.of("objects:read", "events:read"));
        readObject(readOnly.secret(), t.objectId(), null).statusCode(200);
        problem(sendEvent(readOnly.secret(), "Deposit", t.objectId(), Map.of("balance", 1)), 403)
                .body("detail", containsString("events:write"));
        problem(as(readOnly.secret()).body(Map.of("type", "Account")).post("/v1/objects").then(), 403)
                .body("detail", containsString("objects:write"));
        problem(as(readOnly.secret()).post("/v1/events/" + t.eventId() + "/hide").then(), 403)
                .body("detail", containsString("events:write"));
        Key writeOnly = issueKey(t.account(), t.projectId(), "owner", List.of("events:write"));
        problem(readObject(writeOnly.secret(), t.objectId(), null), 403).body("detail", containsString("objects:read"));
        problem(as(writeOnly.secret()).get("/v1/objects/" + t.objectId() + "/events").then(), 403)
                .body("detail", containsString("events:read"));
        readObject(apiKey, t.objectId(), null).statusCode(200).body("seq", equalTo(2));
    }

    @Test
    void logOutEndsOnlyThatSession() {
        String email = "leaver-" + UUID.randomUUID() + "@example.com";
        Account account = signUp(email, "correct horse battery");
        String second = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "correct horse battery"))
                .post("/v1/auth/login").then().statusCode(200).extract().path("token");
        assertFalse(second.equals(account.token()), "each log-in gets its own session token");

        as(second).get("/v1/me").then().statusCode(200).body("user.email", equalTo(email));
        as(second).post("/v1/auth/logout").then().statusCode(204);
        problem(as(second).get("/v1/me").then(), 401);
        problem(as(second).get("/v1/projects").then(), 401);
        problem(as(second).body(Map.of("name", "after logout")).post("/v1/projects").then(), 401);
        as(account.token()).get("/v1/me").then().statusCode(200).body("user.email", equalTo(email));
    }

    @Test
    void aSessionEndsAfterItsLifetime() {
        Account account = signUp();
        Account other = signUp();
        Document session = store().getCollection("sessions").find(eq("_id", Digests.sha256(account.token()))).first();
        assertEquals(Duration.ofDays(30), Duration.between(session.getDate("createdAt").toInstant(),
                session.getDate("expiresAt").toInstant()), "a session lasts 30 days (padic.auth.session-lifetime)");

        // Thirty days later, as far as this session is concerned.
        store().getCollection("sessions").updateOne(eq("_id", Digests.sha256(account.token())),
                Updates.set("expiresAt", Date.from(Instant.now().minusSeconds(1))));
        problem(as(account.token()).get("/v1/me").then(), 401).body("type", endsWith("/unauthorized"))
                .body("detail", containsString("expired"));
        problem(as(account.token()).get("/v1/projects").then(), 401);
        problem(as(account.token()).body(Map.of("name", "late")).post("/v1/projects").then(), 401);
        as(other.token()).get("/v1/me").then().statusCode(200);
    }

    @Test
    void eventTypeRoutesAnswerForeignProjectsAndTypesLikeMissingOnes() {
        Tenant a = tenant("acct-e");
        Tenant b = tenant("acct-f");
        String aReducer = "return { balance: event.metaData.balance, owner: 'A' };";
        Workspace aSide = new Workspace(a.account(), a.projectId(), a.key().secret());
        saveReducer(aSide, "Deposit", aReducer);
        String token = b.account().token();
        String missing = "prj_01missingmissingmissingmi";
        Map<String, Object> takeOver = Map.of("applyEvent", "return { balance: 0, owner: 'B' };");
        Map<String, Object> savedCode = Map.of("event", Map.of("metaData", Map.of("balance", 1)));
        Map<String, Object> draft = Map.of("applyEvent", "return { probed: true };");
        Function<String, String> types = id -> "/v1/projects/" + id + "/event-types";

        sameAsMissing(a.projectId(), missing, id -> as(token).body(takeOver).put(types.apply(id) + "/Deposit"));
        sameAsMissing(a.projectId(), missing, id -> as(token).body(takeOver).put(types.apply(id) + "/Fresh"));
        sameAsMissing(a.projectId(), missing, id -> as(token).get(types.apply(id)));
        sameAsMissing(a.projectId(), missing, id -> as(token).get(types.apply(id) + "/Deposit"));
        sameAsMissing(a.projectId(), missing, id -> as(token).get(types.apply(id) + "/Deposit/schema.json"));
        sameAsMissing(a.projectId(), missing, id -> as(token).get(types.apply(id) + "/Deposit/schema.json?version=1"));
        sameAsMissing(a.projectId(), missing, id -> as(token).body(savedCode).post(types.apply(id) + "/Deposit/test"));
        sameAsMissing(a.projectId(), missing, id -> as(token).body(draft).post(types.apply(id) + "/Deposit/test"));
        // A's type name inside B's own project is just as unknown.
        sameAsMissing("Deposit", "Missing", name -> as(token).get(types.apply(b.projectId()) + "/" + name));
        sameAsMissing("Deposit", "Missing",
                name -> as(token).get(types.apply(b.projectId()) + "/" + name + "/schema.json"));
        sameAsMissing("Deposit", "Missing",
                name -> as(token).body(savedCode).post(types.apply(b.projectId()) + "/" + name + "/test"));
        as(token).get(types.apply(b.projectId())).then().statusCode(200).body("eventTypes", equalTo(List.of()));

        // A's type is as A saved it: one version, A's code, folding A's object.
        as(a.account().token()).get(types.apply(a.projectId())).then().statusCode(200)
                .body("eventTypes.name", equalTo(List.of("Deposit")));
        getEventType(aSide, "Deposit").statusCode(200).body("version", equalTo(1))
                .body("versions.size()", equalTo(1)).body("applyEvent", equalTo(aReducer));
        readObject(a.key().secret(), a.objectId(), null).statusCode(200)
                .body("state", equalTo(Map.of("balance", 150, "owner", "A")));
    }

    @Test
    void analyticsRoutesAnswerForeignProjectsLikeMissingOnes() {
        Tenant a = tenant("acct-x");
        Tenant b = tenant("acct-y");
        String token = b.account().token();
        String missing = "prj_01missingmissingmissingmi";
        for (String path : List.of("/analytics/overview", "/analytics/overview?from=2026-01-01&to=2026-02-01",
                "/analytics/active?objectType=Account", "/analytics/active?objectType=Nothing&interval=minute",
                "/analytics/retention?objectType=Account", "/analytics/lifecycle?objectType=Account",
                "/analytics/lifecycle?objectType=Nothing&from=later", "/analytics/funnel?objectType=Account",
                "/analytics/funnel?objectType=Account&steps=Deposit&window=P1D",
                "/analytics/funnel?objectType=Nothing&steps=a,a&window=never", "/analytics/anomalies",
                "/analytics/anomalies?from=2026-01-01&to=2026-02-01&series=events:Deposit&limit=5",
                "/analytics/anomalies?series=nothing&limit=0", "/event-types/Deposit/drift",
                "/event-types/Deposit/drift?days=3", "/event-types/Nothing/drift?days=never")) {
            sameAsMissing(a.projectId(), missing, id -> as(token).get("/v1/projects/" + id + path));
        }
        sameAsMissing(a.projectId(), missing, id -> as(token).post("/v1/projects/" + id + "/analytics/rebuild"));
        // Each tenant sees its own events only: A's two deposits are not in B's figures, nor B's in A's.
        String recent = "/analytics/overview?interval=month&from=" + Instant.now().minus(Duration.ofDays(40))
                .toString().substring(0, 10);
        analytics.flushNow();
        for (Tenant t : List.of(a, b)) {
            as(t.account().token()).get("/v1/projects/" + t.projectId() + recent).then().statusCode(200)
                    .body("eventTypes.name", equalTo(List.of("Deposit")))
                    .body("eventTypes[0].total", equalTo(2))
                    .body("objectTypes.name", equalTo(List.of("Account")));
            String since = "from=" + Instant.now().minus(Duration.ofDays(40)).toString().substring(0, 10);
            as(t.account().token()).get("/v1/projects/" + t.projectId() + "/analytics/lifecycle?objectType=Account&"
                    + since).then().statusCode(200)
                    .body("starts.objects", equalTo(List.of(1))).body("transitions.count", equalTo(List.of(1)));
            as(t.account().token()).get("/v1/projects/" + t.projectId() + "/analytics/funnel?objectType=Account&"
                    + since).then().statusCode(200)
                    .body("steps.eventType", equalTo(List.of("Deposit"))).body("steps.objects", equalTo(List.of(1)));
        }
    }

    /** The answer for a foreign id has the status, type and title of the answer for a made-up id. */
    private static void sameAsMissing(String foreignId, String missingId, Function<String, Response> call) {
        Response foreign = call.apply(foreignId);
        Response missing = call.apply(missingId);
        problem(missing.then(), 404);
        problem(foreign.then(), 404);
        assertEquals(missing.path("type").toString(), foreign.path("type").toString(), "type for " + foreignId);
        assertEquals(missing.path("title").toString(), foreign.path("title").toString(), "title for " + foreignId);
        assertEquals(missing.<String>path("detail").replace(missingId, "<id>"),
                foreign.<String>path("detail").replace(foreignId, "<id>"), "detail for " + foreignId);
        assertEquals(missing.getContentType(), foreign.getContentType());
    }

    @Test
    void memberReadsAnswerForeignProjectsAndObjectsLikeMissingOnes() {
        Tenant a = tenant("acct-m");
        Tenant b = tenant("acct-n");
        String token = b.account().token();
        String missing = "prj_01missingmissingmissingmi";
        for (String path : List.of("/objects/" + a.objectId(), "/objects/" + a.objectId() + "?seq=1&level=owner",
                "/objects", "/objects?type=Account", "/objects/" + a.objectId() + "/events", "/objects/" + a.objectId() + "/timeline", "/events/recent")) {
            sameAsMissing(a.projectId(), missing, id -> as(token).get("/v1/projects/" + id + path));
        }
        // A's object id inside B's own project is just as unknown.
        sameAsMissing(a.objectId(), "no-such-object",
                id -> as(token).get("/v1/projects/" + b.projectId() + "/objects/" + id));
        sameAsMissing(a.objectId(), "no-such-object",
                id -> as(token).get("/v1/projects/" + b.projectId() + "/objects/" + id + "/events"));
        sameAsMissing(a.objectId(), "no-such-object",
                id -> as(token).get("/v1/projects/" + b.projectId() + "/objects/" + id + "/timeline"));
        as(token).get("/v1/projects/" + b.projectId() + "/objects").then().statusCode(200)
                .body("objects.id", equalTo(List.of(b.objectId())));
        as(a.account().token()).get("/v1/projects/" + a.projectId() + "/objects/" + a.objectId()).then()
                .statusCode(200).body("state.owner", equalTo("A"));
    }
}
