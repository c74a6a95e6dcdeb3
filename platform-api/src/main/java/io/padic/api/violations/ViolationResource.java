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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The violations of flagged events, for the project's members (control plane). */
@Path("/v1/projects/{projectId}/violations")
@Tag(name = "Schemas")
@Produces(MediaType.APPLICATION_JSON)
public class ViolationResource {

    private static final int MAX_DAYS = 90;
    private static final int MAX_FILTER = 500;

    private final ViolationLog log;
    private final ProjectService projects;
    private final Caller caller;

    public ViolationResource(ViolationLog log, ProjectService projects, Caller caller) {
        this.log = log;
        this.projects = projects;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Violations of flagged events, newest first, each with its pins and metaData; ?type= and"
            + " ?field= keep those of an event type and of a field; follow 'next' as ?cursor=")
    public ViolationLog.Page list(@PathParam("projectId") String projectId, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("50") int limit, @QueryParam("type") String type,
            @QueryParam("field") String field) {
        projects.require(caller.user(), projectId, Role.VIEWER);
        if (limit < 1 || limit > ViolationLog.MAX_PAGE) {
            throw ApiProblem.invalid("limit", "must be between 1 and " + ViolationLog.MAX_PAGE);
        }
        return log.newest(projectId, parseCursor(cursor), limit, filter("type", type), filter("field", field));
    }

    @GET
    @Path("/events")
    @Operation(summary = "Which of the events ?ids= (comma-separated, up to 200) were flagged")
    public Map<String, Set<String>> flagged(@PathParam("projectId") String projectId, @QueryParam("ids") String ids) {
        projects.require(caller.user(), projectId, Role.VIEWER);
        List<String> wanted = ids == null || ids.isBlank() ? List.of()
                : Arrays.stream(ids.split(",")).map(String::trim).filter(id -> !id.isEmpty()).distinct().toList();
        if (wanted.size() > ViolationLog.MAX_PAGE) {
            throw ApiProblem.invalid("ids", "must name at most " + ViolationLog.MAX_PAGE + " events");
        }
        return Map.of("flagged", new TreeSet<>(log.flaggedAmong(projectId, wanted)));
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

    /** A filter as given, trimmed; null (no filter) when blank; refused when longer than any name can be. */
    private static String filter(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_FILTER) {
            throw ApiProblem.invalid(name, "must be at most " + MAX_FILTER + " characters");
        }
        return value.trim();
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
