package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.signUp;
import static io.padic.api.support.Api.workspace;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.padic.api.support.Api;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.testkit.Account;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Headers that keep secrets out of caches and types out of guessing: answers that carry a session token or an
 * API key's secret say {@code Cache-Control: no-store}, and every answer, errors included, says
 * {@code X-Content-Type-Options: nosniff}.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class SecurityHeadersTest {

    @Test
    void signUpAndLogInAnswersAreNotStored() {
        String email = "cache-" + UUID.randomUUID() + "@example.com";
        hardened(given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "correct horse battery", "name", "Ada"))
                .post("/v1/auth/signup").then().statusCode(201));
        hardened(given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "correct horse battery"))
                .post("/v1/auth/login").then().statusCode(200));
    }

    @Test
    void theAnswerWithAKeysSecretIsNotStored() {
        Account account = signUp();
        String projectId = Api.createProject(account);
        hardened(as(account.token()).body(Map.of("name", "k", "scopes", Api.ALL_SCOPES, "accessLevel", "public"))
                .post("/v1/projects/" + projectId + "/api-keys").then().statusCode(201));
        hardened(as(account.token()).get("/v1/projects/" + projectId + "/api-keys").then().statusCode(200));
    }

    @Test
    void errorAnswersAreNotSniffedEither() {
        hardened(given().get("/v1/nothing-here").then().statusCode(404).contentType("application/problem+json"));
        hardened(given().get("/v1/objects/x").then().statusCode(401).contentType("application/problem+json"));
        Api.Workspace w = workspace();
        hardened(as(w.key()).get("/v1/objects/missing").then().statusCode(404));
        hardened(as(w.key()).body("{\"type\": 5}").post("/v1/objects").then().statusCode(422)
                .contentType("application/problem+json"));
    }

    @Test
    void operationalAnswersAreNotSniffed() {
        given().get("/q/openapi").then().statusCode(200).header("X-Content-Type-Options", equalTo("nosniff"));
        given().get("/q/health/ready").then().statusCode(200).header("X-Content-Type-Options", equalTo("nosniff"));
        given().get("/v1/ping").then().statusCode(200).header("X-Content-Type-Options", equalTo("nosniff"));
    }

    private static void hardened(ValidatableResponse response) {
        response.header("Cache-Control", equalTo("no-store")).header("X-Content-Type-Options", equalTo("nosniff"));
    }
}
