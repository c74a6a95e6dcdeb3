package io.padic.dashboard.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** platform-api's accounts routes (docs/api.md, "Accounts"). */
@Path("/v1")
@RegisterRestClient(configKey = "padic-api")
@RegisterClientHeaders(BearerToken.class)
@RegisterProvider(ProblemResponses.class)
public interface AuthApi {

    record SignUp(String email, String password, String name) {
    }

    record LogIn(String email, String password) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record User(String id, String email, String name, boolean emailVerified) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Workspace(String id, String name, String role) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SignedIn(User user, String token) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Me(User user, List<Workspace> tenants) {
    }

    /**
     * {@code client} is the browser's address: platform-api limits sign-ins per client address, and trusts
     * this header only from proxies it is configured to trust (docs/operations.md, "Limits"). {@code userAgent} is
     * the browser's, so the user's list of sessions names their browsers, not this dashboard.
     */
    @POST
    @Path("/auth/signup")
    SignedIn signUp(SignUp body, @HeaderParam("X-Forwarded-For") String client,
            @HeaderParam("User-Agent") String userAgent);

    @POST
    @Path("/auth/login")
    SignedIn logIn(LogIn body, @HeaderParam("X-Forwarded-For") String client,
            @HeaderParam("User-Agent") String userAgent);

    record SingleSignOn(String idToken) {
    }

    /** Exchanges the provider's ID token for a session; platform-api checks the token itself. */
    @POST
    @Path("/auth/sso")
    SignedIn singleSignOn(SingleSignOn body, @HeaderParam("X-Forwarded-For") String client,
            @HeaderParam("User-Agent") String userAgent);

    @POST
    @Path("/auth/logout")
    void logOut();

    @GET
    @Path("/me")
    Me me();

    record Email(String email) {
    }

    record Token(String token) {
    }

    record NewPassword(String token, String password) {
    }

    /** What an invitation link offers (no session needed). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Offer(String workspaceId, String workspaceName, String email, String role, String invitedBy) {
    }

    @POST
    @Path("/auth/password-reset")
    void requestPasswordReset(Email body, @HeaderParam("X-Forwarded-For") String client);

    @POST
    @Path("/auth/password-reset/confirm")
    void resetPassword(NewPassword body);

    @POST
    @Path("/auth/verify-email")
    void resendVerification();

    @POST
    @Path("/auth/verify-email/confirm")
    void verifyEmail(Token body);

    @POST
    @Path("/invitations/lookup")
    Offer invitation(Token body);

    @POST
    @Path("/invitations/accept")
    Workspace acceptInvitation(Token body);
}
