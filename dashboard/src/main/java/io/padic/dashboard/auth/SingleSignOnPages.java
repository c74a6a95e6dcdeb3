package io.padic.dashboard.auth;

import io.padic.dashboard.client.ApiError;
import io.padic.dashboard.client.AuthApi;
import io.padic.dashboard.session.SessionCookie;
import io.padic.dashboard.web.FormErrors;
import io.padic.dashboard.web.Redirects;
import io.quarkus.oidc.IdToken;
import io.quarkus.oidc.OidcSession;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * "Sign in with …": {@code /login/sso} is guarded by quarkus-oidc's authorization code flow (application.properties),
 * so this page runs only once the provider has signed the browser in. It hands the ID token to platform-api, which
 * checks it and answers a PAdic session as a password log-in would; the flow's own cookie is dropped, so PAdic's
 * session cookie is the only sign-in the browser holds and "Log out" ends it.
 */
@Path("/login/sso")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class SingleSignOnPages {

    /** Where to go after the sign-in, kept across the trip to the provider (a local path only). */
    private static final String NEXT_COOKIE = "padic_sso_next";

    @Inject
    @IdToken
    JsonWebToken idToken;

    @Inject
    OidcSession oidcSession;

    @Inject
    @RestClient
    AuthApi api;

    @Inject
    SessionCookie cookies;

    /** The button's target: remembers {@code next}, then starts the flow (open to anyone, unlike /login/sso). */
    @GET
    @Path("start")
    public Response start(@QueryParam("next") String next, @Context HttpHeaders headers) {
        if (!SingleSignOnSettings.enabled()) {
            return Redirects.to("/login", headers);
        }
        NewCookie remember = new NewCookie.Builder(NEXT_COOKIE).value(AuthPages.safeNext(next)).path("/login/sso")
                .maxAge(600).httpOnly(true).sameSite(NewCookie.SameSite.LAX).build();
        return Redirects.to("/login/sso", headers, remember);
    }

    @GET
    public Response signedInAtTheProvider(@Context HttpHeaders headers, @Context HttpServerRequest request) {
        String raw = idToken.getRawToken();
        // The provider's session in this dashboard ends here; from now on the PAdic session cookie holds the sign-in.
        oidcSession.logout().await().indefinitely();
        Cookie remembered = headers.getCookies().get(NEXT_COOKIE);
        String next = remembered == null ? "" : AuthPages.safeNext(remembered.getValue());
        NewCookie forget = new NewCookie.Builder(NEXT_COOKIE).value("").path("/login/sso").maxAge(0).build();
        try {
            AuthApi.SignedIn in = api.singleSignOn(new AuthApi.SingleSignOn(raw), AuthPages.clientAddress(request),
                    request.getHeader("User-Agent"));
            return Redirects.to(next.isEmpty() ? "/projects" : next, headers,
                    cookies.issue(in.token(), in.user().email(), in.user().name(), headers), forget);
        } catch (ApiError e) {
            if (e.problem().is("second-factor-needed") && e.problem().mfaToken() != null) {
                return Response.ok(AuthPages.Templates.secondFactor(e.problem().mfaToken(), next, FormErrors.none()))
                        .cookie(forget).build();
            }
            // 409: the e-mail belongs to an account this identity may not open; say why on the log-in page.
            int status = e.status() == 409 ? 409 : e.status() >= 500 ? 503 : 422;
            return Response.status(status)
                    .entity(AuthPages.Templates.login("", next, null, FormErrors.from(e.problem(), Set.of())))
                    .cookie(forget).build();
        }
    }
}
