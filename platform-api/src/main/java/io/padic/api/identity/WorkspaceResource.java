package io.padic.api.identity;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Workspaces: create, list, rename, delete (control plane, session token). */
@Path("/v1/workspaces")
@Tag(name = "Accounts")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class WorkspaceResource {

    private final WorkspaceService workspaces;
    private final Caller caller;

    public WorkspaceResource(WorkspaceService workspaces, Caller caller) {
        this.workspaces = workspaces;
        this.caller = caller;
    }

    public record NameBody(@NotBlank @Size(max = 200) String name) {
    }

    /** A change: a new name (admin), whether a second factor is required (owner), or both. */
    public record UpdateBody(@Size(min = 1, max = 200) @jakarta.validation.constraints.Pattern(regexp = "(?s).*\\S.*",
            message = "must not be blank") String name, Boolean requireMfa) {
    }

    public record WorkspaceView(String id, String name, Role role, boolean personal, int projects,
            Instant createdAt, boolean requireMfa) {
        static WorkspaceView of(Tenant tenant, String userId) {
            return new WorkspaceView(tenant.id, tenant.name, tenant.roleOf(userId).orElse(null), tenant.personal,
                    tenant.projectIds.size(), tenant.createdAt, tenant.requireMfa);
        }
    }

    @POST
    @Operation(summary = "Create a workspace that you own")
    @APIResponse(responseCode = "201", description = "The workspace",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WorkspaceView.class)))
    public Response create(@Valid @NotNull NameBody body) {
        User user = caller.user();
        return Response.status(201).entity(WorkspaceView.of(workspaces.create(user, body.name()), user.id)).build();
    }

    @GET
    @Operation(summary = "Your workspaces, with your role in each")
    public Map<String, List<WorkspaceView>> list() {
        User user = caller.user();
        return Map.of("workspaces", workspaces.list(user).stream().map(t -> WorkspaceView.of(t, user.id)).toList());
    }

    @GET
    @Path("/{workspaceId}")
    public WorkspaceView get(@PathParam("workspaceId") String workspaceId) {
        User user = caller.user();
        return WorkspaceView.of(workspaces.require(user, workspaceId), user.id);
    }

    @PATCH
    @Path("/{workspaceId}")
    @Operation(summary = "Rename a workspace (admin or owner); requireMfa: members need TOTP on to work in it (owner)")
    public WorkspaceView rename(@PathParam("workspaceId") String workspaceId, @Valid @NotNull UpdateBody body) {
        User user = caller.user();
        if (body.name() == null && body.requireMfa() == null) {
            throw io.padic.api.common.ApiProblem.invalid("name", "send a name, requireMfa, or both");
        }
        Tenant tenant = null;
        if (body.requireMfa() != null) {
            tenant = workspaces.setRequireMfa(user, workspaceId, body.requireMfa());
        }
        if (body.name() != null) {
            tenant = workspaces.rename(user, workspaceId, body.name());
        }
        return WorkspaceView.of(tenant, user.id);
    }

    @DELETE
    @Path("/{workspaceId}")
    @Operation(summary = "Delete a workspace (owner); refused for your personal one and while it holds projects")
    public Response delete(@PathParam("workspaceId") String workspaceId) {
        // Role first (an admin learns they may not, a stranger gets 404), then the recent sign-in.
        workspaces.require(caller.user(), workspaceId).requireRole(caller.user().id, Role.OWNER);
        caller.requireRecentAuthentication();
        workspaces.delete(caller.user(), workspaceId);
        return Response.noContent().build();
    }
}
