package io.padic.dashboard.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** platform-api's API-key routes (docs/api.md, "API keys"). */
@Path("/v1/projects/{projectId}/api-keys")
@RegisterRestClient(configKey = "padic-api")
@RegisterClientHeaders(BearerToken.class)
@RegisterProvider(ProblemResponses.class)
public interface ApiKeysApi {

    /** The scopes a key can hold, in the order the form shows them. */
    List<String> SCOPES = List.of("objects:read", "objects:write", "events:read", "events:write");

    record NewKey(String name, List<String> scopes, String accessLevel) {
    }

    /** A key as listed: {@code key} (the secret) is only set in the answer that created it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Key(String id, String name, String key, List<String> scopes, String accessLevel, String hint,
            Instant createdAt, Instant lastUsedAt, Long requestsLast24h, Integer refusedLastHour) {

        /** False when platform-api could not read the key's use (Redis down): the page says so. */
        public boolean usageKnown() {
            return requestsLast24h != null;
        }
    }

    /** A request the key made that was refused, as platform-api answered it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Refusal(Instant at, int status, String title, String type, String detail, String method, String path) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Refusals(List<Refusal> refusals) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Keys(List<Key> apiKeys) {
    }

    @POST
    Key create(@PathParam("projectId") String projectId, NewKey body);

    @GET
    Keys list(@PathParam("projectId") String projectId);

    @GET
    @Path("/{keyId}/refusals")
    Refusals refusals(@PathParam("projectId") String projectId, @PathParam("keyId") String keyId);

    @DELETE
    @Path("/{keyId}")
    void revoke(@PathParam("projectId") String projectId, @PathParam("keyId") String keyId);
}
