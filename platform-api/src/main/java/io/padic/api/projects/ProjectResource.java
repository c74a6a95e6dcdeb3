package io.padic.api.projects;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.padic.api.identity.Caller;
import io.padic.api.identity.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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

/** Projects and their API keys (control plane, session token). */
@Path("/v1/projects")
@Tag(name = "Projects")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ProjectResource {

    private static final String LEVEL = "[A-Za-z0-9_-]{1,64}";

    private final ProjectService projects;
    private final ApiKeyService keys;
    private final Caller caller;

    public ProjectResource(ProjectService projects, ApiKeyService keys, Caller caller) {
        this.projects = projects;
        this.keys = keys;
        this.caller = caller;
    }

    public record CreateProject(@NotBlank @Size(max = 200) String name, String tenantId) {
    }

    public record UpdateProject(@Size(min = 1, max = 200) String name,
            @Size(min = 1, max = 20) List<@NotNull @Pattern(regexp = LEVEL) String> accessLevels,
            @Pattern(regexp = "reject|flag", message = "must be 'reject' or 'flag'") String undeclaredEventTypes,
            String timeZone) {
    }

    public record ProjectView(String id, String tenantId, String name, List<String> accessLevels,
            String undeclaredEventTypes, String timeZone, Instant createdAt) {
        static ProjectView of(Project p) {
            return new ProjectView(p.id, p.tenantId, p.name, p.accessLevels, p.undeclaredEventTypes,
                    p.zone().getId(), p.createdAt);
        }
    }

    public record CreateKey(@NotBlank @Size(max = 200) String name,
            @NotEmpty List<@NotNull String> scopes, @Pattern(regexp = LEVEL) String accessLevel) {
    }

    /** A key as listed; its use ({@code lastUsedAt} and the counts) is left out when Redis does not answer. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyView(String id, String name, List<String> scopes, String accessLevel, String hint,
            Instant createdAt, Instant lastUsedAt, Long requestsLast24h, Integer refusedLastHour) {
        static KeyView of(Project.KeySummary k, Map<String, KeyUsage.Usage> usage) {
            KeyUsage.Usage used = usage == null ? null : usage.get(k.id);
            return new KeyView(k.id, k.name, k.scopes, k.accessLevel, k.hint, k.createdAt,
                    used == null ? null : used.lastUsedAt(), used == null ? null : used.requestsLast24h(),
                    used == null ? null : used.refusedLastHour());
        }
    }

    public record RefusalsView(List<KeyUsage.Refusal> refusals) {
    }

    public record CreatedKeyView(String id, String name, String key, List<String> scopes, String accessLevel,
            Instant createdAt) {
    }

    @POST
    @Operation(summary = "Create a project in one of your workspaces (your personal one by default)")
    @APIResponse(responseCode = "201", description = "The project",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProjectView.class)))
    public Response create(@Valid @NotNull CreateProject body) {
        Project project = projects.create(caller.user(), body.name(), body.tenantId());
        return Response.status(201).entity(ProjectView.of(project)).build();
    }

    @GET
    @Operation(summary = "The projects of all your workspaces")
    public Map<String, List<ProjectView>> list() {
        return Map.of("projects", projects.list(caller.user()).stream().map(ProjectView::of).toList());
    }

    @GET
    @Path("/{projectId}")
    public ProjectView get(@PathParam("projectId") String projectId) {
        return ProjectView.of(projects.require(caller.user(), projectId, Role.VIEWER));
    }

    @PATCH
    @Path("/{projectId}")
    @Operation(summary = "Rename a project or change its access levels, undeclared-event policy or analytics"
            + " time zone (an IANA name such as Europe/London)")
    public ProjectView update(@PathParam("projectId") String projectId, @Valid @NotNull UpdateProject body) {
        return ProjectView.of(projects.update(caller.user(), projectId, body.name(), body.accessLevels(),
                body.undeclaredEventTypes(), body.timeZone()));
    }

    @DELETE
    @Path("/{projectId}")
    public Response delete(@PathParam("projectId") String projectId) {
        // Role first (a viewer learns they may not, a stranger gets 404), then the recent sign-in.
        projects.require(caller.user(), projectId, Role.ADMIN);
        caller.requireRecentAuthentication();
        projects.delete(caller.user(), projectId);
        return Response.noContent().build();
    }

    @POST
    @Path("/{projectId}/api-keys")
    @Operation(summary = "Create an API key; the secret 'key' is shown only in this answer")
    @APIResponse(responseCode = "201", description = "The key, with its secret (shown once)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreatedKeyView.class)))
    public Response createKey(@PathParam("projectId") String projectId, @Valid @NotNull CreateKey body) {
        // A key at the project's highest level reads everything: it needs a recent sign-in, as a deletion does.
        Project project = projects.require(caller.user(), projectId, Role.DEVELOPER);
        if (project.highestLevel().equals(body.accessLevel() == null ? project.accessLevels.get(0)
                : body.accessLevel())) {
            caller.requireRecentAuthentication();
        }
        ApiKeyService.Created created = keys.create(caller.user(), projectId, body.name(), body.scopes(),
                body.accessLevel());
        Project.KeySummary k = created.summary();
        return Response.status(201)
                .entity(new CreatedKeyView(k.id, k.name, created.secret(), k.scopes, k.accessLevel, k.createdAt))
                .build();
    }

    @GET
    @Path("/{projectId}/api-keys")
    @Operation(summary = "The project's API keys with their use: last use, requests in the last 24 h, refusals"
            + " in the last hour")
    public Map<String, List<KeyView>> listKeys(@PathParam("projectId") String projectId) {
        List<Project.KeySummary> listed = keys.list(caller.user(), projectId);
        Map<String, KeyUsage.Usage> usage = keys.usage(projectId, listed);
        return Map.of("apiKeys", listed.stream().map(k -> KeyView.of(k, usage)).toList());
    }

    @GET
    @Path("/{projectId}/api-keys/{keyId}/refusals")
    @Operation(summary = "The key's refused requests of the last hour (at most 50), newest first")
    public RefusalsView refusals(@PathParam("projectId") String projectId, @PathParam("keyId") String keyId) {
        return new RefusalsView(keys.refusals(caller.user(), projectId, keyId));
    }

    @DELETE
    @Path("/{projectId}/api-keys/{keyId}")
    @Operation(summary = "Revoke an API key; it stops working at once")
    public Response revokeKey(@PathParam("projectId") String projectId, @PathParam("keyId") String keyId) {
        keys.revoke(caller.user(), projectId, keyId);
        return Response.noContent().build();
    }
}
