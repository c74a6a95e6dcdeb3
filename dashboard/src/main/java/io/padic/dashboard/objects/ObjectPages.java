package io.padic.dashboard.objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.padic.dashboard.client.ApiError;
import io.padic.dashboard.client.ObjectsApi;
import io.padic.dashboard.client.ProjectsApi;
import io.padic.dashboard.client.RecentEventsApi;
import io.padic.dashboard.session.SignedIn;
import io.padic.dashboard.violations.FlaggedEvents;
import io.padic.dashboard.web.FormErrors;
import io.padic.dashboard.web.Redirects;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The object explorer: find an object by id or list a type's objects; an object's state at any access level
 * and any point of its history (a slider over seq), and its timeline: each event with the state after it and
 * what it changed. Everything is read through platform-api's member reads.
 */
@Path("/projects/{projectId}/objects")
@SignedIn
@Blocking
@Produces(MediaType.TEXT_HTML)
public class ObjectPages {

    /** Events per timeline page; each costs one read of the state after it. */
    static final int TIMELINE_PAGE = 10;

    /**
     * The list of a type's objects, with the link to its next page. Sorting orders the page shown (the store lists
     * objects in the order they were created, a page at a time).
     */
    public record ObjectList(String type, List<ObjectsApi.ObjectRef> objects, String next, boolean firstPage,
            String sort, boolean descending) {

        /** The query that lists the same type again, for the paging links. */
        public String typeQuery() {
            return type.isEmpty() ? "" : "type=" + encode(type) + "&";
        }

        /** The query of a column header's link: sorted by it, the other way round when it already is. */
        public String sortQuery(String column) {
            boolean down = column.equals(sort) ? !descending : !column.equals("id") && !column.equals("type");
            return typeQuery() + "sort=" + column + "&dir=" + (down ? "desc" : "asc");
        }

        /** The header's aria-sort value. */
        public String ariaSort(String column) {
            return !column.equals(sort) ? "none" : descending ? "descending" : "ascending";
        }

        public String nextQuery() {
            return next == null ? "" : encode(next);
        }
    }

    /** The state shown above the slider: after {@code seq} events. */
    public record StatePanel(long seq, String updatedAt, String json) {
    }

    /**
     * One event of the timeline with the state after it and how that differs from the state before; {@code hidden}
     * when a later hide on this page names it, {@code hides} the event a {@code $hide} names.
     */
    public record TimelineEntry(ObjectsApi.LoggedEvent event, String metaData, String stateAfter,
            List<JsonDiff.Line> changes, boolean flagged, boolean hidden, String hides) {

        /** The project's violations of this event's type, which list it. */
        public String violationsHref(String projectId) {
            return "/projects/" + encode(projectId) + "/violations?type=" + encode(event.type());
        }

        public boolean isHide() {
            return hides != null;
        }
    }

    /**
     * A page of the timeline, newest first: events after {@code from} up to {@code to}; {@code entries} is null
     * until it is loaded.
     */
    public record Timeline(List<TimelineEntry> entries, long from, long to, long head) {

        public boolean isLoaded() {
            return entries != null;
        }

        public boolean hasOlder() {
            return from > 0;
        }

        public boolean hasNewer() {
            return to < head;
        }

        public long olderTo() {
            return from;
        }

        public long newerTo() {
            return Math.min(head, to + TIMELINE_PAGE);
        }
    }

    /** Everything the object page shows below its title; htmx swaps it when the access level changes. */
    public record ObjectView(ProjectsApi.Project project, ObjectsApi.StoredObject object, String level,
            StatePanel state, Timeline timeline, Notice notice) {

        public String path() {
            return "/projects/" + project.id() + "/objects/" + encode(object.id());
        }
    }

    /** What a change just did, shown above the state: {@code error} when it was refused. */
    public record Notice(String message, boolean error) {
    }

    /** The first characters of an object's state, for the list. */
    public record Preview(String json, boolean cut) {
    }

    static final int PREVIEW_CHARS = 120;
    private static final String HIDE_TYPE = "$hide";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance explorer(ProjectsApi.Project project, ObjectList list, FormErrors errors);

        static native TemplateInstance object(ObjectView view);

        static native TemplateInstance object$objectView(ObjectView view);

        static native TemplateInstance object$statePanel(StatePanel state);

        static native TemplateInstance object$timeline(ObjectView view);

        static native TemplateInstance preview(Preview preview);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectsApi objects;
    private final ProjectsApi projects;
    private final FlaggedEvents flagged;

    private final RecentEventsApi events;

