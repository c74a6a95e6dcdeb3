package io.padic.dashboard.auth;

import io.padic.dashboard.client.AccountApi;
import io.padic.dashboard.client.ApiError;
import io.padic.dashboard.client.AuthApi;
import io.padic.dashboard.session.CurrentSession;
import io.padic.dashboard.session.SessionCookie;
import io.padic.dashboard.web.FormErrors;
import io.padic.dashboard.web.Notices;
import io.padic.dashboard.web.Redirects;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;

/** Sign up, log in, log out. The platform-api session token goes into the encrypted session cookie. */
@Path("/")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class AuthPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(String email, String next, String notice, FormErrors errors);

        static native TemplateInstance signup(String email, String name, String next, FormErrors errors);

        static native TemplateInstance secondFactor(String mfaToken, String next, FormErrors errors);
    }

    private static final Set<String> SIGNUP_FIELDS = Set.of("email", "name", "password");
    private static final Pattern LOCAL_PATH =
            Pattern.compile("/(?![/\\\\])(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*");

    private final AuthApi api;
    private final AccountApi account;
    private final SessionCookie cookies;
    private final CurrentSession session;

    public AuthPages(@RestClient AuthApi api, @RestClient AccountApi account, SessionCookie cookies,
            CurrentSession session) {
        this.api = api;
        this.account = account;
        this.cookies = cookies;
        this.session = session;
    }

    @GET
    public Response home(@Context HttpHeaders headers) {
        return Redirects.to(session.isSignedIn() ? "/projects" : "/login", headers);
    }

    @GET
    @Path("login")
    public TemplateInstance loginPage(@QueryParam("next") String next, @QueryParam("done") String done) {
        return Templates.login("", safeNext(next), Notices.message(done, ""), FormErrors.none());
    }

    @POST
    @Path("login")
    public Response logIn(@RestForm String email, @RestForm String password, @RestForm String next,
            @Context HttpHeaders headers, @Context HttpServerRequest request) {
        try {
            AuthApi.SignedIn in = api.logIn(new AuthApi.LogIn(email, password), clientAddress(request),
                    request.getHeader("User-Agent"));
            return Redirects.to(safeNext(next).isEmpty() ? "/projects" : safeNext(next), headers,
                    cookies.issue(in.token(), in.user().email(), in.user().name(), headers));
        } catch (ApiError e) {
            if (e.problem().is("second-factor-needed") && e.problem().mfaToken() != null) {
                return Response.ok(Templates.secondFactor(e.problem().mfaToken(), safeNext(next), FormErrors.none()))
                        .build();
            }
            FormErrors errors = e.status() == 401 ? FormErrors.of("password", e.problem().detail())
                    : FormErrors.from(e.problem(), Set.of("email", "password"));
            return Response.status(422).entity(Templates.login(email, safeNext(next), null, errors)).build();
        }
    }

    /** The second step of a log-in with TOTP on: a code from the app, or a recovery code. */
    @POST
    @Path("login/second-factor")
    public Response secondFactor(@RestForm String mfaToken, @RestForm String code, @RestForm String next,
            @Context HttpHeaders headers, @Context HttpServerRequest request) {
        try {
            AuthApi.SignedIn in = account.secondFactor(new AccountApi.SecondFactor(mfaToken == null ? "" : mfaToken,
                    code == null ? "" : code.trim()), clientAddress(request), request.getHeader("User-Agent"));
            return Redirects.to(safeNext(next).isEmpty() ? "/projects" : safeNext(next), headers,
                    cookies.issue(in.token(), in.user().email(), in.user().name(), headers));
        } catch (ApiError e) {
            if (e.status() == 401) {
                // The first step expired or was used: back to the password.
                return Response.status(422).entity(Templates.login("", safeNext(next), null,
                        FormErrors.of("password", e.problem().detail()))).build();
            }
            FormErrors errors = e.status() == 429 ? FormErrors.of("code", e.problem().detail())
                    : FormErrors.from(e.problem(), Set.of("code"));
            return Response.status(422).entity(Templates.secondFactor(mfaToken, safeNext(next),
                    errors.isEmpty() ? FormErrors.of("code", e.problem().detail()) : errors)).build();
        }
    }

    @GET
    @Path("signup")
    public TemplateInstance signupPage(@QueryParam("next") String next, @QueryParam("email") String email) {
        return Templates.signup(email == null ? "" : email, "", safeNext(next), FormErrors.none());
    }

    @POST
    @Path("signup")
    public Response signUp(@RestForm String email, @RestForm String name, @RestForm String password,
            @RestForm String next, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        try {
            AuthApi.SignedIn in = api.signUp(new AuthApi.SignUp(email, password, name), clientAddress(request),
                    request.getHeader("User-Agent"));
            return Redirects.to(safeNext(next).isEmpty() ? "/projects" : safeNext(next), headers,
                    cookies.issue(in.token(), in.user().email(), in.user().name(), headers));
        } catch (ApiError e) {
            FormErrors errors = e.status() == 409 ? FormErrors.of("email", e.problem().detail())
                    : FormErrors.from(e.problem(), SIGNUP_FIELDS);
            return Response.status(422).entity(Templates.signup(email, name, safeNext(next), errors)).build();
        }
    }

    @POST
    @Path("logout")
    public Response logOut(@Context HttpHeaders headers) {
        if (session.isSignedIn()) {
            try {
                api.logOut();
            } catch (ApiError alreadyEnded) {
                // The token no longer works (expired or logged out elsewhere): the outcome is the same.
            }
        }
        return Redirects.to("/login", headers, cookies.clear());
    }

    /**
     * Only a path on this site, so the log-in form cannot be used to send people elsewhere: it starts with one
     * slash (not {@code //} or {@code /\}, which browsers read as another host) and holds only the characters
     * a URL path and query may hold as they are, with well-formed %-escapes. Anything else (spaces, tabs that
     * browsers drop, backslashes, fragments, other hosts) leads to the project list instead.
     */
    static String safeNext(String next) {
        return next != null && LOCAL_PATH.matcher(next).matches() ? next : "";
    }

    /** The browser's address, passed on so platform-api's per-address limits count browsers, not this dashboard. */
    static String clientAddress(HttpServerRequest request) {
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }
}
