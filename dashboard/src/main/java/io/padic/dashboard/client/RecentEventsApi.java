package io.padic.dashboard.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** platform-api's recent events of a project (docs/api.md, "Member reads"). */
@Path("/v1/projects/{projectId}/events/recent")
@RegisterRestClient(configKey = "padic-api")
@RegisterClientHeaders(BearerToken.class)
@RegisterProvider(ProblemResponses.class)
public interface RecentEventsApi {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Pin(String objectId, long seq) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Event(String id, String type, Integer typeVersion, Instant createdAt, List<String> concerns,
            JsonNode metaData, List<Pin> pins) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Recent(List<Event> events) {
    }

    @GET
    Recent recent(@PathParam("projectId") String projectId, @QueryParam("limit") int limit);
}
