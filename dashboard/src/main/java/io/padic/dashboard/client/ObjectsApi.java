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

/** platform-api's member reads of objects (docs/api.md, "Member reads"). */
@Path("/v1/projects/{projectId}/objects")
@RegisterRestClient(configKey = "padic-api")
@RegisterClientHeaders(BearerToken.class)
@RegisterProvider(ProblemResponses.class)
public interface ObjectsApi {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ObjectRef(String id, String type, long events, Instant updatedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Listed(List<ObjectRef> objects, String next) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record StoredObject(String id, String type, JsonNode state, long seq, Instant createdAt, Instant updatedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record LoggedEvent(String id, long seq, String type, Integer typeVersion, Instant createdAt, Instant occurredAt,
            List<String> concerns, JsonNode metaData) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record History(List<LoggedEvent> events, Long next) {
    }

    /** An edit-log page with the state before it and after each event: one call for the whole timeline. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TimelinePage(JsonNode before, List<TimelineEvent> events, Long next) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TimelineEvent(String id, long seq, String type, Integer typeVersion, Instant createdAt, Instant occurredAt,
            List<String> concerns, JsonNode metaData, JsonNode state) {
        public LoggedEvent logged() {
            return new LoggedEvent(id, seq, type, typeVersion, createdAt, occurredAt, concerns, metaData);
        }
    }

    @GET
    @Path("/{id}/timeline")
    TimelinePage timeline(@PathParam("projectId") String projectId, @PathParam("id") String id,
            @QueryParam("level") String level, @QueryParam("after") long after, @QueryParam("limit") int limit);

    @GET
    Listed list(@PathParam("projectId") String projectId, @QueryParam("type") String type,
            @QueryParam("cursor") String cursor);

    @GET
    @Path("/{id}")
    StoredObject get(@PathParam("projectId") String projectId, @PathParam("id") String id,
            @QueryParam("level") String level, @QueryParam("seq") Long seq);

    @GET
    @Path("/{id}/events")
    History events(@PathParam("projectId") String projectId, @PathParam("id") String id,
            @QueryParam("after") long after, @QueryParam("limit") int limit);
}
