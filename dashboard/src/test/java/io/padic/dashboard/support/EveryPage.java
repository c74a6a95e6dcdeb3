package io.padic.dashboard.support;

import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import io.padic.testkit.Key;
import io.padic.testkit.Photos;
import java.util.List;
import java.util.Map;

/**
 * A signed-up user with data on every page (a project and a second workspace both named with 200 characters,
 * event types, objects, events, a violation, a key), and the path of each page the dashboard has, for the tests
 * that visit them all (layout, accessibility).
 */
public record EveryPage(Account account, String projectId, String workspaceId, List<String> paths) {

    public static final String LONG_NAME = ("Quarterly customer-journey analytics for the northern region " .repeat(4))
            .substring(0, 200);

    public static EveryPage seed(String apiUrl) {
        ApiClient api = ApiClient.to(apiUrl);
        Account account = api.signUp();
        String projectId = api.createProject(account, LONG_NAME);
        api.declareEventType(account, projectId, "PhotoCreate", Photos.photoCreate());
        api.declareEventType(account, projectId, "PhotoModify", Photos.photoModify());
        api.declareEventType(account, projectId, "PhotoTagged", Map.of("objectType", "Photo", "unknownFields", "flag",
                "fields", List.of(Map.of("name", "tag", "type", "string", "required", true))));
        Key ownerKey = api.createKey(account, projectId, "owner key", "owner", ApiClient.ALL_SCOPES);
        String key = ownerKey.secret();
        api.as(key).createObjects("Photo", "photo-1");
        api.as(key).sendEvent("PhotoCreate", "photo-1", Map.of("name", "Sunset",
                "image_url", "https://img.example/1.jpg", "location", "Lisbon")).expect(201);
        String eventId = api.as(key).sendEvent("PhotoModify", "photo-1", Map.of("name", "Sunset over the Tagus"))
                .expect(201).path("id").asText();
        api.as(key).sendEvent("PhotoTagged", "photo-1", Map.of("tag", "sea", "colour", "blue")).expect(201);
        String workspaceId = api.as(account.token()).post("/v1/workspaces", Map.of("name", LONG_NAME), null)
                .expect(201).get("id").asText();
        // A pending invitation in the second workspace, so its Members page shows that table too.
        api.as(account.token()).post("/v1/workspaces/" + workspaceId + "/invitations",
                Map.of("email", "invitee-" + LONG_NAME.length() + "@example.com", "role", "developer"), null)
                .expect(201);
        // The account page's token table, with the longest name a token may have.
        api.as(account.token()).post("/v1/me/tokens", Map.of("name", LONG_NAME, "scopes", List.of("projects:read",
                "workspaces:read"), "expiresInDays", 30), null).expect(201);
        String p = "/projects/" + projectId;
        return new EveryPage(account, projectId, workspaceId, List.of(
                "/projects", "/workspaces", "/workspaces/" + workspaceId + "/delete",
                "/workspaces/" + workspaceId + "/members", "/workspaces/" + account.tenantId() + "/members",
                "/workspaces/" + workspaceId + "/members/" + account.userId() + "/remove",
                "/workspaces/" + account.tenantId() + "/audit",
                p, p + "/delete", p + "/analytics", p + "/analytics/active", p + "/analytics/retention",
                p + "/analytics/lifecycle", p + "/analytics/funnel", p + "/analytics/anomalies",
                p + "/event-types", p + "/event-types/_new", p + "/event-types/PhotoCreate",
                p + "/event-types/PhotoCreate/drift", p + "/api-keys", p + "/client", p + "/client?language=java", p + "/objects", p + "/objects?type=Photo",
                p + "/objects/photo-1", p + "/events", p + "/events/" + eventId, p + "/api-keys/" + ownerKey.id(),
                p + "/violations", "/account"));
    }

    /** The pages a visitor sees before signing in. */
    public static final List<String> SIGNED_OUT = List.of("/login", "/signup", "/forgot-password",
            "/forgot-password/sent?email=someone%40example.com", "/reset-password?token=pdr_unknown",
            "/verify-email?token=pdv_unknown", "/invitations/accept?token=pdi_unknown");
}
