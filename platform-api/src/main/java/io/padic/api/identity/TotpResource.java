package io.padic.api.identity;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The signed-in user's second factor (TOTP); a session only, never a personal access token. */
@Path("/v1/me/totp")
@Tag(name = "Accounts")
@Produces(MediaType.APPLICATION_JSON)
public class TotpResource {

    private final TotpService totp;
    private final Caller caller;

    public TotpResource(TotpService totp, Caller caller) {
        this.totp = totp;
        this.caller = caller;
    }

    public record StatusView(boolean enabled, boolean pending, Instant enabledAt, int recoveryCodesLeft) {
    }

    public record Code(@NotBlank @Size(max = 40) String code) {
    }

    public record RecoveryCodesView(boolean enabled, List<String> recoveryCodes) {
    }

    @GET
    @Operation(summary = "Whether TOTP is on, and how many recovery codes are left")
    public StatusView status() {
        caller.session();
        TotpService.Status s = totp.status(caller.user());
        return new StatusView(s.enabled(), s.pending(), s.enabledAt(), s.recoveryCodesLeft());
    }

    @POST
    @Operation(summary = "Start enrolment: a new secret (shown once) as base32, an otpauth:// URI and a QR code (SVG);"
            + " TOTP is on only once POST /v1/me/totp/confirm gets a first code")
    @APIResponse(responseCode = "201", description = "The secret to enter in an authenticator app",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TotpService.Enrolment.class)))
    public Response start() {
        caller.session();
        TotpService.Enrolment e = totp.start(caller.user());
        return Response.status(201).entity(e).build();
    }

    @POST
    @Path("/confirm")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Turn TOTP on with a first code; answers ten recovery codes, shown only here")
    public RecoveryCodesView confirm(@Valid @NotNull Code body) {
        caller.session();
        return new RecoveryCodesView(true, totp.confirm(caller.user(), body.code()));
    }

    @POST
    @Path("/disable")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Turn TOTP off with a current code or a recovery code")
    public Response disable(@Valid @NotNull Code body) {
        caller.session();
        totp.disable(caller.user(), body.code(), caller.clientAddress());
        return Response.noContent().build();
    }
}
