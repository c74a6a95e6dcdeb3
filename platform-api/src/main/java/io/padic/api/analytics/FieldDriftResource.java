package io.padic.api.analytics;

import io.padic.api.identity.Caller;
import io.padic.api.identity.Role;
import io.padic.api.projects.ProjectService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Field drift of an event type, for the project's members (control plane, read like the analytics routes). */
@Path("/v1/projects/{projectId}/event-types/{name}/drift")
@Tag(name = "Analytics")
@Produces(MediaType.APPLICATION_JSON)
public class FieldDriftResource {

    private final FieldDrift drift;
    private final ProjectService projects;
    private final Caller caller;

    public FieldDriftResource(FieldDrift drift, ProjectService projects, Caller caller) {
        this.drift = drift;
        this.projects = projects;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "metaData fields of the event type that appeared, stopped arriving or changed their JSON type"
            + " over its last days (in the project's time zone)")
    public FieldDrift.Drift drift(@PathParam("projectId") String projectId, @PathParam("name") String name,
            @Parameter(description = "How many days up to today, 1 to 90; default 14")
            @QueryParam("days") String days) {
        return drift.drift(projects.require(caller.user(), projectId, Role.VIEWER), name, days);
    }
}
