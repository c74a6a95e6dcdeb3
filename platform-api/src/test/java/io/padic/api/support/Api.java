package io.padic.api.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The steps every test needs, spoken over HTTP like a client would: sign up, project, key, objects, events. */
public final class Api {

    private Api() {
    }

    public record Account(String userId, String token, String tenantId) {
    }

    public static Account signUp() {
        String email = "user-" + UUID.randomUUID() + "@example.com";
        var body = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "correct horse battery", "name", "Test User"))
                .post("/v1/auth/signup").then().statusCode(201).extract().jsonPath();
        return new Account(body.getString("user.id"), body.getString("token"), body.getString("tenant.id"));
    }

    public static RequestSpecification as(String bearer) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + bearer);
    }

    public static String createProject(Account account) {
        return as(account.token()).body(Map.of("name", "Project " + UUID.randomUUID()))
                .post("/v1/projects").then().statusCode(201).extract().path("id");
    }

    public static String createKey(Account account, String projectId, String accessLevel, List<String> scopes) {
        return as(account.token()).body(Map.of("name", "test key", "scopes", scopes, "accessLevel", accessLevel))
                .post("/v1/projects/" + projectId + "/api-keys").then().statusCode(201).extract().path("key");
    }

    /** A project with a key that may do everything, at the strongest default level. */
    public static String projectKey() {
        Account account = signUp();
        return createKey(account, createProject(account), "owner",
                List.of("objects:read", "objects:write", "events:read", "events:write"));
    }

    public static void createObject(String key, String type, String id) {
        as(key).body(Map.of("type", type, "id", id)).post("/v1/objects").then().statusCode(201);
    }

    public static ValidatableResponse sendEvent(String key, String type, Object concerns, Map<String, ?> metaData) {
        return as(key).body(Map.of("type", type, "concerns", concerns, "metaData", metaData))
                .post("/v1/events").then();
    }

    public static ValidatableResponse readObject(String key, String id, String query) {
        return as(key).get("/v1/objects/" + id + (query == null ? "" : "?" + query)).then();
    }
}
