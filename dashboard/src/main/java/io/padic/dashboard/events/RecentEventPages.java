package io.padic.dashboard.events;

import io.padic.dashboard.client.ApiError;
import io.padic.dashboard.client.ProjectsApi;
import io.padic.dashboard.client.RecentEventsApi;
import io.padic.dashboard.session.SignedIn;
import io.padic.dashboard.violations.FlaggedEvents;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The project's most recent events, newest first. The list is a fragment that asks for itself again every
 * 3 s (htmx polling), so new events appear without a reload.
 */
@Path("/projects/{projectId}/events")
@SignedIn
@Blocking
@Produces(MediaType.TEXT_HTML)
public class RecentEventPages {

    static final int SHOWN = 50;

    /** The feed's rows, which of them were flagged, or why there are none to show. */
    public record Feed(String projectId, List<RecentEventsApi.Event> events, Set<String> flagged, String unavailable) {

        public boolean isFlagged(String eventId) {
            return flagged.contains(eventId);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance recent(ProjectsApi.Project project, Feed feed);

        static native TemplateInstance recent$feed(Feed feed);
    }

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
    public TemplateInstance page(@PathParam("projectId") String projectId) {
        ProjectsApi.Project project = projects.get(projectId);
        return Templates.recent(project, feed(projectId));
    }

    @GET
    @Path("/feed")
    public TemplateInstance feedFragment(@PathParam("projectId") String projectId) {
        return Templates.recent$feed(feed(projectId));
    }

    private Feed feed(String projectId) {
        try {
            List<RecentEventsApi.Event> events = recent.recent(projectId, SHOWN).events();
            return new Feed(projectId, events,
                    flagged.among(projectId, events.stream().map(RecentEventsApi.Event::id).toList()), null);
        } catch (ApiError e) {
            // Redis (which keeps the feed) is down: say so in place and keep polling.
            if (e.status() != 503) {
                throw e;
            }
            return new Feed(projectId, List.of(), Set.of(), e.problem().detail());
        }
    }
}
