package io.padic.dashboard.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** platform-api's audit log of a workspace (docs/api.md, "Audit log"): admins and the owner read it. */
@Path("/v1/workspaces/{workspaceId}")
@RegisterRestClient(configKey = "padic-api")
@RegisterClientHeaders(BearerToken.class)
@RegisterProvider(ProblemResponses.class)
public interface AuditApi {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Actor(String kind, String id, String name) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Target(String kind, String id, String name, String projectId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Entry(long number, String at, String action, Actor actor, String address, Target target,
            Map<String, String> details) {

        public Entry {
            details = details == null ? Map.of() : details;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Page(List<Entry> entries, String next, List<String> actions) {
    }

    @GET
    @Path("/audit")
    Page list(@PathParam("workspaceId") String workspaceId, @QueryParam("cursor") String cursor,
            @QueryParam("limit") int limit, @QueryParam("action") String action, @QueryParam("actor") String actor,
            @QueryParam("from") String from, @QueryParam("to") String to);

    /** The whole (filtered) log as CSV text; the dashboard hands it on as it is. */
    @GET
    @Path("/audit.csv")
    @Produces("text/csv")
    String csv(@PathParam("workspaceId") String workspaceId, @QueryParam("action") String action,
            @QueryParam("actor") String actor, @QueryParam("from") String from, @QueryParam("to") String to);
}
