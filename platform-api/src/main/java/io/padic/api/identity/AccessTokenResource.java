package io.padic.api.identity;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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

/** Personal access tokens for scripts and CI: create (secret shown once), list, revoke (a session only). */
@Path("/v1/me/tokens")
@Tag(name = "Accounts")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AccessTokenResource {

    private final AccessTokenService tokens;
    private final Caller caller;

    public AccessTokenResource(AccessTokenService tokens, Caller caller) {
        this.tokens = tokens;
        this.caller = caller;
    }

    public record CreateToken(@NotBlank @Size(max = 200) String name, @NotEmpty List<@NotNull String> scopes,
            @NotNull Integer expiresInDays) {
    }

    public record TokenView(String id, String name, List<String> scopes, String hint, Instant createdAt,
            Instant expiresAt, Instant lastUsedAt) {
        static TokenView of(AccessToken t) {
            return new TokenView(t.tokenId, t.name, t.scopes, t.hint, t.createdAt, t.expiresAt, t.lastUsedAt);
        }
    }

    public record CreatedTokenView(String id, String name, String token, List<String> scopes, Instant createdAt,
            Instant expiresAt) {
    }

    @POST
    @Operation(summary = "Create a personal access token (pat_...) with scopes " + "workspaces:read, workspaces:write,"
            + " projects:read, projects:write, keys:write, event-types:write; the token is shown only here")
    @APIResponse(responseCode = "201", description = "The token, with its secret (shown once)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreatedTokenView.class)))
    public Response create(@Valid @NotNull CreateToken body) {
        caller.session();
        AccessTokenService.Created c = tokens.create(caller.user(), body.name(), body.scopes(), body.expiresInDays());
        return Response.status(201).entity(new CreatedTokenView(c.token().tokenId, c.token().name, c.secret(),
                c.token().scopes, c.token().createdAt, c.token().expiresAt)).build();
    }

    @GET
    @Operation(summary = "Your personal access tokens that work, without their secrets, with their last use")
    public Map<String, List<TokenView>> list() {
        caller.session();
        return Map.of("tokens", tokens.list(caller.user()).stream().map(TokenView::of).toList());
    }

    @DELETE
    @Path("/{tokenId}")
    @Operation(summary = "Revoke a personal access token; it stops working at once")
    public Response revoke(@PathParam("tokenId") String tokenId) {
        caller.session();
        tokens.revoke(caller.user(), tokenId);
        return Response.noContent().build();
    }
}