    public ObjectPages(@RestClient ObjectsApi objects, @RestClient ProjectsApi projects,
            @RestClient RecentEventsApi events, FlaggedEvents flagged) {
        this.objects = objects;
        this.projects = projects;
        this.events = events;
        this.flagged = flagged;
    }

    @GET
    public Response explorer(@PathParam("projectId") String projectId, @QueryParam("id") String id,
            @QueryParam("type") String type, @QueryParam("cursor") String cursor, @QueryParam("sort") String sort,
            @QueryParam("dir") String dir, @Context HttpHeaders headers) {
        if (id != null && !id.isBlank()) {
            return Redirects.to("/projects/" + encode(projectId) + "/objects/" + encode(id.trim()), headers);
        }
        ProjectsApi.Project project = projects.get(projectId);
        String listed = type == null || type.isBlank() ? null : type.trim();
        try {
            ObjectsApi.Listed page = objects.list(projectId, listed, blankToNull(cursor));
            String column = sort != null && SORTS.containsKey(sort) ? sort : ""; // Map.of refuses null keys
            boolean descending = "desc".equals(dir);
            List<ObjectsApi.ObjectRef> rows = new ArrayList<>(page.objects());
            if (!column.isEmpty()) {
                Comparator<ObjectsApi.ObjectRef> order = SORTS.get(column);
                rows.sort(descending ? order.reversed() : order);
            }
            ObjectList list = new ObjectList(listed == null ? "" : listed, rows, page.next(),
                    blankToNull(cursor) == null, column, descending);
            return Response.ok(Templates.explorer(project, list, FormErrors.none())).build();
        } catch (ApiError e) {
            if (e.status() != 422) {
                throw e;
            }
            ObjectList none = new ObjectList(listed == null ? "" : listed, List.of(), null, true, "", false);
            return Response.status(422)
                    .entity(Templates.explorer(project, none, FormErrors.from(e.problem(), Set.of("type")))).build();
        }
    }

