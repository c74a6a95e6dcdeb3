package io.padic.api;

import static io.padic.api.support.Api.ALL_SCOPES;
import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.issueKey;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.readObject;
import static io.padic.api.support.Api.sendEvent;
import static io.padic.api.support.Api.workspace;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.testkit.Key;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What changing or deleting a project does to the API keys that belong to it (docs/api.md, Projects). */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class ProjectChangesTest {

    private static final List<String> DEFAULT_LEVELS = List.of("public", "member", "owner");

    @Test
    void aLevelThatAKeyStillUsesCannotBeRemoved() {
        Workspace w = workspace();
        Key member = issueKey(w.account(), w.projectId(), "member", ALL_SCOPES);
        createObject(member.secret(), "Note", "n1");

        problem(patchLevels(w, List.of("public", "owner")), 422)
                .body("errors[0].field", equalTo("accessLevels"))
                .body("errors[0].message", allOf(containsString(member.id()), containsString("member")));
        as(w.account().token()).get("/v1/projects/" + w.projectId()).then().statusCode(200)
                .body("accessLevels", equalTo(DEFAULT_LEVELS));
        readObject(member.secret(), "n1", null).statusCode(200);

        // Levels in use may be kept, reordered and joined by new ones.
        patchLevels(w, List.of("public", "staff", "member", "owner")).statusCode(200)
                .body("accessLevels", equalTo(List.of("public", "staff", "member", "owner")));
        as(w.account().token()).delete("/v1/projects/" + w.projectId() + "/api-keys/" + member.id())
                .then().statusCode(204);
        patchLevels(w, List.of("public", "staff", "owner")).statusCode(200)
                .body("accessLevels", equalTo(List.of("public", "staff", "owner")));
    }

    @Test
    void deletingAProjectEndsItsKeysAtOnce() {
        Workspace w = workspace();
        Key reader = issueKey(w.account(), w.projectId(), "public", List.of("objects:read"));
        createObject(w.key(), "Note", "n1");
        sendEvent(w.key(), "Noted", "n1", Map.of("text", "hello")).statusCode(201);
        // Both keys have been used, so this process keeps them.
        readObject(w.key(), "n1", null).statusCode(200);
        readObject(reader.secret(), "n1", null).statusCode(200).body("state.text", equalTo("hello"));

        as(w.account().token()).delete("/v1/projects/" + w.projectId()).then().statusCode(204);

        problem(readObject(w.key(), "n1", null), 401);
        problem(readObject(reader.secret(), "n1", null), 401);
        problem(sendEvent(w.key(), "Noted", "n1", Map.of("text", "after")), 401);
        problem(as(w.key()).body(Map.of("type", "Note", "id", "n2")).post("/v1/objects").then(), 401);
        problem(as(w.account().token()).get("/v1/projects/" + w.projectId()).then(), 404);
        problem(as(w.account().token()).get("/v1/projects/" + w.projectId() + "/objects/n1").then(), 404);
        as(w.account().token()).get("/v1/projects").then().statusCode(200)
                .body("projects.id", equalTo(List.of()));
    }

    private static ValidatableResponse patchLevels(Workspace w, List<String> levels) {
        return as(w.account().token()).body(Map.of("accessLevels", levels)).patch("/v1/projects/" + w.projectId())
                .then();
    }
}
