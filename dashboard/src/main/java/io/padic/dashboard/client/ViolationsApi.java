package io.padic.dashboard.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
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
    record Entry(long number, String eventId, String type, Integer typeVersion, String createdAt,
            List<Problem.FieldError> violations) {
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
            @QueryParam("limit") int limit);

    @GET
    @Path("/counts")
    Counts counts(@PathParam("projectId") String projectId, @QueryParam("days") int days);
}