    private static final Map<String, Comparator<ObjectsApi.ObjectRef>> SORTS = Map.of(
            "id", Comparator.comparing(ObjectsApi.ObjectRef::id),
            "type", Comparator.comparing(ObjectsApi.ObjectRef::type).thenComparing(ObjectsApi.ObjectRef::id),
            "events", Comparator.comparingLong(ObjectsApi.ObjectRef::events).thenComparing(ObjectsApi.ObjectRef::id),
            "updated", Comparator.comparing(ObjectsApi.ObjectRef::updatedAt,
                    Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(ObjectsApi.ObjectRef::id));

    /** The start of the object's state now, at the project's highest level: a row of the list asks on sight. */
    @GET
    @Path("/{objectId}/preview")
    public TemplateInstance preview(@PathParam("projectId") String projectId,
            @PathParam("objectId") String objectId) {
        ObjectsApi.StoredObject now = objects.get(projectId, objectId, null, null);
        String json = now.state() == null ? "" : now.state().toString();
        boolean cut = json.length() > PREVIEW_CHARS;
        return Templates.preview(new Preview(cut ? json.substring(0, PREVIEW_CHARS) : json, cut));
    }

    /**
     * Hides one of the object's events (after the browser asked to confirm) and shows the object again at the
     * same level and point, with a notice of what the hide did; a viewer, who may not, is told so in place.
     */
    @POST
    @Path("/{objectId}/events/{eventId}/hide")
    public Response hide(@PathParam("projectId") String projectId, @PathParam("objectId") String objectId,
            @PathParam("eventId") String eventId, @RestForm String level, @RestForm String to,
            @Context HttpHeaders headers) {
        Notice notice;
        int status = 200;
        try {
            events.hide(projectId, eventId);
            notice = new Notice("Hid event " + eventId + ". The state no longer includes it (at every level); the"
                    + " timeline keeps it, marked hidden, and shows the hide as the newest event.", false);
        } catch (ApiError e) {
            if (e.status() != 403 && e.status() != 422) {
                throw e;
            }
            status = 422; // htmx swaps a 422 in place (layout.html's responseHandling), not a 403
            notice = new Notice(e.status() == 403 ? "Only a developer (or a stronger role) may hide events."
                    : e.problem().detail(), true);
        }
        ObjectView view = view(projectId, objectId, level, null, null, true);
        ObjectView shown = new ObjectView(view.project(), view.object(), view.level(), view.state(), view.timeline(),
                notice);
        return Response.status(status).entity(Redirects.isHtmx(headers) ? Templates.object$objectView(shown)
                : Templates.object(shown)).build();
    }

    /**
     * The object now (or after {@code seq} events) at a level. Its timeline comes in a request of its own (htmx,
     * on load): each of its events costs a read of the state after it, and the state should not wait for those.
     */
    @GET
    @Path("/{objectId}")
    public TemplateInstance object(@PathParam("projectId") String projectId, @PathParam("objectId") String objectId,
            @QueryParam("level") String level, @QueryParam("seq") String seq, @QueryParam("to") String to,
            @Context HttpHeaders headers) {
        ObjectView view = view(projectId, objectId, level, seq, to, false);
        return Redirects.isHtmx(headers) ? Templates.object$objectView(view) : Templates.object(view);
    }

    /** The timeline, newest first, a page of events up to {@code to}: a fragment for htmx, else the whole page. */
    @GET
    @Path("/{objectId}/timeline")
    public TemplateInstance timeline(@PathParam("projectId") String projectId,
            @PathParam("objectId") String objectId, @QueryParam("level") String level, @QueryParam("seq") String seq,
            @QueryParam("to") String to, @Context HttpHeaders headers) {
        ObjectView view = view(projectId, objectId, level, seq, to, true);
        return Redirects.isHtmx(headers) ? Templates.object$timeline(view) : Templates.object(view);
    }

    private ObjectView view(String projectId, String objectId, String level, String seq, String to,
            boolean withTimeline) {
        ProjectsApi.Project project = projects.get(projectId);
        String viewLevel = project.accessLevels().contains(level) ? level
                : project.accessLevels().get(project.accessLevels().size() - 1);
        ObjectsApi.StoredObject now = objects.get(projectId, objectId, viewLevel, null);
        long head = now.seq();
        Map<Long, ObjectsApi.StoredObject> states = new HashMap<>();
        states.put(head, now);
        long until = clamp(to, Math.min(1, head), head, head);
        Timeline timeline = withTimeline ? timeline(projectId, objectId, viewLevel, until, head)
                : new Timeline(null, Math.max(0, until - TIMELINE_PAGE), until, head);
        long shown = clamp(seq, 0, head, head);
        ObjectsApi.StoredObject atSeq = states.computeIfAbsent(shown,
                s -> objects.get(projectId, objectId, viewLevel, s));
        return new ObjectView(project, now, viewLevel, panel(atSeq), timeline, null);
    }

    /** The state after {@code seq} events, for the slider (an htmx fragment). */
    @GET
    @Path("/{objectId}/state")
    public TemplateInstance state(@PathParam("projectId") String projectId, @PathParam("objectId") String objectId,
            @QueryParam("level") String level, @QueryParam("seq") String seq) {
        ObjectsApi.StoredObject at = objects.get(projectId, objectId, blankToNull(level),
                seq == null || seq.isBlank() ? null : clamp(seq, 0, Long.MAX_VALUE, 0));
        return Templates.object$statePanel(panel(at));
    }

    private Timeline timeline(String projectId, String objectId, String level, long to, long head) {
        long from = Math.max(0, to - TIMELINE_PAGE);
        if (to == 0) {
            return new Timeline(List.of(), 0, 0, head);
        }
        ObjectsApi.TimelinePage page = objects.timeline(projectId, objectId, level, from, (int) (to - from));
        List<TimelineEntry> entries = new ArrayList<>(page.events().size());
        Set<String> flaggedIds = flagged.among(projectId,
                page.events().stream().map(ObjectsApi.TimelineEvent::id).toList());
        JsonNode before = page.before();
        Set<String> hiddenHere = new HashSet<>();
        for (ObjectsApi.TimelineEvent event : page.events()) {
            if (HIDE_TYPE.equals(event.type()) && event.metaData() != null) {
                hiddenHere.add(event.metaData().path("target").asText());
            }
        }
        for (ObjectsApi.TimelineEvent event : page.events()) {
            JsonNode after = event.state();
            String hides = HIDE_TYPE.equals(event.type()) && event.metaData() != null
                    ? event.metaData().path("target").asText() : null;
            entries.add(new TimelineEntry(event.logged(), pretty(event.metaData()), pretty(after),
                    JsonDiff.between(before, after), flaggedIds.contains(event.id()), hiddenHere.contains(event.id()),
                    hides));
            before = after;
        }
        return new Timeline(entries.reversed(), from, to, head);
    }

    private static StatePanel panel(ObjectsApi.StoredObject at) {
        return new StatePanel(at.seq(), at.updatedAt() == null ? "" : at.updatedAt().toString(), pretty(at.state()));
    }

    static String pretty(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "";
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A whole number from a query parameter, kept within bounds; anything unreadable is the fallback. */
    private static long clamp(String value, long min, long max, long fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Math.max(min, Math.min(max, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** A path segment or query value, percent-encoded. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
