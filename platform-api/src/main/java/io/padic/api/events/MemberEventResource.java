package io.padic.api.events;

import io.padic.api.common.ApiProblem;
import io.padic.api.identity.Caller;
import io.padic.api.projects.MemberScopes;
import io.padic.api.projects.ProjectScope;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The project's most recent events, for its members (control plane, session token). */
@Path("/v1/projects/{projectId}/events/recent")
@Tag(name = "Member reads")
@Produces(MediaType.APPLICATION_JSON)
public class RecentEventsResource {

    private final RecentEvents recent;
    private final MemberScopes scopes;
    private final Caller caller;

    public RecentEventsResource(RecentEvents recent, MemberScopes scopes, Caller caller) {
        this.recent = recent;
        this.scopes = scopes;
        this.caller = caller;
    }

    public record RecentPage(List<RecentEvents.Recent> events) {
    }

    @GET
    @Operation(summary = "The project's most recent events (up to 1000 are kept), newest first")
    public RecentPage recent(@PathParam("projectId") String projectId,
            @QueryParam("limit") @DefaultValue("50") String limit) {
        ProjectScope scope = scopes.read(caller.user(), projectId, null);
        return new RecentPage(recent.newest(scope, parseLimit(limit)));
    }

    private static int parseLimit(String limit) {
        try {
            return Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid("limit", "must be a whole number");
        }
    }
}
