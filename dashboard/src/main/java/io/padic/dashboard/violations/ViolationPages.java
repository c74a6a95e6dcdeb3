package io.padic.dashboard.violations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.padic.dashboard.client.ApiError;
import io.padic.dashboard.client.EventTypesApi;
import io.padic.dashboard.client.ProjectsApi;
import io.padic.dashboard.client.ViolationsApi;
import io.padic.dashboard.session.SignedIn;
import io.padic.dashboard.web.FormErrors;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /** The list's filters as given (blank: none), and the query that keeps them across pages. */
    public record Filters(String type, String field) {

        public boolean isAny() {
            return !type.isEmpty() || !field.isEmpty();
        }

        public String query() {
            return (type.isEmpty() ? "" : "type=" + encode(type) + "&")
                    + (field.isEmpty() ? "" : "field=" + encode(field) + "&");
        }
    }

    /** A flagged event as the list shows it, with its metaData laid out and each violated field marked. */
    public record Row(ViolationsApi.Entry entry, String metaData) {

        public String eventHref(String projectId) {
            ViolationsApi.Pin pin = entry.pins().isEmpty() ? null : entry.pins().get(0);
            return pin == null ? null : objectHref(projectId, pin) + "/timeline?to=" + pin.seq() + "&seq=" + pin.seq()
                    + "#event-" + pin.seq();
        }

        /** The list of this event's type only. */
        public String typeHref(String projectId) {
            return "/projects/" + encode(projectId) + "/violations?type=" + encode(entry.type());
        }

        /** The list of the violations of this field only. */
        public String fieldHref(String projectId, String field) {
            return "/projects/" + encode(projectId) + "/violations?field=" + encode(field);
        }

        public String objectHref(String projectId, ViolationsApi.Pin pin) {
            return "/projects/" + encode(projectId) + "/objects/" + encode(pin.objectId());
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance violations(ProjectsApi.Project project, List<Row> rows, String next,
                boolean firstPage, DayChart chart, Filters filters, List<String> eventTypes, FormErrors errors);
    }

    private static final Set<String> FILTER_FIELDS = Set.of("type", "field", "cursor");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ViolationsApi violations;
    private final ProjectsApi projects;
    private final EventTypesApi eventTypes;

    public ViolationPages(@RestClient ViolationsApi violations, @RestClient ProjectsApi projects,
            @RestClient EventTypesApi eventTypes) {
        this.violations = violations;
        this.projects = projects;
        this.eventTypes = eventTypes;
    }

    /**
     * Newest first, or older from {@code cursor}; of one event type and with a violation of one field when
     * asked (a field by path, {@code metaData.x}, or by name, {@code x}).
     */
    @GET
    public Response page(@PathParam("projectId") String projectId, @QueryParam("cursor") String cursor,
            @QueryParam("type") String type, @QueryParam("field") String field) {
        ProjectsApi.Project project = projects.get(projectId);
        boolean first = cursor == null || cursor.isBlank();
        Filters filters = new Filters(trimmed(type), trimmed(field));
        DayChart chart = chart(violations.counts(projectId, DAYS).counts(), LocalDate.now(ZoneOffset.UTC));
        // The filter's choices: the types that were flagged lately and those declared.
        TreeSet<String> types = new TreeSet<>(chart.types());
        eventTypes.list(projectId).eventTypes().forEach(t -> types.add(t.name()));
        if (!filters.type().isEmpty()) {
            types.add(filters.type());
        }
        try {
            ViolationsApi.Page page = violations.list(projectId, first ? null : cursor.trim(), PAGE,
                    blankToNull(filters.type()), blankToNull(filters.field()));
            List<Row> rows = page.violations().stream().map(e -> new Row(e, pretty(e.metaData())))
                    .toList();
            return Response.ok(Templates.violations(project, rows, page.next(), first, chart, filters,
                    List.copyOf(types), FormErrors.none())).build();
        } catch (ApiError e) {
            if (e.status() != 422) {
                throw e;
            }
            return Response.status(422).entity(Templates.violations(project, List.of(), null, true, chart, filters,
                    List.copyOf(types), FormErrors.from(e.problem(), FILTER_FIELDS))).build();
        }
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String pretty(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
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
