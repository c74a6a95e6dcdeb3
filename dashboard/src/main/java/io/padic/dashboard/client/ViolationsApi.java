package io.padic.dashboard.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** platform-api's violations of flagged events (docs/api.md, "Violations and inferred types"). */
@Path("/v1/projects/{projectId}/violations")
@RegisterRestClient(configKey = "padic-api")
@RegisterClientHeaders(BearerToken.class)
@RegisterProvider(ProblemResponses.class)
public interface ViolationsApi {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Pin(String objectId, long seq) {
    }

    /** A flagged event: what it violated, the objects it was pinned to, and its metaData (null if not found). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Entry(long number, String eventId, String type, Integer typeVersion, String createdAt,
            List<Problem.FieldError> violations, List<Pin> pins, JsonNode metaData) {

        public Entry {
            pins = pins == null ? List.of() : pins;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Flagged(Set<String> flagged) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Page(List<Entry> violations, String next) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record DayCount(String day, String type, long count) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Counts(List<DayCount> counts) {
    }

    @GET
    Page list(@PathParam("projectId") String projectId, @QueryParam("cursor") String cursor,
            @QueryParam("limit") int limit, @QueryParam("type") String type, @QueryParam("field") String field);

    /** Which of these events (comma-separated ids, up to 200) were flagged. */
    @GET
    @Path("/events")
    Flagged flagged(@PathParam("projectId") String projectId, @QueryParam("ids") String ids);

    @GET
    @Path("/counts")
    Counts counts(@PathParam("projectId") String projectId, @QueryParam("days") int days);
}
