package io.padic.api.violations;

import io.padic.api.common.ApiProblem;
import io.padic.api.identity.Caller;
import io.padic.api.identity.Role;
import io.padic.api.projects.ProjectService;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The violations of flagged events, for the project's members (control plane). */
@Path("/v1/projects/{projectId}/violations")
@Tag(name = "Schemas")
@Produces(MediaType.APPLICATION_JSON)
public class ViolationResource {

    private static final int MAX_DAYS = 90;

    private final ViolationLog log;
    private final ProjectService projects;
    private final Caller caller;

    public ViolationResource(ViolationLog log, ProjectService projects, Caller caller) {
        this.log = log;
        this.projects = projects;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Violations of flagged events, newest first; follow 'next' as ?cursor=")
    public ViolationLog.Page list(@PathParam("projectId") String projectId, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        projects.require(caller.user(), projectId, Role.VIEWER);
        if (limit < 1 || limit > ViolationLog.MAX_PAGE) {
            throw ApiProblem.invalid("limit", "must be between 1 and " + ViolationLog.MAX_PAGE);
        }
        return log.newest(projectId, parseCursor(cursor), limit);
    }

    @GET
    @Path("/counts")
    @Operation(summary = "Violations per event type and day (UTC) over the last ?days= days")
    public Map<String, List<ViolationLog.DayCount>> counts(@PathParam("projectId") String projectId,
            @QueryParam("days") @DefaultValue("30") int days) {
        projects.require(caller.user(), projectId, Role.VIEWER);
        if (days < 1 || days > MAX_DAYS) {
            throw ApiProblem.invalid("days", "must be between 1 and " + MAX_DAYS);
        }
        return Map.of("counts", log.counts(projectId, days, LocalDate.now(ZoneOffset.UTC)));
    }

    private static Long parseCursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid("cursor", "is not a cursor this API returned");
        }
    }
}
