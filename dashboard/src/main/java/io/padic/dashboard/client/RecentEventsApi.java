package io.padic.dashboard.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** platform-api's events of a project for its members: the recent ones, one by id, hiding one (docs/api.md). */
@Path("/v1/projects/{projectId}/events")
@RegisterRestClient(configKey = "padic-api")
@RegisterClientHeaders(BearerToken.class)
@RegisterProvider(ProblemResponses.class)
public interface RecentEventsApi {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Pin(String objectId, long seq) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Event(String id, String type, Integer typeVersion, Instant createdAt, Instant occurredAt,
            List<String> concerns, JsonNode metaData, List<Pin> pins) {
    }

    /** Newest first; {@code next} is set when older events (of the same filter) may follow. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Recent(List<Event> events, String next) {
    }

    @GET
    @Path("/recent")
    Recent recent(@PathParam("projectId") String projectId, @QueryParam("limit") int limit,
            @QueryParam("type") String type, @QueryParam("object") String object);

    @GET
    @Path("/{eventId}")
    Event get(@PathParam("projectId") String projectId, @PathParam("eventId") String eventId);

    @POST
    @Path("/{eventId}/hide")
    void hide(@PathParam("projectId") String projectId, @PathParam("eventId") String eventId);
}
