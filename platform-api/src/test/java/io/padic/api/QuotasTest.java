package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.signUp;
import static io.padic.api.support.Api.workspace;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.padic.api.support.Api;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.testkit.Account;
import io.padic.testkit.Key;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Per-tenant quotas, at small values: projects per tenant and keys per project answer 429 once full (also when
 * the creations race), and a request that concerns too many objects answers 422; each problem names its quota
 * and value, and nothing over a quota is stored.
 */
@QuarkusTest
@TestProfile(QuotasTest.SmallQuotas.class)
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class QuotasTest {

    public static class SmallQuotas implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("padic.quotas.projects-per-tenant", "3",
                    "padic.quotas.keys-per-project", "2",
                    "padic.quotas.objects-per-event", "4",
                    "padic.quotas.events-per-batch", "5",
                    "padic.quotas.objects-per-request", "8");
        }
    }

    @Test
    void aTenantHoldsAtMostItsQuotaOfProjects() {
        Account account = signUp();
        // Six at once for three places: the quota holds under a race too.
        List<Integer> statuses = IntStream.range(0, 6).mapToObj(i -> CompletableFuture.supplyAsync(() ->
                as(account.token()).body(Map.of("name", "P" + i)).post("/v1/projects").then().extract().statusCode()))
                .toList().stream().map(CompletableFuture::join).toList();
        assertEquals(3, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(3, statuses.stream().filter(s -> s == 429).count(), statuses.toString());
        quota(as(account.token()).body(Map.of("name", "One more")).post("/v1/projects").then(), 429,
                "projects-per-tenant", 3);
        List<String> listed = as(account.token()).get("/v1/projects").then().statusCode(200)
                .body("projects", hasSize(3)).extract().path("projects.id");

        // Deleting one makes room for one.
        as(account.token()).delete("/v1/projects/" + listed.get(0)).then().statusCode(204);
        as(account.token()).body(Map.of("name", "Again")).post("/v1/projects").then().statusCode(201);
        as(account.token()).get("/v1/projects").then().body("projects", hasSize(3));
    }

    @Test
    void aProjectHoldsAtMostItsQuotaOfKeys() {
        Account account = signUp();
        String projectId = Api.createProject(account);
        Key first = Api.issueKey(account, projectId, "public", Api.ALL_SCOPES);
        Api.issueKey(account, projectId, "public", Api.ALL_SCOPES);
        quota(newKey(account, projectId), 429, "keys-per-project", 2);
        String keys = "/v1/projects/" + projectId + "/api-keys";
        as(account.token()).get(keys).then().statusCode(200).body("apiKeys", hasSize(2));

        // Revoking one makes room for one.
        as(account.token()).delete(keys + "/" + first.id()).then().statusCode(204);
        newKey(account, projectId).statusCode(201);
        quota(newKey(account, projectId), 429, "keys-per-project", 2);
    }

    @Test
    void anEventConcernsAtMostItsQuotaOfObjects() {
        Api.Workspace w = workspace();
        List<String> five = List.of("o1", "o2", "o3", "o4", "o5");
        five.forEach(id -> createObject(w.key(), "Thing", id));
        quota(as(w.key()).body(Map.of("type", "Touch", "concerns", five)).post("/v1/events").then(), 422,
                "objects-per-event", 4).body("errors[0].field", equalTo("concerns"));
        as(w.key()).body(Map.of("type", "Touch", "concerns", five.subList(0, 4))).post("/v1/events").then()
                .statusCode(201);
        // In a batch the item is refused on its own.
        as(w.key()).body(Map.of("events", List.of(Map.of("type", "Touch", "concerns", five),
                Map.of("type", "Touch", "concerns", "o1")))).post("/v1/events/batch").then().statusCode(200)
                .body("results[0].status", equalTo(422))
                .body("results[0].problem.quota", equalTo("objects-per-event"))
                .body("results[1].status", equalTo(201));
        // Only the refused events concerned o5: nothing of theirs was stored.
        Api.readObject(w.key(), "o5", null).statusCode(200).body("seq", equalTo(0));
    }

    @Test
    void aRequestCarriesAtMostItsQuotaOfEventsAndObjects() {
        Api.Workspace w = workspace();
        List.of("o1", "o2", "o3", "o4").forEach(id -> createObject(w.key(), "Thing", id));
        List<Map<String, Object>> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            six.add(Map.of("type", "Touch", "concerns", "o1"));
        }
        quota(as(w.key()).body(Map.of("events", six)).post("/v1/events/batch").then(), 422, "events-per-batch", 5)
                .body("errors[0].field", equalTo("events"));

        // Three events of four objects each: 12 pins, over the quota of 8, though each event is within its own.
        Map<String, Object> wide = Map.of("type", "Touch", "concerns", List.of("o1", "o2", "o3", "o4"));
        quota(as(w.key()).body(Map.of("events", List.of(wide, wide, wide))).post("/v1/events/batch").then(), 422,
                "objects-per-request", 8).body("detail", containsString("12 objects"));
        Api.readObject(w.key(), "o1", null).statusCode(200).body("seq", equalTo(0));
        as(w.key()).body(Map.of("events", List.of(wide, wide))).post("/v1/events/batch").then().statusCode(200)
                .body("results.status", equalTo(List.of(201, 201)));
    }

    private static ValidatableResponse newKey(Account account, String projectId) {
        return as(account.token()).body(Map.of("name", "k", "scopes", Api.ALL_SCOPES, "accessLevel", "public"))
                .post("/v1/projects/" + projectId + "/api-keys").then();
    }

    private static ValidatableResponse quota(ValidatableResponse response, int status, String quota, int limit) {
        return problem(response, status).body("type", equalTo("https://padic.io/problems/quota-exceeded"))
                .body("quota", equalTo(quota)).body("limit", equalTo(limit))
                .body("detail", containsString("padic.quotas." + quota + " = " + limit));
    }
}
