package io.padic.dashboard.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * platform-api's account security routes (docs/api.md, "Second factor (TOTP)", "Sessions and re-authentication",
 * "Personal access tokens").
 */
@Path("/v1")
@RegisterRestClient(configKey = "padic-api")
@RegisterClientHeaders(BearerToken.class)
@RegisterProvider(ProblemResponses.class)
public interface AccountApi {

    record Code(String code) {
    }

    record SecondFactor(String mfaToken, String code) {
    }

    record Reauth(String password, String code) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TotpStatus(boolean enabled, boolean pending, Instant enabledAt, int recoveryCodesLeft) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Enrolment(String secret, String otpauthUri, String qrSvg) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RecoveryCodes(List<String> recoveryCodes) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Session(String id, Instant createdAt, Instant lastSeenAt, Instant expiresAt, String clientAddress,
            String lastAddress, String userAgent, boolean current) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Sessions(List<Session> sessions) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SignedOut(int signedOut) {
    }

    record NewToken(String name, List<String> scopes, Integer expiresInDays) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Token(String id, String name, List<String> scopes, String hint, Instant createdAt, Instant expiresAt,
            Instant lastUsedAt, String token) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Tokens(List<Token> tokens) {
    }

    /** The second step of a log-in with TOTP on; {@code client} is the browser's address (see AuthApi). */
    @POST
    @Path("/auth/login/second-factor")
    AuthApi.SignedIn secondFactor(SecondFactor body, @HeaderParam("X-Forwarded-For") String client,
            @HeaderParam("User-Agent") String userAgent);

    @POST
    @Path("/auth/reauth")
    void reauth(Reauth body);

    @GET
    @Path("/me/totp")
    TotpStatus totp();

    @POST
    @Path("/me/totp")
    Enrolment startTotp();

    @POST
    @Path("/me/totp/confirm")
    RecoveryCodes confirmTotp(Code body);

    @POST
    @Path("/me/totp/disable")
    void disableTotp(Code body);

    @GET
    @Path("/me/sessions")
    Sessions sessions();

    @DELETE
    @Path("/me/sessions/{id}")
    void signOut(@PathParam("id") String id);

    @POST
    @Path("/me/sessions/sign-out-everywhere")
    SignedOut signOutEverywhere();

    @GET
    @Path("/me/tokens")
    Tokens tokens();

    @POST
    @Path("/me/tokens")
    Token createToken(NewToken body);

    @DELETE
    @Path("/me/tokens/{id}")
    void revokeToken(@PathParam("id") String id);
}
