package io.padic.dashboard.projects;

import io.padic.dashboard.analytics.HeadlineFigures;
import io.padic.dashboard.client.ApiError;
import io.padic.dashboard.client.EventTypesApi;
import io.padic.dashboard.client.ProjectsApi;
import io.padic.dashboard.client.WorkspacesApi;
import io.padic.dashboard.session.SignedIn;
import io.padic.dashboard.web.FormErrors;
import io.padic.dashboard.web.RecentSignIn;
import io.padic.dashboard.web.Notices;
import io.padic.dashboard.web.Redirects;
import io.padic.dashboard.workspaces.CurrentWorkspace;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.CookieParam;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Workspaces and their projects: list, create, the project home with its headline figures and quick start, rename,
 * delete.
 */
@Path("/projects")
@SignedIn
@Blocking
@Produces(MediaType.TEXT_HTML)
public class ProjectPages {


    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<WorkspacesApi.Workspace> workspaces, WorkspacesApi.Workspace current,
                List<ProjectsApi.Project> projects, String notice, String name, FormErrors errors);

        static native TemplateInstance home(ProjectsApi.Project project, List<QuickStart.Snippet> snippets,
                String keyPlaceholder, boolean saved, String name, FormErrors errors, HeadlineFigures.Figures figures);

        static native TemplateInstance delete(ProjectsApi.Project project, String confirm, boolean askPassword,
                FormErrors errors);
    }

    private static final Set<String> PROJECT_FIELDS = Set.of("name", "tenantId", "undeclaredEventTypes");

    private final ProjectsApi projects;
    private final WorkspacesApi workspaces;
    private final EventTypesApi eventTypes;
    private final HeadlineFigures headlines;
    private final String apiUrl;
    private final RecentSignIn recentSignIn;

    public ProjectPages(@RestClient ProjectsApi projects, @RestClient WorkspacesApi workspaces,
            @RestClient EventTypesApi eventTypes, HeadlineFigures headlines,
            @ConfigProperty(name = "padic.api.public-url") String apiUrl, RecentSignIn recentSignIn) {
        this.recentSignIn = recentSignIn;
        this.projects = projects;
        this.workspaces = workspaces;
        this.eventTypes = eventTypes;
        this.headlines = headlines;
        this.apiUrl = apiUrl.replaceAll("/+$", "");
    }

    @GET
    public TemplateInstance list(@CookieParam(CurrentWorkspace.COOKIE) String current, @QueryParam("done") String done,
            @QueryParam("name") String deleted) {
        return listPage(current, Notices.message(done, deleted), "", FormErrors.none());
    }

    /** Creates the project in the workspace the form names (the current one). */
    @POST
    public Response create(@RestForm String name, @RestForm String tenantId,
            @CookieParam(CurrentWorkspace.COOKIE) String current, @Context HttpHeaders headers) {
        try {
            ProjectsApi.Project created = projects.create(new ProjectsApi.NewProject(name, blankToNull(tenantId)));
            return Redirects.to("/projects/" + created.id(), headers);
        } catch (ApiError e) {
            if (e.status() == 401) {
                throw e;
            }
            return Response.status(422)
                    .entity(listPage(current, null, name, FormErrors.from(e.problem(), PROJECT_FIELDS))).build();
        }
    }

    @GET
    @Path("/{projectId}")
    public TemplateInstance home(@PathParam("projectId") String projectId, @QueryParam("saved") boolean saved) {
        ProjectsApi.Project project = projects.get(projectId);
        return homePage(project, saved, project.name(), FormErrors.none());
    }

    @POST
    @Path("/{projectId}/settings")
    public Response update(@PathParam("projectId") String projectId, @RestForm String name,
            @RestForm String undeclaredEventTypes, @Context HttpHeaders headers) {
        try {
            projects.update(projectId, new ProjectsApi.Change(name, null, blankToNull(undeclaredEventTypes)));
            return Redirects.to("/projects/" + projectId + "?saved=true", headers);
        } catch (ApiError e) {
            if (e.status() != 422) {
                throw e;
            }
            ProjectsApi.Project project = projects.get(projectId);
            return Response.status(422)
                    .entity(homePage(project, false, name, FormErrors.from(e.problem(), PROJECT_FIELDS))).build();
        }
    }

    /** Declares the quick start's example type, for a project that has none, and shows the commands using it. */
    @POST
    @Path("/{projectId}/example-type")
    public Response declareExample(@PathParam("projectId") String projectId, @Context HttpHeaders headers) {
        if (eventTypes.list(projectId).eventTypes().isEmpty()) {
            eventTypes.save(projectId, QuickStart.EXAMPLE_TYPE, QuickStart.EXAMPLE);
        }
        return Redirects.to("/projects/" + projectId + "#quick-start", headers);
    }

    @GET
    @Path("/{projectId}/delete")
    public TemplateInstance confirmDelete(@PathParam("projectId") String projectId) {
        return Templates.delete(projects.get(projectId), "", false, FormErrors.none());
    }

    @POST
    @Path("/{projectId}/delete")
    public Response delete(@PathParam("projectId") String projectId, @RestForm String confirm,
            @RestForm String password, @Context HttpHeaders headers) {
        ProjectsApi.Project project = projects.get(projectId);
        boolean asked = password != null;
        if (!project.name().equals(confirm == null ? null : confirm.trim())) {
            return Response.status(422).entity(Templates.delete(project, confirm, asked,
                    FormErrors.of("confirm", "Type the project's name exactly to delete it"))).build();
        }
        FormErrors wrongPassword = recentSignIn.confirm(password);
        if (!wrongPassword.isEmpty()) {
            return Response.status(422).entity(Templates.delete(project, confirm, true, wrongPassword)).build();
        }
        try {
            projects.delete(projectId);
        } catch (ApiError e) {
            if (!RecentSignIn.wanted(e)) {
                throw e;
            }
            return Response.status(422).entity(Templates.delete(project, confirm, true, RecentSignIn.ask())).build();
        }
        return Redirects.to("/projects?done=project-deleted&name="
                + URLEncoder.encode(project.name(), StandardCharsets.UTF_8), headers);
    }

    /** The projects of the current workspace (the cookie's, else the first), with the switcher's choices. */
    private TemplateInstance listPage(String currentId, String notice, String name, FormErrors errors) {
        List<WorkspacesApi.Workspace> all = workspaces.list().workspaces();
        WorkspacesApi.Workspace current = CurrentWorkspace.pick(all, currentId);
        List<ProjectsApi.Project> shown = projects.list().projects().stream()
                .filter(p -> current != null && p.tenantId().equals(current.id())).toList();
        return Templates.list(all, current, shown, notice, name, errors);
    }

    private TemplateInstance homePage(ProjectsApi.Project project, boolean saved, String name, FormErrors errors) {
        List<EventTypesApi.EventType> types = eventTypes.list(project.id()).eventTypes();
        // No type yet: no command could succeed (or pass unflagged), so the page offers to declare one first.
        List<QuickStart.Snippet> snippets = types.isEmpty() ? List.of() : QuickStart.snippets(apiUrl, types.get(0));
        return Templates.home(project, snippets, QuickStart.KEY_PLACEHOLDER, saved, name, errors,
                headlines.of(project));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
