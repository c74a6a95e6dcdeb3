package io.padic.api.identity;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A workspace's members and pending invitations (control plane, session token). */
@Path("/v1/workspaces")
@Tag(name = "Accounts")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class MemberResource {

    private final MemberService members;
    private final Caller caller;

    public MemberResource(MemberService members, Caller caller) {
        this.members = members;
        this.caller = caller;
    }

    public record InviteBody(@NotBlank @Email @Size(max = 254) String email, @NotNull Role role) {
    }

    public record RoleBody(@NotNull Role role) {
    }

    public record MemberView(String userId, String email, String name, Role role) {
        static MemberView of(MemberService.Member member) {
            User user = member.user();
            return new MemberView(member.membership().userId, user == null ? null : user.email,
                    user == null ? null : user.name, member.membership().role);
        }
    }

    public record InvitationView(String id, String email, Role role, String invitedBy, Instant createdAt,
            Instant expiresAt) {
        static InvitationView of(Tenant.Invitation invitation) {
            return new InvitationView(invitation.invitationId, invitation.email, invitation.role, invitation.invitedBy,
                    invitation.createdAt, invitation.expiresAt);
        }
    }

    @GET
    @Path("/{workspaceId}/members")
    @Operation(summary = "The workspace's members with their roles (any member)")
    public Map<String, List<MemberView>> list(@PathParam("workspaceId") String workspaceId) {
        return Map.of("members", members.members(caller.user(), workspaceId).stream().map(MemberView::of).toList());
    }

    @PATCH
    @Path("/{workspaceId}/members/{userId}")
    @Operation(summary = "Change a member's role (admin; only an owner makes or unmakes an owner; an owner always remains)")
    public Map<String, List<MemberView>> changeRole(@PathParam("workspaceId") String workspaceId,
            @PathParam("userId") String userId, @Valid @NotNull RoleBody body) {
        User user = caller.user();
        members.changeRole(user, workspaceId, userId, body.role());
        return list(workspaceId);
    }

    @DELETE
    @Path("/{workspaceId}/members/{userId}")
    @Operation(summary = "Remove a member (admin; an owner only by an owner; yourself: any role); an owner always remains")
    public Response remove(@PathParam("workspaceId") String workspaceId, @PathParam("userId") String userId) {
        members.remove(caller.user(), workspaceId, userId);
        return Response.noContent().build();
    }

    @POST
    @Path("/{workspaceId}/leave")
    @Operation(summary = "Leave the workspace (any member; its only owner cannot)")
    public Response leave(@PathParam("workspaceId") String workspaceId) {
        User user = caller.user();
        members.remove(user, workspaceId, user.id);
        return Response.noContent().build();
    }

    @GET
    @Path("/{workspaceId}/invitations")
    @Operation(summary = "Pending invitations (admin)")
    public Map<String, List<InvitationView>> invitations(@PathParam("workspaceId") String workspaceId) {
        return Map.of("invitations",
                members.invitations(caller.user(), workspaceId).stream().map(InvitationView::of).toList());
    }

    @POST
    @Path("/{workspaceId}/invitations")
    @Operation(summary = "Invite someone by e-mail with a role; the mail holds a single-use link (admin; owner role: owner)")
    @APIResponse(responseCode = "201", description = "The invitation (its link is mailed)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = InvitationView.class)))
    public Response invite(@PathParam("workspaceId") String workspaceId, @Valid @NotNull InviteBody body) {
        return Response.status(201).entity(InvitationView.of(
                members.invite(caller.user(), workspaceId, body.email(), body.role()))).build();
    }

    @DELETE
    @Path("/{workspaceId}/invitations/{invitationId}")
    @Operation(summary = "Withdraw a pending invitation (admin; an owner's invitation: owner)")
    public Response revoke(@PathParam("workspaceId") String workspaceId,
            @PathParam("invitationId") String invitationId) {
        members.revoke(caller.user(), workspaceId, invitationId);
        return Response.noContent().build();
    }
}
