package io.padic.dashboard.workspaces;

import io.padic.dashboard.client.ApiError;
import io.padic.dashboard.client.AuthApi;
import io.padic.dashboard.session.CurrentSession;
import io.padic.dashboard.session.SignInRequired;
import io.padic.dashboard.web.Redirects;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
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
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The page an invitation mail links to. Signed out, it offers sign-up (with the invited address) and log-in, both
 * of which come back here; signed in as the invited address, it accepts with one button. The token is used only by
 * that button's POST.
 */
@Path("/invitations/accept")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class InvitationPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance accept(String token, AuthApi.Offer offer, String here, String linkProblem,
                String problem, boolean signedIn, boolean invitedUser);
    }

    private final AuthApi api;
    private final CurrentSession session;

    public InvitationPages(@RestClient AuthApi api, CurrentSession session) {
        this.api = api;
        this.session = session;
    }

    @GET
    public Response page(@QueryParam("token") String token) {
        return show(token == null ? "" : token, null);
    }

    @POST
    public Response accept(@RestForm String token, @Context HttpHeaders headers) {
        if (!session.isSignedIn()) {
            throw new SignInRequired();
        }
        try {
            AuthApi.Workspace joined = api.acceptInvitation(new AuthApi.Token(token));
            return Redirects.to("/workspaces/" + joined.id() + "/members?done=joined&name="
                    + URLEncoder.encode(joined.name(), StandardCharsets.UTF_8), headers,
                    CurrentWorkspace.switchTo(joined.id()));
        } catch (ApiError e) {
            if (e.status() != 403 && e.status() != 409 && e.status() != 404 && e.status() != 410) {
                throw e;
            }
            return show(token, e.problem().detail());
        }
    }

    private Response show(String token, String problem) {
        String here = "/invitations/accept?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        try {
            AuthApi.Offer offer = api.invitation(new AuthApi.Token(token));
            return Response.status(problem == null ? 200 : 422)
                    .entity(Templates.accept(token, offer, here, null, problem, session.isSignedIn(),
                            session.isSignedIn() && session.getEmail().equalsIgnoreCase(offer.email()))).build();
        } catch (ApiError e) {
            if (e.status() != 404 && e.status() != 410 && e.status() != 422) {
                throw e;
            }
            return Response.status(e.status()).entity(Templates.accept(token, null, here,
                    problem == null ? e.problem().detail() : problem, null, session.isSignedIn(), false)).build();
        }
    }
}
