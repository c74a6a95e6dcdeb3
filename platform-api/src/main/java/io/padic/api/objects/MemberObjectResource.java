package io.padic.api.objects;

import io.padic.api.identity.Caller;
import io.padic.api.objects.ObjectResource.HistoryView;
import io.padic.api.objects.ObjectResource.ObjectView;
import io.padic.api.projects.MemberScopes;
import io.padic.api.projects.ProjectScope;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The data plane's object reads for a project's members (control plane, session token): the same answers
 * as {@link ObjectResource}, at an access level the member chooses.
 */
@Path("/v1/projects/{projectId}/objects")
@Tag(name = "Member reads")
@Produces(MediaType.APPLICATION_JSON)
public class MemberObjectResource {

    private final ObjectService objects;
    private final MemberScopes scopes;
    private final Caller caller;

    public MemberObjectResource(ObjectService objects, MemberScopes scopes, Caller caller) {
        this.objects = objects;
        this.scopes = scopes;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "List object ids and types, oldest first, optionally of one type")
    public ObjectService.Listed list(@PathParam("projectId") String projectId, @QueryParam("type") String type,
            @QueryParam("cursor") String cursor) {
        return objects.list(scope(projectId, null), type, cursor);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "The object as an API key of ?level= would read it (default: the project's highest level)")
    public RestResponse<ObjectView> get(@PathParam("projectId") String projectId, @PathParam("id") String id,
            @QueryParam("level") String level, @QueryParam("seq") String seq, @QueryParam("at") String at) {
        ProjectScope scope = scope(projectId, level);
        return ObjectView.answer(objects.read(scope, id, ObjectResource.parseSeq(seq), ObjectResource.parseInstant(at)));
    }

    @GET
    @Path("/{id}/events")
    @Operation(summary = "The object's edit log: its events in seq order, after ?after=<seq>")
    public HistoryView events(@PathParam("projectId") String projectId, @PathParam("id") String id,
            @QueryParam("after") @DefaultValue("0") String after,
            @QueryParam("limit") @DefaultValue("100") String limit) {
        ProjectScope scope = scope(projectId, null);
        return HistoryView.of(objects.history(scope, id, ObjectResource.number("after", after),
                ObjectResource.pageSize(limit)));
    }

    @GET
    @Path("/{id}/timeline")
    @Operation(summary = "A page of the edit log (at most 100), each event with the state after it at ?level=,"
            + " and the state before the page")
    public ObjectResource.TimelineView timeline(@PathParam("projectId") String projectId, @PathParam("id") String id,
            @QueryParam("level") String level, @QueryParam("after") @DefaultValue("0") String after,
            @QueryParam("limit") @DefaultValue("10") String limit) {
        ProjectScope scope = scope(projectId, level);
        return ObjectResource.TimelineView.of(objects.timeline(scope, id, ObjectResource.number("after", after),
                (int) ObjectResource.number("limit", limit)));
    }

    private ProjectScope scope(String projectId, String level) {
        return scopes.read(caller.user(), projectId, level);
    }
}
