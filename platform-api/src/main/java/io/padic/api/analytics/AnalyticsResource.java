package io.padic.api.analytics;

import io.padic.api.identity.Caller;
import io.padic.api.identity.Role;
import io.padic.api.projects.Project;
import io.padic.api.projects.ProjectService;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Usage analytics inferred from the project's events, for its members (control plane). */
@Path("/v1/projects/{projectId}/analytics")
@Tag(name = "Analytics")
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {

    private static final String OBJECT_TYPE = "An object type of the project";

    private final AnalyticsService analytics;
    private final ProjectService projects;
    private final Caller caller;

    public AnalyticsResource(AnalyticsService analytics, ProjectService projects, Caller caller) {
        this.analytics = analytics;
        this.projects = projects;
        this.caller = caller;
    }

    @GET
    @Path("/overview")
    @Operation(summary = "Events per event type and per object type, and objects created, per bucket; with each "
            + "event type's total over the same length of time just before 'from'")
    public AnalyticsService.Overview overview(@PathParam("projectId") String projectId,
            @BeanParam RangeParams range) {
        return analytics.overview(member(projectId), range.from, range.to, range.interval);
    }

    @GET
    @Path("/active")
    @Operation(summary = "Active, new, returning, resurrected and dormant (negative) objects of one type per bucket")
    public AnalyticsService.Active active(@PathParam("projectId") String projectId,
            @Parameter(description = OBJECT_TYPE, required = true)
            @QueryParam("objectType") String objectType,
            @BeanParam RangeParams range) {
        return analytics.active(member(projectId), objectType, range.from, range.to, range.interval);
    }

    @GET
    @Path("/retention")
    @Operation(summary = "Cohorts of objects of one type by the bucket of their first event, and how many of each"
            + " cohort were active 0, 1, 2, … buckets later (up to the end of the range)")
    public AnalyticsService.Retention retention(@PathParam("projectId") String projectId,
            @Parameter(description = OBJECT_TYPE, required = true)
            @QueryParam("objectType") String objectType,
            @BeanParam RangeParams range) {
        return analytics.retention(member(projectId), objectType, range.from, range.to, range.interval);
    }

    /** The project, if the caller may read it as a member (a viewer at least); 404 otherwise (I5). */
    private Project member(String projectId) {
        return projects.require(caller.user(), projectId, Role.VIEWER);
    }
}
