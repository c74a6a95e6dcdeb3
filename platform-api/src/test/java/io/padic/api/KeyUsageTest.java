package io.padic.api;

import static com.mongodb.client.model.Filters.eq;
import static io.padic.api.support.Api.ALL_SCOPES;
import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.issueKey;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.signUp;
import static io.padic.api.support.Api.store;
import static io.padic.api.support.Api.workspace;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.mongodb.client.model.Updates;
import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.testkit.Account;
import io.padic.testkit.Key;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * API keys' use (docs/api.md, "API keys"): the key list shows when each key was last used and how many requests
 * it made in the last 24 h; each key's refused requests of the last hour can be read by every member of the
 * project, and by no one else.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class KeyUsageTest {

    @Test
    void theKeyListCountsEachKeysRequestsAndItsRefusals() {
        Workspace w = workspace();
        Key reader = issueKey(w.account(), w.projectId(), "public", List.of("objects:read"));
        createObject(w.key(), "Note", "n1");
        for (int i = 0; i < 3; i++) {
            as(reader.secret()).get("/v1/objects/n1").then().statusCode(200);
        }
        as(reader.secret()).body(Map.of("type", "Noted", "concerns", "n1")).post("/v1/events").then().statusCode(403);
        String keys = "/v1/projects/" + w.projectId() + "/api-keys";

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(w.account().token()).get(keys).then()
                .statusCode(200)
                .body("apiKeys.find { it.id == '" + reader.id() + "' }.requestsLast24h", equalTo(4))
                .body("apiKeys.find { it.id == '" + reader.id() + "' }.refusedLastHour", equalTo(1))
                .body("apiKeys.find { it.id == '" + reader.id() + "' }.lastUsedAt", notNullValue()));
        // The owner key made one request (the create) and was refused nothing.
        as(w.account().token()).get(keys).then()
                .body("apiKeys.find { it.name == 'test key' && it.accessLevel == 'owner' }.requestsLast24h",
                        equalTo(1))
                .body("apiKeys.find { it.name == 'test key' && it.accessLevel == 'owner' }.refusedLastHour",
                        equalTo(0));
    }

    /** Many keys used within one flush: their writes once overflowed the Redis client's queue and were lost. */
    @Test
    void manyKeysUsedAtOnceAreAllCounted() {
        Workspace w = workspace();
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            keys.add(issueKey(w.account(), w.projectId(), "public", List.of("objects:read")));
        }
        for (Key key : keys) {
            as(key.secret()).get("/v1/objects/none").then().statusCode(404);
        }
        String list = "/v1/projects/" + w.projectId() + "/api-keys";
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Map<String, Object>> listed = as(w.account().token()).get(list).then().statusCode(200)
                    .extract().path("apiKeys");
            for (Key key : keys) {
                Map<String, Object> found = listed.stream().filter(k -> key.id().equals(k.get("id"))).findFirst()
                        .orElseThrow();
                assertEquals(1, ((Number) found.get("requestsLast24h")).intValue(), key.id());
                assertNotNull(found.get("lastUsedAt"), key.id());
            }
        });
    }

    @Test
    void refusalsAreKeptPerKeyWithStatusTitleAndTime() {
        Workspace w = workspace();
        Key owner = issueKey(w.account(), w.projectId(), "owner", ALL_SCOPES);
        Key reader = issueKey(w.account(), w.projectId(), "public", List.of("objects:read"));
        as(reader.secret()).body(Map.of("type", "Noted", "concerns", "n1")).post("/v1/events").then().statusCode(403);
        as(reader.secret()).get("/v1/objects/missing").then().statusCode(404);
        as(owner.secret()).body(Map.of("type", "Noted")).post("/v1/events").then().statusCode(422);
        as(owner.secret()).body("{not json").contentType("application/json").post("/v1/events").then()
                .statusCode(400);
        String project = "/v1/projects/" + w.projectId() + "/api-keys/";

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(w.account().token())
                .get(project + reader.id() + "/refusals").then().statusCode(200)
                .body("refusals.status", equalTo(List.of(404, 403)))
                .body("refusals[1].title", equalTo("Forbidden"))
                .body("refusals[1].method", equalTo("POST"))
                .body("refusals[1].path", equalTo("/v1/events"))
                .body("refusals[1].at", notNullValue()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(w.account().token())
                .get(project + owner.id() + "/refusals").then().statusCode(200)
                .body("refusals.status", equalTo(List.of(400, 422))));
    }

    @Test
    void everyRoleReadsRefusalsAndOtherTenantsGetNotFound() {
        Workspace w = workspace();
        Key reader = issueKey(w.account(), w.projectId(), "public", List.of("objects:read"));
        as(reader.secret()).get("/v1/objects/missing").then().statusCode(404);
        String refusals = "/v1/projects/" + w.projectId() + "/api-keys/" + reader.id() + "/refusals";
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(w.account().token()).get(refusals).then()
                .statusCode(200).body("refusals.status", equalTo(List.of(404))));
        for (String role : List.of("VIEWER", "DEVELOPER", "ADMIN")) {
            as(member(w, role).token()).get(refusals).then().statusCode(200)
                    .body("refusals.status", equalTo(List.of(404)));
            as(member(w, role).token()).get("/v1/projects/" + w.projectId() + "/api-keys").then().statusCode(200)
                    .body("apiKeys.find { it.id == '" + reader.id() + "' }.refusedLastHour", equalTo(1));
        }

        Workspace other = workspace();
        String foreign = problem(as(other.account().token()).get(refusals).then(), 404).extract().path("title");
        String missing = problem(as(other.account().token()).get("/v1/projects/prj_01missingmissingmissingmi"
                + "/api-keys/" + reader.id() + "/refusals").then(), 404).extract().path("title");
        assertEquals(missing, foreign);
        // Another project's key id inside one's own project is just as unknown.
        problem(as(other.account().token()).get("/v1/projects/" + other.projectId() + "/api-keys/" + reader.id()
                + "/refusals").then(), 404);
        as(other.account().token()).get("/v1/projects/" + other.projectId() + "/api-keys").then().statusCode(200)
                .body("apiKeys.refusedLastHour", equalTo(List.of(0)));
        problem(as("no-such-session").get(refusals).then(), 401);
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
