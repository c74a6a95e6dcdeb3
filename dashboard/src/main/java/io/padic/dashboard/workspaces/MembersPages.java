package io.padic.dashboard.workspaces;

import io.padic.dashboard.client.ApiError;
import io.padic.dashboard.client.Problem;
import io.padic.dashboard.client.WorkspacesApi;
import io.padic.dashboard.client.WorkspacesApi.Invitation;
import io.padic.dashboard.client.WorkspacesApi.Member;
import io.padic.dashboard.client.WorkspacesApi.Workspace;
import io.padic.dashboard.session.CurrentSession;
import io.padic.dashboard.session.SignedIn;
import io.padic.dashboard.web.FormErrors;
import io.padic.dashboard.web.Notices;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;

/**
 * A workspace's members: the list with roles, inviting by e-mail, pending invitations, changing roles, removing
 * and leaving (each removal after a confirmation page). platform-api decides who may do what; this page offers
 * only what the signed-in user's role allows, and shows platform-api's refusal when a change is refused anyway.
 */
@Path("/workspaces/{id}")
@SignedIn
@Blocking
@Produces(MediaType.TEXT_HTML)
public class MembersPages {

    /** What the signed-in user sees and may do on the page. */
    public record View(Workspace workspace, List<Row> members, List<Invitation> invitations, String me) {

        public boolean mayInvite() {
            return workspace.mayRename();
        }

        public List<String> invitableRoles() {
            return "owner".equals(workspace.role()) ? Roles.ALL : Roles.ALL.subList(1, Roles.ALL.size());
        }
    }

    /** A member with what the signed-in user may do to them. */
    public record Row(Member member, boolean self, boolean mayChangeRole, boolean mayRemove, List<String> roles) {

        public String label() {
            return member.name() == null || member.name().isBlank() ? member.email() : member.name();
        }
    }

    static final class Roles {
        static final List<String> ALL = List.of("owner", "admin", "developer", "viewer");
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance members(View view, String notice, String problem, String email, String role,
                FormErrors errors);

        static native TemplateInstance remove(Workspace workspace, Row row, String problem);
    }

    private final WorkspacesApi workspaces;
    private final CurrentSession session;

    public MembersPages(@RestClient WorkspacesApi workspaces, CurrentSession session) {
        this.workspaces = workspaces;
        this.session = session;
    }

    @GET
    @Path("/members")
    public TemplateInstance list(@PathParam("id") String id, @QueryParam("done") String done,
            @QueryParam("name") String name) {
        return Templates.members(view(id), Notices.message(done, name), null, "", "developer", FormErrors.none());
    }

    @POST
    @Path("/members/invite")
    public Response invite(@PathParam("id") String id, @RestForm String email, @RestForm String role,
            @Context HttpHeaders headers) {
        try {
            Invitation invitation = workspaces.invite(id, new WorkspacesApi.Invite(email, role));
            return Redirects.to(done(id, "invited", invitation.email()), headers);
        } catch (ApiError e) {
            if (e.status() != 422 && e.status() != 409 && e.status() != 403) {
                throw e;
            }
            FormErrors errors = e.status() == 403 ? FormErrors.of("role", e.problem().detail())
                    : FormErrors.from(e.problem(), Set.of("email", "role"));
            return Response.status(422).entity(Templates.members(view(id), null, null, email, role, errors)).build();
        }
    }

    @POST
    @Path("/members/{userId}/role")
    public Response changeRole(@PathParam("id") String id, @PathParam("userId") String userId,
            @RestForm String role, @Context HttpHeaders headers) {
        try {
            Member changed = workspaces.changeRole(id, userId, new WorkspacesApi.NewRole(role)).members().stream()
                    .filter(m -> m.userId().equals(userId)).findFirst().orElseThrow();
            return Redirects.to(done(id, "role-changed", label(changed) + " to " + changed.role()), headers);
        } catch (ApiError e) {
            return refused(id, e);
        }
    }

    @POST
    @Path("/invitations/{invitationId}/revoke")
    public Response revoke(@PathParam("id") String id, @PathParam("invitationId") String invitationId,
            @RestForm String email, @Context HttpHeaders headers) {
        try {
            workspaces.revoke(id, invitationId);
            return Redirects.to(done(id, "revoked", email == null ? "the invitee" : email), headers);
        } catch (ApiError e) {
            return refused(id, e);
        }
    }

    @GET
    @Path("/members/{userId}/remove")
    public TemplateInstance confirmRemove(@PathParam("id") String id, @PathParam("userId") String userId) {
        View view = view(id);
        return Templates.remove(view.workspace(), row(view, userId), null);
    }

    @POST
    @Path("/members/{userId}/remove")
    public Response remove(@PathParam("id") String id, @PathParam("userId") String userId,
            @Context HttpHeaders headers) {
        View view = view(id);
        Row row = row(view, userId);
        try {
            if (row.self()) {
                workspaces.leave(id);
                return Redirects.to("/workspaces?done=left&name="
                        + URLEncoder.encode(view.workspace().name(), StandardCharsets.UTF_8), headers);
            }
            workspaces.remove(id, userId);
            return Redirects.to(done(id, "removed", row.label()), headers);
        } catch (ApiError e) {
            if (e.status() != 409 && e.status() != 403) {
                throw e;
            }
            return Response.status(422).entity(Templates.remove(view.workspace(), row, e.problem().detail())).build();
        }
    }

    private Response refused(String id, ApiError e) {
        if (e.status() != 409 && e.status() != 403 && e.status() != 422) {
            throw e;
        }
        return Response.status(422).entity(Templates.members(view(id), null, e.problem().detail(), "", "developer",
                FormErrors.none())).build();
    }

    private View view(String id) {
        Workspace workspace = workspaces.get(id); // 404 unless a member
        String me = session.getEmail();
        boolean admin = workspace.mayRename();
        boolean owner = "owner".equals(workspace.role());
        List<Row> rows = workspaces.members(id).members().stream().map(m -> {
            boolean self = m.email() != null && m.email().equalsIgnoreCase(me);
            boolean touchable = admin && (owner || !"owner".equals(m.role()));
            return new Row(m, self, touchable, touchable || self, owner ? Roles.ALL : Roles.ALL.subList(1, 4));
        }).toList();
        List<Invitation> invitations = admin ? workspaces.invitations(id).invitations() : List.of();
        return new View(workspace, rows, invitations, me);
    }

    private static Row row(View view, String userId) {
        return view.members().stream().filter(r -> r.member().userId().equals(userId)).findFirst()
                .orElseThrow(() -> new ApiError(new Problem(null, "Not found", 404,
                        "Member " + userId + " was not found", null, null, null)));
    }

    private static String label(Member member) {
        return member.name() == null || member.name().isBlank() ? member.email() : member.name();
    }

    private static String done(String id, String what, String name) {
        return "/workspaces/" + id + "/members?done=" + what + "&name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8);
    }
}
