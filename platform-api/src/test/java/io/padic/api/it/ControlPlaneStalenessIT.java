package io.padic.api.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import io.padic.testkit.Key;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each platform-api keeps API keys, projects and event-type heads for a short while (docs/operations.md,
 * "Caches"). A change made through one process holds there at once and in every other process within the
 * staleness bound, here set to one second: a revoked key, or one of a deleted project, stops working, a new
 * event-type definition is enforced, new reducer code computes the states read.
 */
class ControlPlaneStalenessIT {

    private static final Duration BOUND_AND_SLACK = Duration.ofSeconds(20);
    private static final Map<String, String> ONE_SECOND = Map.of("PADIC_CACHE_CONTROL_PLANE_STALENESS", "PT1S");

    private static Backends backends;
    private static AppProcess changer;
    private static AppProcess other;

    @BeforeAll
    static void startTwoProcessesOnOneStore() {
        backends = Backends.start();
        List<AppProcess> apps = AppProcess.startTogether(List.of(new AppProcess.Spec("changer", backends, ONE_SECOND),
                new AppProcess.Spec("other", backends, ONE_SECOND)));
        changer = apps.get(0);
        other = apps.get(1);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable running : new AutoCloseable[] {other, changer, backends}) {
            if (running != null) {
                try {
                    running.close();
                } catch (Exception e) {
                    throw new IllegalStateException("Cannot stop " + running, e);
                }
            }
        }
    }

    /** A user (session token), a project of the default (strict) kind, and one all-scopes key with its id. */
    private record Owner(String token, String projectId, String keyId, String key) {
    }

    private static Owner newOwner() {
        ApiClient api = ApiClient.to(changer.uri());
        Account account = api.signUp();
        String projectId = api.createProject(account, "IT " + UUID.randomUUID());
        Key key = api.createKey(account, projectId, "it key", "owner", ApiClient.ALL_SCOPES);
        return new Owner(account.token(), projectId, key.id(), key.secret());
    }

    @Test
    void aKeyRevokedThroughOneProcessStopsWorkingInTheOther() {
        Owner owner = newOwner();
        ApiClient there = ApiClient.to(other.uri()).as(owner.key());
        there.createObjects("Thing", "k1");
        there.get("/v1/objects/k1").expect(200); // the other process now keeps the key

        ApiClient.to(changer.uri()).as(owner.token())
                .call("DELETE", "/v1/projects/" + owner.projectId() + "/api-keys/" + owner.keyId(), null, null)
                .expect(204);

        ApiClient.to(changer.uri()).as(owner.key()).get("/v1/objects/k1").expect(401);
        await("the other process refuses the revoked key").atMost(BOUND_AND_SLACK)
                .pollInterval(Duration.ofMillis(200)).until(() -> there.get("/v1/objects/k1").status() == 401);
    }

    @Test
    void theKeysOfAProjectDeletedThroughOneProcessStopWorkingInTheOther() {
        Owner owner = newOwner();
        ApiClient there = ApiClient.to(other.uri()).as(owner.key());
        there.createObjects("Thing", "d1");
        there.get("/v1/objects/d1").expect(200); // the other process now keeps the key and its project

        ApiClient.to(changer.uri()).as(owner.token()).call("DELETE", "/v1/projects/" + owner.projectId(), null, null)
                .expect(204);

        ApiClient.to(changer.uri()).as(owner.key()).get("/v1/objects/d1").expect(401);
        await("the other process refuses the deleted project's key").atMost(BOUND_AND_SLACK)
                .pollInterval(Duration.ofMillis(200)).until(() -> there.get("/v1/objects/d1").status() == 401);
    }

    @Test
    void anEventTypeSavedThroughOneProcessIsEnforcedInTheOther() {
        Owner owner = newOwner();
        ApiClient there = ApiClient.to(other.uri()).as(owner.key());
        there.createObjects("Account", "acc");
        JsonNode undeclared = there.sendEvent("Paid", List.of("acc"), Map.of("amount", "ten")).expect(422);
        assertEquals("type", undeclared.path("errors").path(0).path("field").asText(), "refused as undeclared");

        ApiClient.to(changer.uri()).as(owner.token()).call("PUT",
                "/v1/projects/" + owner.projectId() + "/event-types/Paid", Map.of("unknownFields", "reject",
                        "fields", List.of(Map.of("name", "amount", "type", "integer", "required", true))), null)
                .expect(201);

        await("the other process checks Paid events against the new type").atMost(BOUND_AND_SLACK)
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    ApiClient.Reply reply = there.sendEvent("Paid", List.of("acc"), Map.of("amount", "ten"));
                    return reply.status() == 422
                            && "metaData.amount".equals(reply.body().path("errors").path(0).path("field").asText());
                });
        there.sendEvent("Paid", List.of("acc"), Map.of("amount", 10)).expect(201);
    }

    @Test
    void newReducerCodeSavedThroughOneProcessComputesTheStatesTheOtherServes() {
        Owner owner = newOwner();
        ApiClient there = ApiClient.to(other.uri()).as(owner.key());
        ApiClient.to(changer.uri()).as(owner.token()).call("PUT",
                "/v1/projects/" + owner.projectId() + "/event-types/Renamed", Map.of("fields", List.of()), null)
                .expect(201);
        there.createObjects("Photo", "p1");
        await("the other process knows the type").atMost(BOUND_AND_SLACK).pollInterval(Duration.ofMillis(200))
                .until(() -> there.sendEvent("Renamed", List.of("p1"), Map.of("name", "Sunset")).status() == 201);
        assertEquals("Sunset", there.get("/v1/objects/p1").expect(200).path("state").path("name").asText());

        ApiClient.to(changer.uri()).as(owner.token()).call("PUT",
                "/v1/projects/" + owner.projectId() + "/event-types/Renamed", Map.of("fields", List.of(),
                        "applyEvent", "return {name: event.metaData.name.toUpperCase()};"), null).expect(200);
        assertEquals("SUNSET", ApiClient.to(changer.uri()).as(owner.key()).get("/v1/objects/p1").expect(200)
                .path("state").path("name").asText(), "at once where it was saved");
        await("the other process folds with the new code").atMost(BOUND_AND_SLACK)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> "SUNSET".equals(there.get("/v1/objects/p1").expect(200).path("state").path("name").asText()));
    }
}
