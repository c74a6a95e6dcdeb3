package io.padic.dashboard.workspaces;

import io.padic.dashboard.client.ApiError;
import io.padic.dashboard.client.AuditApi;
import io.padic.dashboard.client.WorkspacesApi;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * A workspace's audit log (admins and the owner): who did what, when and from where, newest first, filtered by
 * action, actor and a range of days, paged back, and downloadable as CSV with the same filters.
 */
@Path("/workspaces/{id}")
@SignedIn
@Blocking
@Produces(MediaType.TEXT_HTML)
public class AuditPages {

    static final int PAGE = 50;

    /**
     * The filters as given (blank: none). The days are whole UTC days, {@code to} included; platform-api takes
     * {@code to} exclusive, so the day after is sent.
     */
    public record Filters(String action, String actor, String from, String to) {

        public boolean isAny() {
            return !action.isEmpty() || !actor.isEmpty() || !from.isEmpty() || !to.isEmpty();
        }

        /** The query that keeps the filters (ends with '&' when not empty), for paging and the CSV link. */
        public String query() {
            return param("action", action) + param("actor", actor) + param("from", from) + param("to", to);
        }

        String apiTo() {
            return to.isEmpty() ? null : LocalDate.parse(to).plusDays(1).toString();
        }

        private static String param(String name, String value) {
            return value.isEmpty() ? "" : name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8) + "&";
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance audit(WorkspacesApi.Workspace workspace, List<AuditApi.Entry> entries,
                String next, boolean firstPage, Filters filters, List<String> actions, FormErrors errors);
    }

    private static final Set<String> FILTER_FIELDS = Set.of("action", "actor", "from", "to", "cursor");

    private final AuditApi audit;
    private final WorkspacesApi workspaces;

    public AuditPages(@RestClient AuditApi audit, @RestClient WorkspacesApi workspaces) {
        this.audit = audit;
        this.workspaces = workspaces;
    }

    @GET
    @Path("/audit")
    public Response page(@PathParam("id") String id, @QueryParam("cursor") String cursor,
            @QueryParam("action") String action, @QueryParam("actor") String actor, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        WorkspacesApi.Workspace workspace = workspaces.get(id);
        boolean first = cursor == null || cursor.isBlank();
        Filters filters = new Filters(trimmed(action), trimmed(actor), trimmed(from), trimmed(to));
        FormErrors dates = dateErrors(filters);
        if (dates != null) {
            return Response.status(422).entity(Templates.audit(workspace, List.of(), null, true, filters, List.of(),
                    dates)).build();
        }
        try {
            AuditApi.Page page = audit.list(id, first ? null : cursor.trim(), PAGE, blankToNull(filters.action()),
                    blankToNull(filters.actor()), blankToNull(filters.from()), filters.apiTo());
            return Response.ok(Templates.audit(workspace, page.entries(), page.next(), first, filters,
                    page.actions(), FormErrors.none())).build();
        } catch (ApiError e) {
            if (e.status() != 422) {
                throw e;
            }
            return Response.status(422).entity(Templates.audit(workspace, List.of(), null, true, filters, List.of(),
                    FormErrors.from(e.problem(), FILTER_FIELDS))).build();
        }
    }

    /** The whole log with the page's filters, as platform-api writes it. */
    @GET
    @Path("/audit.csv")
    @Produces("text/csv")
    public Response csv(@PathParam("id") String id, @QueryParam("action") String action,
            @QueryParam("actor") String actor, @QueryParam("from") String from, @QueryParam("to") String to) {
        Filters filters = new Filters(trimmed(action), trimmed(actor), trimmed(from), trimmed(to));
        if (dateErrors(filters) != null) {
            return Response.status(422).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                    .entity("from and to: give dates such as 2026-01-31\n").build();
        }
        String csv = audit.csv(id, blankToNull(filters.action()), blankToNull(filters.actor()),
                blankToNull(filters.from()), filters.apiTo());
        return Response.ok(csv, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"audit-" + id + ".csv\"").build();
    }

    /** A from or to that is not a date (the browser's date field sends YYYY-MM-DD), or null when both are fine. */
    private static FormErrors dateErrors(Filters filters) {
        FormErrors errors = FormErrors.none();
        for (String[] field : new String[][] {{"from", filters.from()}, {"to", filters.to()}}) {
            if (!field[1].isEmpty()) {
                try {
                    LocalDate.parse(field[1]);
                } catch (DateTimeParseException e) {
                    errors = errors.and(field[0], "Give a date such as 2026-01-31");
                }
            }
        }
        return errors.has("from") || errors.has("to") ? errors : null;
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
