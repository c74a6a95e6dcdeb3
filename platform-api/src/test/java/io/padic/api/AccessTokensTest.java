package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createStrictProject;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.signUp;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.testkit.Account;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Personal access tokens: shown once, scoped (403 naming the missing scope), never on the data plane nor on the
 * account's own security, listed with their last use, revoked at once.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class AccessTokensTest {

    private static String createToken(Account account, List<String> scopes) {
        return as(account.token()).body(Map.of("name", "ci", "scopes", scopes, "expiresInDays", 30))
                .post("/v1/me/tokens").then().statusCode(201).body("token", startsWith("pat_"))
                .body("expiresAt", notNullValue()).extract().path("token");
    }

    @Test
    void aTokenDoesWhatItsScopesAllowAndNamesTheScopeItLacks() {
        Account ada = signUp();
        String projectId = createStrictProject(ada);
        String reader = createToken(ada, List.of("projects:read", "workspaces:read"));
        as(reader).get("/v1/projects").then().statusCode(200).body("projects.id", hasItem(projectId));
        as(reader).get("/v1/projects/" + projectId + "/api-keys").then().statusCode(200);
        as(reader).get("/v1/workspaces").then().statusCode(200);
        as(reader).get("/v1/me").then().statusCode(200).body("user.id", equalTo(ada.userId()));
        problem(as(reader).body(Map.of("name", "by token")).post("/v1/projects").then(), 403)
                .body("type", equalTo("https://padic.io/problems/missing-scope"))
                .body("scope", equalTo("projects:write"));
        problem(as(reader).body(Map.of("name", "k", "scopes", List.of("objects:read"), "accessLevel", "public"))
                .post("/v1/projects/" + projectId + "/api-keys").then(), 403).body("scope", equalTo("keys:write"));
        problem(as(reader).body(Map.of("applyEvent", "return {};"))
                .put("/v1/projects/" + projectId + "/event-types/Noted").then(), 403)
                .body("scope", equalTo("event-types:write"));
        problem(as(reader).body(Map.of("name", "W")).post("/v1/workspaces").then(), 403)
                .body("scope", equalTo("workspaces:write"));

        String writer = createToken(ada, List.of("projects:write", "keys:write", "event-types:write"));
        as(writer).body(Map.of("name", "by token")).post("/v1/projects").then().statusCode(201);
        as(writer).body(Map.of("name", "k", "scopes", List.of("objects:read"), "accessLevel", "public"))
                .post("/v1/projects/" + projectId + "/api-keys").then().statusCode(201);
        problem(as(writer).get("/v1/projects").then(), 403).body("scope", equalTo("projects:read"));
    }

    @Test
    void aTokenCannotReAuthenticateSoItNeitherDeletesNorMintsTheStrongestKeys() {
        Account ada = signUp();
        String projectId = createStrictProject(ada);
        String all = createToken(ada, List.of("projects:read", "projects:write", "keys:write", "workspaces:write"));
        problem(as(all).delete("/v1/projects/" + projectId).then(), 403)
                .body("type", equalTo("https://padic.io/problems/reauth-required"));
        problem(as(all).body(Map.of("name", "k", "scopes", List.of("objects:read"), "accessLevel", "owner"))
                .post("/v1/projects/" + projectId + "/api-keys").then(), 403)
                .body("type", equalTo("https://padic.io/problems/reauth-required"));
        problem(as(all).body(Map.of("password", "correct horse battery")).post("/v1/auth/reauth").then(), 403)
                .body("type", equalTo("https://padic.io/problems/token-not-allowed"));
    }

    @Test
    void aTokenNeverManagesTheAccountNorReachesTheDataPlane() {
        Account ada = signUp();
        String pat = createToken(ada, List.of("workspaces:read", "workspaces:write", "projects:read",
                "projects:write", "keys:write", "event-types:write"));
        for (var call : List.<java.util.function.Supplier<io.restassured.response.ValidatableResponse>>of(
                () -> as(pat).body(Map.of("name", "x", "scopes", List.of("projects:read"), "expiresInDays", 1))
                        .post("/v1/me/tokens").then(),
                () -> as(pat).get("/v1/me/tokens").then(),
                () -> as(pat).post("/v1/me/totp").then(),
                () -> as(pat).get("/v1/me/sessions").then(),
                () -> as(pat).post("/v1/me/sessions/sign-out-everywhere").then(),
                () -> as(pat).post("/v1/auth/logout").then())) {
            problem(call.get(), 403).body("type", equalTo("https://padic.io/problems/token-not-allowed"));
        }
        problem(as(pat).get("/v1/objects/anything").then(), 401);
        problem(as(pat).body(Map.of("type", "Note")).post("/v1/objects").then(), 401);
        as(ada.token()).get("/v1/me/sessions").then().statusCode(200).body("sessions", hasSize(1));
    }

    @Test
    void tokensAreListedWithoutSecretsWithTheirLastUseAndRevokedAtOnce() {
        Account ada = signUp();
        String pat = createToken(ada, List.of("projects:read"));
        as(ada.token()).get("/v1/me/tokens").then().statusCode(200).body("tokens", hasSize(1))
                .body("tokens[0].lastUsedAt", equalTo(null));
        as(pat).get("/v1/projects").then().statusCode(200);
        String id = as(ada.token()).get("/v1/me/tokens").then().statusCode(200)
                .body("tokens[0]", not(hasKey("token")))
                .body("tokens[0].hint", startsWith("pat_"))
                .body("tokens[0].scopes", equalTo(List.of("projects:read")))
                .body("tokens[0].lastUsedAt", notNullValue())
                .extract().path("tokens[0].id");
        Account other = signUp();
        problem(as(other.token()).delete("/v1/me/tokens/" + id).then(), 404);
        as(ada.token()).delete("/v1/me/tokens/" + id).then().statusCode(204);
        problem(as(pat).get("/v1/projects").then(), 401);
        as(ada.token()).get("/v1/me/tokens").then().body("tokens", hasSize(0));
        problem(as(ada.token()).delete("/v1/me/tokens/" + id).then(), 404);
    }

    @Test
    void badTokenRequestsAreRefusedNamingTheField() {
        Account ada = signUp();
        problem(as(ada.token()).body(Map.of("name", "x", "scopes", List.of("projects:read", "objects:write"),
                "expiresInDays", 30)).post("/v1/me/tokens").then(), 422).body("errors.field", hasItem("scopes[1]"));
        problem(as(ada.token()).body(Map.of("name", "x", "scopes", List.of("projects:read"), "expiresInDays", 0))
                .post("/v1/me/tokens").then(), 422).body("errors.field", hasItem("expiresInDays"));
        problem(as(ada.token()).body(Map.of("name", "x", "scopes", List.of("projects:read"), "expiresInDays", 366))
                .post("/v1/me/tokens").then(), 422).body("errors.field", hasItem("expiresInDays"));
        problem(as(ada.token()).body(Map.of("name", "x", "scopes", List.of(), "expiresInDays", 3))
                .post("/v1/me/tokens").then(), 422).body("errors.field", hasItem("scopes"));
        problem(as(ada.token()).body(Map.of("scopes", List.of("projects:read"), "expiresInDays", 3))
                .post("/v1/me/tokens").then(), 422).body("errors.field", hasItem("name"));
        problem(as("pat_unknown").get("/v1/projects").then(), 401);
    }
}
