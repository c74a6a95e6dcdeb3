package io.padic.api.events;

import io.padic.api.common.ApiProblem;
import io.padic.api.identity.Caller;
import io.padic.api.identity.User;
import io.padic.api.projects.MemberScopes;
import io.padic.api.projects.ProjectScope;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A project's events for its members (control plane, session token): the recent ones, one by id, and hiding
 * one (a developer and up), as an API key with {@code events:write} would.
 */
@Path("/v1/projects/{projectId}/events")
@Tag(name = "Member reads")
@Produces(MediaType.APPLICATION_JSON)
public class MemberEventResource {

    private final RecentEvents recent;
    private final HideService hides;
    private final MemberScopes scopes;
    private final Caller caller;

    public MemberEventResource(RecentEvents recent, HideService hides, MemberScopes scopes,
            Caller caller) {
        this.recent = recent;
        this.hides = hides;
        this.scopes = scopes;
        this.caller = caller;
    }

    @GET
    @Path("/recent")
    @Operation(summary = "The project's most recent events (up to 1000 are kept), newest first; ?type= and"
            + " ?object= filter them, ?before=<event id> pages back")
    public RecentEvents.Page recent(@PathParam("projectId") String projectId,
            @QueryParam("limit") @DefaultValue("50") String limit, @QueryParam("type") String type,
            @QueryParam("object") String object, @QueryParam("before") String before) {
        ProjectScope scope = scopes.read(caller.user(), projectId, null);
        return recent.page(scope, new RecentEvents.Filter(parseLimit(limit), blankToNull(type), blankToNull(object),
                blankToNull(before)));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One event by id, with the objects it concerns and where it is pinned")
    public RecentEvents.Recent get(@PathParam("projectId") String projectId, @PathParam("id") String id) {
        ProjectScope scope = scopes.read(caller.user(), projectId, null);
        return recent.one(scope, id).orElseThrow(() -> ApiProblem.notFound("Event " + id));
    }

    @POST
    @Path("/{id}/hide")
    @Operation(summary = "Hide an event (a developer and up): folds from now on skip it; it stays in the edit log")
    @APIResponse(responseCode = "201", description = "The $hide event that was appended (the same one for a second hide)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EventView.class)))
    public Response hide(@PathParam("projectId") String projectId, @PathParam("id") String id) {
        User user = caller.user();
        ProjectScope scope = scopes.write(user, projectId);
        return Response.status(201).entity(hides.hide(scope, id, user.actor())).build();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static int parseLimit(String limit) {
        try {
            return Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid("limit", "must be a whole number");
        }
    }
}
