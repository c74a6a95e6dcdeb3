package io.padic.dashboard.workspaces;

import io.padic.dashboard.client.ApiError;
import io.padic.dashboard.client.AuthApi;
import io.padic.dashboard.client.WorkspacesApi;
import io.padic.dashboard.client.WorkspacesApi.Workspace;
import io.padic.dashboard.session.SignedIn;
import io.padic.dashboard.web.FormErrors;
import io.padic.dashboard.web.RecentSignIn;
import io.padic.dashboard.web.Notices;
import io.padic.dashboard.web.Redirects;
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
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;

/** Workspaces: list, create, switch to, rename, delete (typed confirmation). Each change ends in a notice. */
@Path("/workspaces")
@SignedIn
@Blocking
@Produces(MediaType.TEXT_HTML)
public class WorkspacePages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<Workspace> workspaces, Workspace current, String notice,
                String name, FormErrors errors, String renaming, String newName, FormErrors renameErrors,
                boolean unverified, String mfaWorkspace, FormErrors mfaErrors);

        static native TemplateInstance delete(Workspace workspace, String confirm, boolean askPassword,
                FormErrors errors);
    }

    private static final Set<String> NAME = Set.of("name");

    private final WorkspacesApi workspaces;
    private final AuthApi auth;
    private final RecentSignIn recentSignIn;

    public WorkspacePages(@RestClient WorkspacesApi workspaces, @RestClient AuthApi auth, RecentSignIn recentSignIn) {
        this.workspaces = workspaces;
        this.auth = auth;
        this.recentSignIn = recentSignIn;
    }

    @GET
    public TemplateInstance list(@CookieParam(CurrentWorkspace.COOKIE) String current, @QueryParam("done") String done,
            @QueryParam("name") String name) {
        return page(current, Notices.message(done, name), "", FormErrors.none(), null, null, FormErrors.none());
    }

    @POST
    public Response create(@RestForm String name, @CookieParam(CurrentWorkspace.COOKIE) String current,
            @Context HttpHeaders headers) {
        try {
            Workspace created = workspaces.create(new WorkspacesApi.Name(name));
            return Redirects.to(done("created", created.name()), headers, CurrentWorkspace.switchTo(created.id()));
        } catch (ApiError e) {
            if (e.status() != 422) {
                throw e;
            }
            return Response.status(422).entity(page(current, null, name, FormErrors.from(e.problem(), NAME), null,
                    null, FormErrors.none())).build();
        }
    }

    /** Makes {@code workspaceId} the current workspace; back to the projects list when the switcher was there. */
    @POST
    @Path("/switch")
    public Response switchTo(@RestForm String workspaceId, @RestForm String next, @Context HttpHeaders headers) {
        Workspace workspace = workspaces.get(workspaceId); // 404 unless the user is a member
        String to = "/projects".equals(next) ? "/projects" : done("switched", workspace.name());
        return Redirects.to(to, headers, CurrentWorkspace.switchTo(workspace.id()));
    }

    @POST
    @Path("/{id}/rename")
    public Response rename(@PathParam("id") String id, @RestForm String name,
            @CookieParam(CurrentWorkspace.COOKIE) String current, @Context HttpHeaders headers) {
        try {
            Workspace renamed = workspaces.rename(id, new WorkspacesApi.Name(name));
            return Redirects.to(done("renamed", renamed.name()), headers);
        } catch (ApiError e) {
            if (e.status() != 422 && e.status() != 403) {
                throw e;
            }
            return Response.status(422).entity(page(current, null, "", FormErrors.none(), id, name,
                    FormErrors.from(e.problem(), NAME))).build();
        }
    }

    /** The owner's setting: members need a second factor (TOTP) to work in the workspace. */
    @POST
    @Path("/{id}/second-factor")
    public Response requireMfa(@PathParam("id") String id, @RestForm String requireMfa,
            @CookieParam(CurrentWorkspace.COOKIE) String current, @Context HttpHeaders headers) {
        boolean required = "true".equals(requireMfa);
        try {
            Workspace changed = workspaces.requireMfa(id, new WorkspacesApi.RequireMfa(required));
            return Redirects.to(done(required ? "mfa-required" : "mfa-optional", changed.name()), headers);
        } catch (ApiError e) {
            if (e.status() != 422 && e.status() != 403) {
                throw e;
            }
            List<Workspace> all = workspaces.list().workspaces();
            return Response.status(422).entity(Templates.list(all, CurrentWorkspace.pick(all, current), null, "",
                    FormErrors.none(), null, null, FormErrors.none(), !auth.me().user().emailVerified(), id,
                    FormErrors.of("requireMfa", e.problem().detail()))).build();
        }
    }

    @GET
    @Path("/{id}/delete")
    public TemplateInstance confirmDelete(@PathParam("id") String id) {
        return Templates.delete(workspaces.get(id), "", false, FormErrors.none());
    }

    @POST
    @Path("/{id}/delete")
    public Response delete(@PathParam("id") String id, @RestForm String confirm, @RestForm String password,
            @Context HttpHeaders headers) {
        Workspace workspace = workspaces.get(id);
        boolean asked = password != null;
        if (!workspace.name().equals(confirm == null ? null : confirm.trim())) {
            return Response.status(422).entity(Templates.delete(workspace, confirm, asked,
                    FormErrors.of("confirm", "Type the workspace's name exactly to delete it"))).build();
        }
        FormErrors wrongPassword = recentSignIn.confirm(password);
        if (!wrongPassword.isEmpty()) {
            return Response.status(422).entity(Templates.delete(workspace, confirm, true, wrongPassword)).build();
        }
        try {
            workspaces.delete(id);
        } catch (ApiError e) {
            if (RecentSignIn.wanted(e)) {
                return Response.status(422).entity(Templates.delete(workspace, confirm, true, RecentSignIn.ask()))
                        .build();
            }
            if (e.status() != 409 && e.status() != 403) {
                throw e;
            }
            return Response.status(422).entity(Templates.delete(workspace, confirm, asked,
                    FormErrors.of("confirm", e.problem().detail()))).build();
        }
        return Redirects.to(done("deleted", workspace.name()), headers);
    }

    private TemplateInstance page(String currentId, String notice, String name, FormErrors errors, String renaming,
            String newName, FormErrors renameErrors) {
        List<Workspace> all = workspaces.list().workspaces();
        return Templates.list(all, CurrentWorkspace.pick(all, currentId), notice, name, errors, renaming, newName,
                renameErrors, !auth.me().user().emailVerified(), null, FormErrors.none());
    }

    private static String done(String what, String name) {
        return "/workspaces?done=" + what + "&name=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
    }
}
