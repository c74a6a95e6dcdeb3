package io.padic.api.identity;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The link of an invitation mail: what it offers, and accepting it. The token travels in the body, never the URL. */
@Path("/v1/invitations")
@Tag(name = "Accounts")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class InvitationResource {

    private final MemberService members;
    private final Caller caller;

    public InvitationResource(MemberService members, Caller caller) {
        this.members = members;
        this.caller = caller;
    }

    public record TokenBody(@NotBlank @Size(max = 200) String token) {
    }

    public record OfferView(String workspaceId, String workspaceName, String email, Role role, String invitedBy,
            Instant expiresAt) {
    }

    @POST
    @Path("/lookup")
    @Operation(summary = "What an invitation link offers (no sign-in needed: the token is the proof)")
    public OfferView lookup(@Valid @NotNull TokenBody body) {
        MemberService.Offer offer = members.offer(body.token());
        return new OfferView(offer.tenant().id, offer.tenant().name, offer.invitation().email,
                offer.invitation().role, offer.inviterName(), offer.invitation().expiresAt);
    }

    @POST
    @Path("/accept")
    @Operation(summary = "Join the workspace as the signed-in user, whose e-mail must be the invited one")
    public WorkspaceResource.WorkspaceView accept(@Valid @NotNull TokenBody body) {
        User user = caller.user();
        return WorkspaceResource.WorkspaceView.of(members.accept(user, body.token()), user.id);
    }
}
