package io.padic.dashboard.auth;

import io.padic.dashboard.client.ApiError;
import io.padic.dashboard.client.AuthApi;
import io.padic.dashboard.session.CurrentSession;
import io.padic.dashboard.session.SignInRequired;
import io.padic.dashboard.web.FormErrors;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The pages that mailed links open: forgot password (ask for a link), reset password (set a new one with it), and
 * confirm an e-mail address; and asking for another confirmation mail. A link's page only shows a form: the token
 * is used by the form's POST, so a mail scanner that fetches the link uses nothing up.
 */
@Path("/")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class AccountPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance forgot(String email, FormErrors errors);

        static native TemplateInstance forgotSent(String email);

        static native TemplateInstance reset(String token, FormErrors errors, String linkProblem);

        static native TemplateInstance verify(String token, boolean verified, String linkProblem);
    }

    private final AuthApi api;
    private final CurrentSession session;

    public AccountPages(@RestClient AuthApi api, CurrentSession session) {
        this.api = api;
        this.session = session;
    }

    @GET
    @Path("forgot-password")
    public TemplateInstance forgotPage() {
        return Templates.forgot("", FormErrors.none());
    }

    @POST
    @Path("forgot-password")
    public Response requestReset(@RestForm String email, @Context HttpHeaders headers,
            @Context HttpServerRequest request) {
        try {
            api.requestPasswordReset(new AuthApi.Email(email), AuthPages.clientAddress(request));
        } catch (ApiError e) {
            if (e.status() != 422 && e.status() != 429) {
                throw e;
            }
            FormErrors errors = e.status() == 429 ? FormErrors.of("email", e.problem().detail())
                    : FormErrors.from(e.problem(), Set.of("email"));
            return Response.status(422).entity(Templates.forgot(email, errors)).build();
        }
        return Redirects.to("/forgot-password/sent?email=" + URLEncoder.encode(email.trim(), StandardCharsets.UTF_8),
                headers);
    }

    @GET
    @Path("forgot-password/sent")
    public TemplateInstance sent(@QueryParam("email") String email) {
        return Templates.forgotSent(email == null ? "" : email);
    }

    @GET
    @Path("reset-password")
    public TemplateInstance resetPage(@QueryParam("token") String token) {
        return Templates.reset(token == null ? "" : token, FormErrors.none(), null);
    }

    @POST
    @Path("reset-password")
    public Response reset(@RestForm String token, @RestForm String password, @Context HttpHeaders headers) {
        try {
            api.resetPassword(new AuthApi.NewPassword(token, password));
        } catch (ApiError e) {
            if (e.status() == 422) {
                return Response.status(422).entity(Templates.reset(token,
                        FormErrors.from(e.problem(), Set.of("password")), null)).build();
            }
            if (e.status() == 404 || e.status() == 410) {
                return Response.status(e.status()).entity(Templates.reset(token, FormErrors.none(),
                        e.problem().detail())).build();
            }
            throw e;
        }
        return Redirects.to("/login?done=password-reset", headers);
    }

    @GET
    @Path("verify-email")
    public TemplateInstance verifyPage(@QueryParam("token") String token) {
        return Templates.verify(token == null ? "" : token, false, null);
    }

    @POST
    @Path("verify-email")
    public Response verify(@RestForm String token) {
        try {
            api.verifyEmail(new AuthApi.Token(token));
        } catch (ApiError e) {
            if (e.status() != 404 && e.status() != 410 && e.status() != 422) {
                throw e;
            }
            return Response.status(e.status()).entity(Templates.verify(token, false, e.problem().detail())).build();
        }
        return Response.ok(Templates.verify("", true, null)).build();
    }

    /** Another confirmation mail for the signed-in user; back to the workspaces page with a notice. */
    @POST
    @Path("verify-email/resend")
    public Response resend(@Context HttpHeaders headers) {
        if (!session.isSignedIn()) {
            throw new SignInRequired();
        }
        try {
            api.resendVerification();
        } catch (ApiError e) {
            if (e.status() != 409 && e.status() != 429) {
                throw e;
            }
        }
        return Redirects.to("/workspaces?done=verification-sent&name="
                + URLEncoder.encode(session.getEmail(), StandardCharsets.UTF_8), headers);
    }
}
