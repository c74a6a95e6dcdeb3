package io.padic.dashboard.account;

import io.padic.dashboard.client.AccountApi;
import io.padic.dashboard.client.ApiError;
import io.padic.dashboard.session.SessionCookie;
import io.padic.dashboard.session.SignedIn;
import io.padic.dashboard.web.FormErrors;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Account / Security: the second factor (enrol with the secret, its URI and QR code; confirm; recovery codes shown
 * once; turn off), the sessions (sign one out, or all others) and personal access tokens (create, shown once;
 * revoke).
 */
@Path("/account")
@SignedIn
@Blocking
@Produces(MediaType.TEXT_HTML)
public class AccountPages {

    /** Everything the page shows; the parts a step did not produce are null. */
    public record View(AccountApi.TotpStatus totp, AccountApi.Enrolment enrolment, List<String> recoveryCodes,
            FormErrors totpErrors, List<AccountApi.Session> sessions, List<AccountApi.Token> tokens,
            AccountApi.Token createdToken, TokenForm tokenForm, FormErrors tokenErrors, String notice) {
    }

    /** The token form as sent, kept when it is refused. */
    public record TokenForm(String name, List<String> scopes, String expiresInDays) {
        public boolean has(String scope) {
            return scopes != null && scopes.contains(scope);
        }
    }

    public static final List<String> SCOPES = List.of("workspaces:read", "workspaces:write", "projects:read",
            "projects:write", "keys:write", "event-types:write");
    private static final Map<String, String> NOTICES = Map.of(
            "totp-off", "Turned the second factor off.",
            "signed-out", "Signed that session out.",
            "signed-out-everywhere", "Signed out every other session.",
            "token-revoked", "Revoked the token; it no longer works.");
    private static final TokenForm EMPTY_FORM = new TokenForm("", List.of("projects:read"), "30");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance account(View view, List<String> scopes);
    }

    private final AccountApi api;
    private final SessionCookie cookies;

    public AccountPages(@RestClient AccountApi api, SessionCookie cookies) {
        this.api = api;
        this.cookies = cookies;
    }

    @GET
    public TemplateInstance page(@QueryParam("done") String done) {
        return render(null, null, FormErrors.none(), null, EMPTY_FORM, FormErrors.none(),
                done == null ? null : NOTICES.get(done));
    }

    @POST
    @Path("/totp")
    public TemplateInstance startTotp() {
        try {
            return render(api.startTotp(), null, FormErrors.none(), null, EMPTY_FORM, FormErrors.none(), null);
        } catch (ApiError e) {
            return render(null, null, FormErrors.from(e.problem(), Set.of()), null, EMPTY_FORM, FormErrors.none(),
                    null);
        }
    }

    /** The enrolment's secret, URI and QR come back with the code, so a wrong code keeps what the phone scanned. */
    @POST
    @Path("/totp/confirm")
    public Response confirmTotp(@RestForm String code, @RestForm String secret, @RestForm String otpauthUri,
            @RestForm String qrSvg) {
        try {
            List<String> codes = api.confirmTotp(new AccountApi.Code(code == null ? "" : code.trim()))
                    .recoveryCodes();
            return Response.ok(render(null, codes, FormErrors.none(), null, EMPTY_FORM, FormErrors.none(), null))
                    .build();
        } catch (ApiError e) {
            AccountApi.Enrolment kept = new AccountApi.Enrolment(secret, otpauthUri, qrSvg);
            return Response.status(422).entity(render(kept, null, codeErrors(e), null, EMPTY_FORM,
                    FormErrors.none(), null)).build();
        }
    }

    @POST
    @Path("/totp/disable")
    public Response disableTotp(@RestForm String code, @Context HttpHeaders headers) {
        try {
            api.disableTotp(new AccountApi.Code(code == null ? "" : code.trim()));
            return Redirects.to("/account?done=totp-off", headers);
        } catch (ApiError e) {
            return Response.status(422).entity(render(null, null, codeErrors(e), null, EMPTY_FORM,
                    FormErrors.none(), null)).build();
        }
    }

    private static FormErrors codeErrors(ApiError e) {
        return e.status() == 429 ? FormErrors.of("code", e.problem().detail()) : FormErrors.from(e.problem(),
                Set.of("code"));
    }

    @POST
    @Path("/sessions/{id}/sign-out")
    public Response signOut(@PathParam("id") String id, @RestForm String current, @Context HttpHeaders headers) {
        api.signOut(id);
        if ("true".equals(current)) {
            return Redirects.to("/login", headers, cookies.clear());
        }
        return Redirects.to("/account?done=signed-out", headers);
    }

    @POST
    @Path("/sessions/sign-out-everywhere")
    public Response signOutEverywhere(@Context HttpHeaders headers) {
        api.signOutEverywhere();
        return Redirects.to("/account?done=signed-out-everywhere", headers);
    }

    @POST
    @Path("/tokens")
    public Response createToken(@RestForm String name, @RestForm("scopes") List<String> scopes,
            @RestForm String expiresInDays) {
        TokenForm form = new TokenForm(name, scopes == null ? List.of() : scopes, expiresInDays);
        Integer days;
        try {
            days = Integer.valueOf(expiresInDays == null ? "" : expiresInDays.trim());
        } catch (NumberFormatException e) {
            return Response.status(422).entity(render(null, null, FormErrors.none(), null, form,
                    FormErrors.of("expiresInDays", "Give a whole number of days"), null)).build();
        }
        try {
            AccountApi.Token created = api.createToken(new AccountApi.NewToken(name, form.scopes(), days));
            return Response.ok(render(null, null, FormErrors.none(), created, EMPTY_FORM, FormErrors.none(), null))
                    .build();
        } catch (ApiError e) {
            FormErrors errors = FormErrors.from(e.problem(), Set.of("name", "scopes", "expiresInDays"));
            return Response.status(422).entity(render(null, null, FormErrors.none(), null, form, errors, null))
                    .build();
        }
    }

    @POST
    @Path("/tokens/{id}/revoke")
    public Response revokeToken(@PathParam("id") String id, @Context HttpHeaders headers) {
        api.revokeToken(id);
        return Redirects.to("/account?done=token-revoked", headers);
    }

    private TemplateInstance render(AccountApi.Enrolment enrolment, List<String> recoveryCodes, FormErrors totpErrors,
            AccountApi.Token createdToken, TokenForm form, FormErrors tokenErrors, String notice) {
        return Templates.account(new View(api.totp(), enrolment, recoveryCodes, totpErrors, api.sessions().sessions(),
                api.tokens().tokens(), createdToken, form, tokenErrors, notice), SCOPES);
    }
}
