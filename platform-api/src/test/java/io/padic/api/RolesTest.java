package io.padic.api;

import static io.padic.api.support.Api.ALL_SCOPES;
import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.issueKey;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.signUp;
import static io.padic.api.support.Api.workspace;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.padic.api.support.Api;
import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.testkit.Account;
import io.padic.testkit.Key;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Roles in a workspace (docs/api.md, Accounts): a viewer reads projects and lists keys; a developer also
 * creates projects, keys and event types and revokes keys; an admin also changes and deletes projects. A
 * weaker role gets 403 and changes nothing. Members join through
 * {@link Api#member}.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class RolesTest {

    private static final Map<String, Object> NEW_KEY =
            Map.of("name", "by a member", "scopes", ALL_SCOPES, "accessLevel", "owner");

    @Test
    void aViewerReadsButChangesNothing() {
        Workspace w = workspace();
        createObject(w.key(), "Note", "n1");
        String viewer = member(w, "VIEWER").token();
        String project = "/v1/projects/" + w.projectId();

        as(viewer).get(project).then().statusCode(200).body("id", equalTo(w.projectId()));
        as(viewer).get("/v1/projects").then().statusCode(200).body("projects.id", hasItem(w.projectId()));
        as(viewer).get(project + "/api-keys").then().statusCode(200).body("apiKeys.size()", equalTo(1));
        as(viewer).get(project + "/objects/n1").then().statusCode(200).body("type", equalTo("Note"));

        tooWeak(as(viewer).body(Map.of("name", "P", "tenantId", w.account().tenantId())).post("/v1/projects"),
                "viewer", "developer");
        tooWeak(as(viewer).body(NEW_KEY).post(project + "/api-keys"), "viewer", "developer");
        String keyId = as(viewer).get(project + "/api-keys").then().extract().path("apiKeys[0].id");
        tooWeak(as(viewer).delete(project + "/api-keys/" + keyId), "viewer", "developer");
        tooWeak(as(viewer).body(Map.of("applyEvent", "return {};")).put(project + "/event-types/Noted"),
                "viewer", "developer");
        tooWeak(as(viewer).body(Map.of("name", "renamed")).patch(project), "viewer", "admin");
        tooWeak(as(viewer).delete(project), "viewer", "admin");

        as(w.account().token()).get(project).then().statusCode(200).body("name", containsString("Project "));
        as(w.account().token()).get(project + "/api-keys").then().body("apiKeys.id", equalTo(List.of(keyId)));
        as(w.account().token()).get(project + "/event-types").then().statusCode(200)
                .body("eventTypes.size()", equalTo(0));
        as(w.account().token()).get("/v1/projects").then().body("projects.size()", equalTo(1));
    }

    @Test
    void aDeveloperManagesKeysButNotTheProject() {
        Workspace w = workspace();
        String developer = member(w, "DEVELOPER").token();
        String project = "/v1/projects/" + w.projectId();

        as(developer).body(Map.of("name", "theirs", "tenantId", w.account().tenantId())).post("/v1/projects")
                .then().statusCode(201).body("tenantId", equalTo(w.account().tenantId()));
        String keyId = as(developer).body(NEW_KEY).post(project + "/api-keys").then().statusCode(201)
                .extract().path("id");
        as(developer).delete(project + "/api-keys/" + keyId).then().statusCode(204);
        as(developer).body(Map.of("applyEvent", "return {};")).put(project + "/event-types/Noted").then()
                .statusCode(201);

        tooWeak(as(developer).body(Map.of("accessLevels", List.of("public", "owner"))).patch(project),
                "developer", "admin");
        tooWeak(as(developer).delete(project), "developer", "admin");
        as(w.account().token()).get(project).then().statusCode(200)
                .body("accessLevels", equalTo(List.of("public", "member", "owner")));
        as(w.key()).get("/v1/objects").then().statusCode(200);
    }

    @Test
    void anAdminChangesAndDeletesProjects() {
        Workspace w = workspace();
        Key key = issueKey(w.account(), w.projectId(), "public", List.of("objects:read"));
        String admin = member(w, "ADMIN").token();
        String project = "/v1/projects/" + w.projectId();

        as(admin).body(Map.of("name", "renamed by admin")).patch(project).then().statusCode(200)
                .body("name", equalTo("renamed by admin"));
        as(admin).delete(project).then().statusCode(204);
        problem(as(w.account().token()).get(project).then(), 404);
        problem(as(key.secret()).get("/v1/objects").then(), 401);
    }

    /**
     * Analytics are member reads: every role reads them; the project's time zone is changed, and the analytics
     * rebuilt, from admin up.
     */
    @Test
    void everyRoleReadsAnalyticsAndOnlyAnAdminChangesTheTimeZone() {
        Workspace w = workspace();
        createObject(w.key(), "Note", "n1");
        String analytics = "/v1/projects/" + w.projectId() + "/analytics";
        for (String role : List.of("VIEWER", "DEVELOPER", "ADMIN", "OWNER")) {
            String token = role.equals("OWNER") ? w.account().token() : member(w, role).token();
            as(token).get(analytics + "/overview").then().statusCode(200).body("timeZone", equalTo("UTC"));
            as(token).get(analytics + "/active?objectType=Note").then().statusCode(200)
                    .body("objectType", equalTo("Note"));
            as(token).get(analytics + "/retention?objectType=Note").then().statusCode(200)
                    .body("objectType", equalTo("Note"));
            as(token).get(analytics + "/lifecycle?objectType=Note").then().statusCode(200)
                    .body("objectType", equalTo("Note"));
            as(token).get(analytics + "/funnel?objectType=Note&steps=created,edited").then().statusCode(200)
                    .body("objectType", equalTo("Note")).body("steps.eventType", equalTo(List.of("created", "edited")));
            as(token).get(analytics + "/anomalies").then().statusCode(200).body("timeZone", equalTo("UTC"))
                    .body("open", equalTo(0)).body("anomalies", equalTo(List.of()));
            as(token).get("/v1/projects/" + w.projectId() + "/event-types/created/drift").then().statusCode(200)
                    .body("eventType", equalTo("created")).body("days.size()", equalTo(14));
        }
        // An API key, of any access level, is no member: these are control-plane reads.
        for (String level : List.of("public", "member", "owner")) {
            String key = issueKey(w.account(), w.projectId(), level, List.of("events:read", "objects:read")).secret();
            problem(as(key).get(analytics + "/anomalies").then(), 401);
            problem(as(key).get("/v1/projects/" + w.projectId() + "/event-types/created/drift").then(), 401);
        }
        tooWeak(as(member(w, "VIEWER").token()).post(analytics + "/rebuild"), "viewer", "admin");
        tooWeak(as(member(w, "DEVELOPER").token()).post(analytics + "/rebuild"), "developer", "admin");
        as(member(w, "ADMIN").token()).post(analytics + "/rebuild").then().statusCode(202)
                .body("building", equalTo(true));
        as(w.account().token()).post(analytics + "/rebuild").then().statusCode(202).body("building", equalTo(true));
        String project = "/v1/projects/" + w.projectId();
        Map<String, String> london = Map.of("timeZone", "Europe/London");
        tooWeak(as(member(w, "VIEWER").token()).body(london).patch(project), "viewer", "admin");
        tooWeak(as(member(w, "DEVELOPER").token()).body(london).patch(project), "developer", "admin");
        as(member(w, "ADMIN").token()).body(london).patch(project).then().statusCode(200)
                .body("timeZone", equalTo("Europe/London"));
    }

    private static Account member(Workspace w, String role) {
        return Api.member(w.account().tenantId(), role);
    }

    private static void tooWeak(Response response, String role, String needed) {
        ValidatableResponse answer = problem(response.then(), 403);
        answer.body("type", containsString("forbidden"))
                .body("detail", allOf(containsString("'" + role + "'"), containsString("'" + needed + "'")));
    }
}
