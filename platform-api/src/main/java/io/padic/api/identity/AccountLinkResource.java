package io.padic.api.identity;

import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Password reset and e-mail verification by mailed links. Tokens travel in the body, never in the URL. */
@Path("/v1")
@Tag(name = "Accounts")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AccountLinkResource {

    private final AccountLinks links;
    private final Caller caller;

    public AccountLinkResource(AccountLinks links, Caller caller) {
        this.links = links;
        this.caller = caller;
    }

    public record ResetRequest(@NotBlank @Size(max = 254) String email) {
    }

    public record NewPassword(@NotBlank @Size(max = 200) String token, @NotNull @Size(max = 200) String password) {
    }

    public record TokenBody(@NotBlank @Size(max = 200) String token) {
    }

    @POST
    @Path("/auth/password-reset")
    @Operation(summary = "Mail a password-reset link; answers 202 whether an account has this e-mail or not")
    public Response requestReset(@Valid @NotNull ResetRequest body, @Context HttpServerRequest request) {
        links.requestPasswordReset(body.email(), request.remoteAddress() == null ? "unknown"
                : request.remoteAddress().hostAddress());
        return Response.accepted().build();
    }

    @POST
    @Path("/auth/password-reset/confirm")
    @Operation(summary = "Set a new password with the link's token; ends every session of the account")
    public Response reset(@Valid @NotNull NewPassword body) {
        links.resetPassword(body.token(), body.password());
        return Response.noContent().build();
    }

    @POST
    @Path("/auth/verify-email")
    @Operation(summary = "Mail the signed-in user another verification link")
    public Response resendVerification() {
        links.resendVerification(caller.user());
        return Response.accepted().build();
    }

    @POST
    @Path("/auth/verify-email/confirm")
    @Operation(summary = "Mark the e-mail address verified with the link's token")
    public Response verify(@Valid @NotNull TokenBody body) {
        links.verifyEmail(body.token());
        return Response.noContent().build();
    }
}
