package io.padic.api.identity;

import io.padic.api.common.ClientAddress;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Sign-up, log-in, log-out and "who am I" (control plane). */
@Path("/v1")
@Tag(name = "Accounts")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    private final IdentityService identity;
    private final SessionService sessions;
    private final Caller caller;
    private final AccountLinks links;
    private final SingleSignOn sso;

    public AuthResource(IdentityService identity, SessionService sessions, Caller caller, AccountLinks links,
            SingleSignOn sso) {
        this.sso = sso;
        this.identity = identity;
        this.sessions = sessions;
        this.caller = caller;
        this.links = links;
    }

    public record SignUp(@NotBlank @Email @Size(max = 254) String email,
            @NotNull @Size(min = 8, max = 200) String password,
            @NotBlank @Size(max = 200) String name) {
    }

    public record LogIn(@NotBlank @Size(max = 254) String email,
            @NotNull @Size(max = 200) String password) {
    }

    public record UserView(String id, String email, String name, boolean emailVerified) {
        static UserView of(User user) {
            return new UserView(user.id, user.email, user.name, user.emailVerified);
        }
    }

    public record TenantView(String id, String name, Role role) {
        static TenantView of(Tenant tenant, String userId) {
            return new TenantView(tenant.id, tenant.name, tenant.roleOf(userId).orElse(null));
        }
    }

    public record SignedUpView(UserView user, String token, TenantView tenant) {
    }

    public record LoggedInView(UserView user, String token) {
    }

    public record MeView(UserView user, List<TenantView> tenants) {
    }

    @POST
    @Path("/auth/signup")
    @Operation(summary = "Create an account and its personal workspace; returns a session token (shown once)")
    @APIResponse(responseCode = "201", description = "The account, its personal workspace and a session token (shown once)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SignedUpView.class)))
    public Response signUp(@Valid @NotNull SignUp body, @Context HttpServerRequest request) {
        IdentityService.SignedIn in = identity.signUp(body.email(), body.password(), body.name(), client(request));
        links.sendVerification(in.user());
        return Response.status(201)
                .entity(new SignedUpView(UserView.of(in.user()), in.token(), TenantView.of(in.tenant(), in.user().id)))
                .build();
    }

    @POST
    @Path("/auth/login")
    @Operation(summary = "Exchange e-mail and password for a session token; failed attempts are limited (429 with"
            + " Retry-After). With TOTP on: 401 second-factor-needed carrying an mfaToken for the second step")
    public LoggedInView logIn(@Valid @NotNull LogIn body, @Context HttpServerRequest request) {
        IdentityService.SignedIn in = identity.logIn(body.email(), body.password(), client(request));
        return new LoggedInView(UserView.of(in.user()), in.token());
    }

    public record SecondFactor(@NotBlank @Size(max = 200) String mfaToken, @NotBlank @Size(max = 40) String code) {
    }

    @POST
    @Path("/auth/login/second-factor")
    @Operation(summary = "Finish a log-in with TOTP on: the mfaToken of the first step and a TOTP code or an unused"
            + " recovery code; wrong codes count against the sign-in limits")
    public LoggedInView secondFactor(@Valid @NotNull SecondFactor body, @Context HttpServerRequest request) {
        IdentityService.SecondStep step = identity.finishLogIn(body.mfaToken(), body.code(), client(request));
        return new LoggedInView(UserView.of(step.signedIn().user()), step.signedIn().token());
    }

    public record SsoSignIn(@NotBlank @Size(max = 16384) String idToken) {
    }

    @POST
    @Path("/auth/sso")
    @Operation(summary = "Exchange an ID token of the configured OpenID Connect provider (padic.auth.sso.*) for a"
            + " session token. The token must be fresh and is accepted once. A first sign-in links to the account of"
            + " its e-mail only if the provider verified the e-mail and the account confirmed it (409 otherwise), or"
            + " creates an account when none has the e-mail. With TOTP on: 401 second-factor-needed, as a log-in."
            + " 404 when no provider is configured")
    public LoggedInView singleSignOn(@Valid @NotNull SsoSignIn body, @Context HttpServerRequest request) {
        IdentityService.SignedIn in = sso.signIn(body.idToken(), client(request));
        return new LoggedInView(UserView.of(in.user()), in.token());
    }

    public record Reauth(@Size(max = 200) String password, @Size(max = 40) String code) {
    }

    public record ReauthView(java.time.Instant recentUntil) {
    }

    @POST
    @Path("/auth/reauth")
    @Operation(summary = "Confirm the password (or a TOTP code) so that this session may delete a project or a"
            + " workspace or create a key at a project's highest level for the next padic.auth.reauth-window")
    public ReauthView reauth(@Valid @NotNull Reauth body) {
        Session session = caller.session();
        return new ReauthView(identity.reauthenticate(caller.user(), session, body.password(), body.code(),
                caller.clientAddress()));
    }

    /** The peer of the connection (a proxy's X-Forwarded-For only when quarkus.http.proxy.* trusts it). */
    private static SessionService.Client client(HttpServerRequest request) {
        return new SessionService.Client(ClientAddress.of(request), request.getHeader("User-Agent"));
    }

    @POST
    @Path("/auth/logout")
    @Operation(summary = "End the session of the bearer token")
    public Response logOut() {
        sessions.logOut(caller.session());
        return Response.noContent().build();
    }

    @GET
    @Path("/me")
    @Operation(summary = "The signed-in user and their workspaces")
    public MeView me() {
        User user = caller.user();
        return new MeView(UserView.of(user),
                identity.tenantsOf(user).stream().map(t -> TenantView.of(t, user.id)).toList());
    }
}
