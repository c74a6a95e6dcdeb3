package io.padic.api.analytics;

import io.padic.api.identity.Caller;
import io.padic.api.identity.Role;
import io.padic.api.identity.User;
import io.padic.api.projects.Project;
import io.padic.api.projects.ProjectService;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Usage analytics inferred from the project's events, for its members (control plane). */
@Path("/v1/projects/{projectId}/analytics")
@Tag(name = "Analytics")
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {

    private static final String OBJECT_TYPE = "An object type of the project";

    private final AnalyticsService analytics;
    private final AnomalyService anomalies;
    private final ProjectService projects;
    private final Caller caller;

    public AnalyticsResource(AnalyticsService analytics, AnomalyService anomalies, ProjectService projects,
            Caller caller) {
        this.analytics = analytics;
        this.anomalies = anomalies;
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

    @GET
    @Path("/lifecycle")
    @Operation(summary = "How objects of one type start (their first event types) and move from one event type to the"
            + " next, with the time between (p50, p90, p99) and the main path; the range in whole hours")
    public AnalyticsService.Lifecycle lifecycle(@PathParam("projectId") String projectId,
            @Parameter(description = OBJECT_TYPE, required = true)
            @QueryParam("objectType") String objectType,
            @BeanParam SpanParams span) {
        return analytics.lifecycle(member(projectId), objectType, span.from, span.to);
    }

    @GET
    @Path("/funnel")
    @Operation(summary = "Objects of one type that entered the funnel (first event of the first step in the range) and"
            + " reached each next step in order within the window, with conversions and median times")
    public AnalyticsService.Funnel funnel(@PathParam("projectId") String projectId,
            @Parameter(description = OBJECT_TYPE, required = true)
            @QueryParam("objectType") String objectType,
            @Parameter(description = "Event types separated by commas, at most 8, all different; default: the"
                    + " lifecycle's main path in the range")
            @QueryParam("steps") String steps,
            @Parameter(description = "ISO-8601 duration from entering within which the steps count, at most P366D;"
                    + " default P30D")
            @QueryParam("window") String window,
            @BeanParam SpanParams span) {
        return analytics.funnel(member(projectId), objectType, steps, span.from, span.to, window);
    }

    @GET
    @Path("/anomalies")
    @Operation(summary = "Anomaly flags of the hourly and daily series (events per event type, active objects per"
            + " object type), newest bucket first, each with its expected value, score and the segments that moved;"
            + " 'open' counts the flags of the last 7 days")
    public AnomalyService.Anomalies anomalies(@PathParam("projectId") String projectId, @BeanParam SpanParams span,
            @Parameter(description = "Only this series: events:<event type> or active:<object type>")
            @QueryParam("series") String series,
            @Parameter(description = "The most flags listed, 1 to 1000; default 100")
            @QueryParam("limit") String limit) {
        return anomalies.list(member(projectId), span.from, span.to, series, limit);
    }

    /** What a rebuild answers: it goes on in the background. */
    public record Rebuilding(boolean building) {
    }

    @POST
    @Path("/rebuild")
    @Operation(summary = "Rebuild the project's analytics from its stored events, in the background (owner or admin);"
            + " the routes say building=true until it is done")
    @APIResponse(responseCode = "202", description = "The rebuild started")
    public Response rebuild(@PathParam("projectId") String projectId) {
        User user = caller.user();
        analytics.rebuild(projects.require(user, projectId, Role.ADMIN), user.actor());
        return Response.accepted(new Rebuilding(true)).build();
    }

    /** The project, if the caller may read it as a member (a viewer at least); 404 otherwise (I5). */
    private Project member(String projectId) {
        return projects.require(caller.user(), projectId, Role.VIEWER);
    }
}
