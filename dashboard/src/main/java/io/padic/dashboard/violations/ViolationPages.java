package io.padic.dashboard.violations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.padic.dashboard.client.ProjectsApi;
import io.padic.dashboard.client.ViolationsApi;
import io.padic.dashboard.session.SignedIn;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The project's violations: events that were stored but flagged (an undeclared type, an unknown field),
 * newest first, with a chart of how many per day and type over the last 30 days.
 */
@Path("/projects/{projectId}/violations")
@SignedIn
@Blocking
@Produces(MediaType.TEXT_HTML)
public class ViolationPages {

    static final int PAGE = 50;
    static final int DAYS = 30;

    /** The chart's data (Chart.js shape, as JSON for the canvas) and the same figures as a table. */
    public record DayChart(String json, List<String> days, List<String> types, Map<String, Map<String, Long>> table,
            long total) {

        public long count(String day, String type) {
            return table.getOrDefault(day, Map.of()).getOrDefault(type, 0L);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance violations(ProjectsApi.Project project, List<ViolationsApi.Entry> entries,
                String next, boolean firstPage, DayChart chart);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ViolationsApi violations;
    private final ProjectsApi projects;

    public ViolationPages(@RestClient ViolationsApi violations, @RestClient ProjectsApi projects) {
        this.violations = violations;
        this.projects = projects;
    }

    @GET
    public TemplateInstance page(@PathParam("projectId") String projectId, @QueryParam("cursor") String cursor) {
        ProjectsApi.Project project = projects.get(projectId);
        boolean first = cursor == null || cursor.isBlank();
        ViolationsApi.Page page = violations.list(projectId, first ? null : cursor.trim(), PAGE);
        DayChart chart = chart(violations.counts(projectId, DAYS).counts(), LocalDate.now(ZoneOffset.UTC));
        return Templates.violations(project, page.violations(), page.next(), first, chart);
    }

    /** Every day of the window on the x axis (zero days too), one stacked series per type. */
    static DayChart chart(List<ViolationsApi.DayCount> counts, LocalDate today) {
        List<String> days = new ArrayList<>();
        for (int back = DAYS - 1; back >= 0; back--) {
            days.add(today.minusDays(back).toString());
        }
        TreeSet<String> types = new TreeSet<>();
        Map<String, Map<String, Long>> table = new LinkedHashMap<>();
        long total = 0;
        for (ViolationsApi.DayCount c : counts) {
            types.add(c.type());
            table.computeIfAbsent(c.day(), d -> new LinkedHashMap<>()).merge(c.type(), c.count(), Long::sum);
            total += c.count();
        }
        List<Map<String, Object>> datasets = new ArrayList<>();
        for (String type : types) {
            List<Long> data = days.stream().map(day -> table.getOrDefault(day, Map.of()).getOrDefault(type, 0L))
                    .toList();
            datasets.add(Map.of("label", type, "data", data));
        }
        try {
            String json = JSON.writeValueAsString(Map.of("labels", days, "datasets", datasets));
            return new DayChart(json, days, List.copyOf(types), table, total);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
