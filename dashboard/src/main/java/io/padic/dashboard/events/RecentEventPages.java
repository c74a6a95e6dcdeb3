package io.padic.dashboard.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.padic.dashboard.client.ApiError;
import io.padic.dashboard.client.ProjectsApi;
import io.padic.dashboard.client.RecentEventsApi;
import io.padic.dashboard.session.SignedIn;
import io.padic.dashboard.violations.FlaggedEvents;
import io.padic.dashboard.web.Redirects;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The project's recent events as a live tail, newest first: filtered by type and object, refreshed every 3 s
 * (htmx polling) until paused, and longer on "Load older" as far as the feed keeps (1000 events). Also one
 * event's page, and the project header's search box, which opens an event or an object by its id.
 */
@Path("/projects/{projectId}/events")
@SignedIn
@Blocking
@Produces(MediaType.TEXT_HTML)
public class RecentEventPages {

    static final int SHOWN = 50;
    /** The most the feed keeps, so the most "Load older" can show. */
    static final int KEPT = 1000;

    /** What the tail shows: a type and an object to filter by (empty: all), how many, and whether it polls. */
    public record TailFilter(String type, String object, int limit, boolean paused) {

        public boolean isFiltered() {
            return !type.isEmpty() || !object.isEmpty();
        }

        /** The query that asks for this tail again, with {@code paused} and {@code limit} as given. */
        public String query(boolean pausedThen, int limitThen) {
            StringBuilder query = new StringBuilder("limit=").append(limitThen);
            if (!type.isEmpty()) {
                query.append("&type=").append(encode(type));
            }
            if (!object.isEmpty()) {
                query.append("&object=").append(encode(object));
            }
            return pausedThen ? query.append("&paused=true").toString() : query.toString();
        }

        public String same() {
            return query(paused, limit);
        }

        public String pausing() {
            return query(true, limit);
        }

        public String resuming() {
            return query(false, limit);
        }

        public String older() {
            return query(paused, Math.min(KEPT, limit + SHOWN));
        }

        public boolean atFeedEnd() {
            return limit >= KEPT;
        }
    }

    /** The feed's rows, which of them were flagged, or why there are none to show. */
    public record Feed(String projectId, TailFilter filter, List<RecentEventsApi.Event> events, Set<String> flagged,
            boolean hasOlder, String unavailable) {

        public boolean isFlagged(String eventId) {
            return flagged.contains(eventId);
        }
    }

    /** One event with its data laid out for reading. */
    public record EventView(ProjectsApi.Project project, RecentEventsApi.Event event, String metaData) {

        public RecentEventsApi.Pin pinOn(String objectId) {
            return event.pins() == null ? null
                    : event.pins().stream().filter(p -> p.objectId().equals(objectId)).findFirst().orElse(null);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance recent(ProjectsApi.Project project, Feed feed);

        static native TemplateInstance recent$feed(Feed feed);

        static native TemplateInstance event(EventView view);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RecentEventsApi recent;
    private final ProjectsApi projects;
    private final FlaggedEvents flagged;

    public RecentEventPages(@RestClient RecentEventsApi recent, @RestClient ProjectsApi projects,
            FlaggedEvents flagged) {
        this.recent = recent;
        this.projects = projects;
        this.flagged = flagged;
    }

    @GET
    public TemplateInstance page(@PathParam("projectId") String projectId, @QueryParam("type") String type,
            @QueryParam("object") String object, @QueryParam("limit") String limit,
            @QueryParam("paused") boolean paused) {
        ProjectsApi.Project project = projects.get(projectId);
        return Templates.recent(project, feed(projectId, filter(type, object, limit, paused)));
    }

    @GET
    @Path("/feed")
    public TemplateInstance feedFragment(@PathParam("projectId") String projectId, @QueryParam("type") String type,
            @QueryParam("object") String object, @QueryParam("limit") String limit,
            @QueryParam("paused") boolean paused) {
        return Templates.recent$feed(feed(projectId, filter(type, object, limit, paused)));
    }

    /** The header's search box: an event id opens the event, anything else the object of that id. */
    @GET
    @Path("/find")
    public Response find(@PathParam("projectId") String projectId, @QueryParam("id") String id,
            @Context HttpHeaders headers) {
        String wanted = id == null ? "" : id.trim();
        String base = "/projects/" + encode(projectId);
        if (wanted.isEmpty()) {
            return Redirects.to(base + "/objects", headers);
        }
        boolean event = wanted.startsWith("evt_") || wanted.startsWith("hide_");
        return Redirects.to(base + (event ? "/events/" : "/objects/") + encode(wanted), headers);
    }

    @GET
    @Path("/{eventId}")
    public TemplateInstance event(@PathParam("projectId") String projectId, @PathParam("eventId") String eventId) {
        ProjectsApi.Project project = projects.get(projectId);
        RecentEventsApi.Event event = recent.get(projectId, eventId);
        return Templates.event(new EventView(project, event, pretty(event.metaData())));
    }

    private static TailFilter filter(String type, String object, String limit, boolean paused) {
        int shown = SHOWN;
        try {
            shown = limit == null || limit.isBlank() ? SHOWN : Math.clamp(Integer.parseInt(limit.trim()), 1, KEPT);
        } catch (NumberFormatException e) {
            // an edited address: the first page
        }
        return new TailFilter(type == null ? "" : type.trim(), object == null ? "" : object.trim(), shown, paused);
    }

    private Feed feed(String projectId, TailFilter filter) {
        try {
            RecentEventsApi.Recent page = recent.recent(projectId, filter.limit(), blankToNull(filter.type()),
                    blankToNull(filter.object()));
            return new Feed(projectId, filter, page.events(),
                    flagged.among(projectId, page.events().stream().map(RecentEventsApi.Event::id).toList()),
                    page.next() != null, null);
        } catch (ApiError e) {
            // Redis (which keeps the feed) is down: say so in place and keep polling.
            if (e.status() != 503) {
                throw e;
            }
            return new Feed(projectId, filter, List.of(), Set.of(), false, e.problem().detail());
        }
    }

    static String pretty(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "";
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
