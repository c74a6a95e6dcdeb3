package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createStrictProject;
import static io.padic.api.support.Api.member;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.signUp;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.api.support.Totp;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The second factor (TOTP, RFC 6238) with real codes computed by the library, as an authenticator app would:
 * enrol, confirm, sign in with a code, with a recovery code; a used code and a used recovery code are refused;
 * wrong codes count against the sign-in limit; turning it off needs a code; a workspace can require it.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class SecondFactorTest {

    /** An account with TOTP on: its secret (as the app holds it) and its ten recovery codes. */
    record Enrolled(Account account, String secret, List<String> recoveryCodes) {
    }

    static Enrolled enrol(Account account) {
        JsonPath started = as(account.token()).post("/v1/me/totp").then().statusCode(201)
                .body("otpauthUri", startsWith("otpauth://totp/PAdic:"))
                .body("qrSvg", startsWith("<svg")).extract().jsonPath();
        String secret = started.getString("secret");
        List<String> codes = as(account.token()).body(Map.of("code", Totp.code(secret, 0)))
                .post("/v1/me/totp/confirm").then().statusCode(200)
                .body("recoveryCodes", hasSize(10))
                .body("recoveryCodes[0]", matchesPattern("[0-9a-z]{5}-[0-9a-z]{5}"))
                .extract().jsonPath().getList("recoveryCodes");
        return new Enrolled(account, secret, codes);
    }

    private static ValidatableResponse logIn(Account account) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", account.email(), "password", ApiClient.PASSWORD)).post("/v1/auth/login").then();
    }

    /** The first step of a log-in with TOTP on: 401 second-factor-needed with its mfaToken. */
    private static String firstStep(Account account) {
        return problem(logIn(account), 401)
                .body("type", equalTo("https://padic.io/problems/second-factor-needed"))
                .body("token", nullValue())
                .body("mfaToken", startsWith("mfa_"))
                .extract().path("mfaToken");
    }

    private static ValidatableResponse secondStep(String mfaToken, String code) {
        return given().contentType(ContentType.JSON).body(Map.of("mfaToken", mfaToken, "code", code))
                .post("/v1/auth/login/second-factor").then();
    }

    @Test
    void enrolSignInWithACodeThenARecoveryCodeAndNeitherWorksTwice() {
        Account ada = signUp();
        as(ada.token()).get("/v1/me/totp").then().statusCode(200).body("enabled", equalTo(false));
        Enrolled e = enrol(ada);
        as(ada.token()).get("/v1/me/totp").then().statusCode(200).body("enabled", equalTo(true))
                .body("recoveryCodesLeft", equalTo(10));

        // The confirmation used this step's code: the next step's code signs in.
        String code = Totp.code(e.secret(), 1);
        String token = secondStep(firstStep(ada), code).statusCode(200).body("token", startsWith("pds_"))
                .body("user.id", equalTo(ada.userId())).extract().path("token");
        as(token).get("/v1/me").then().statusCode(200);

        // The same code again, in a new log-in: refused.
        problem(secondStep(firstStep(ada), code), 422)
                .body("type", equalTo("https://padic.io/problems/code-reused"))
                .body("errors.field", hasItem("code"));

        // A recovery code, with the dash or without, upper or lower case.
        String recovery = e.recoveryCodes().get(3);
        String viaRecovery = secondStep(firstStep(ada), recovery.toUpperCase().replace("-", "")).statusCode(200)
                .extract().path("token");
        assertNotEquals(token, viaRecovery);
        as(ada.token()).get("/v1/me/totp").then().body("recoveryCodesLeft", equalTo(9));
        problem(secondStep(firstStep(ada), recovery), 422)
                .body("type", equalTo("https://padic.io/problems/code-wrong"))
                .body("errors.field", hasItem("code"));
    }

    @Test
    void aSecondStepTokenWorksOnceAndAWrongOneIsRefused() {
        Enrolled e = enrol(signUp());
        String mfa = firstStep(e.account());
        secondStep(mfa, e.recoveryCodes().get(0)).statusCode(200);
        problem(secondStep(mfa, e.recoveryCodes().get(1)), 401).body("detail", containsString("log in again"));
        problem(secondStep("mfa_forged", e.recoveryCodes().get(1)), 401);
        problem(given().contentType(ContentType.JSON).body(Map.of("mfaToken", mfa))
                .post("/v1/auth/login/second-factor").then(), 422).body("errors.field", hasItem("code"));
    }

    @Test
    void wrongCodesCountAgainstTheAccountsSignInLimit() {
        Enrolled e = enrol(signUp());
        String mfa = firstStep(e.account());
        // The test profile lets 10 failed sign-ins per account in a window.
        for (int i = 0; i < 10; i++) {
            problem(secondStep(mfa, "000000".equals(Totp.code(e.secret(), 0)) ? "111111" : "000000"), 422);
        }
        problem(secondStep(mfa, Totp.code(e.secret(), 1)), 429).body("limit", equalTo("login-per-account"));
    }

    @Test
    void enrolmentNeedsTheRightFirstCodeAndCannotStartTwice() {
        Account bob = signUp();
        String secret = as(bob.token()).post("/v1/me/totp").then().statusCode(201).extract().path("secret");
        as(bob.token()).get("/v1/me/totp").then().body("pending", equalTo(true)).body("enabled", equalTo(false));
        String wrong = Totp.code(secret, 0).equals("123456") ? "654321" : "123456";
        problem(as(bob.token()).body(Map.of("code", wrong)).post("/v1/me/totp/confirm").then(), 422)
                .body("errors.field", hasItem("code"));
        // Not on yet: log-in answers a session at once.
        logIn(bob).statusCode(200).body("token", startsWith("pds_"));
        as(bob.token()).body(Map.of("code", Totp.code(secret, 0))).post("/v1/me/totp/confirm").then()
                .statusCode(200);
        problem(as(bob.token()).post("/v1/me/totp").then(), 409);
        problem(as(bob.token()).body(Map.of("code", Totp.code(secret, 1))).post("/v1/me/totp/confirm").then(), 409);
        Account carol = signUp();
        problem(as(carol.token()).body(Map.of("code", "123456")).post("/v1/me/totp/confirm").then(), 409)
                .body("detail", containsString("POST /v1/me/totp"));
    }

    @Test
    void turningItOffNeedsACurrentCode() {
        Enrolled e = enrol(signUp());
        String token = e.account().token();
        String wrong = Totp.code(e.secret(), 1).equals("123456") ? "654321" : "123456";
        problem(as(token).body(Map.of("code", wrong)).post("/v1/me/totp/disable").then(), 422)
                .body("errors.field", hasItem("code"));
        problem(as(token).body(Map.of()).post("/v1/me/totp/disable").then(), 422)
                .body("errors.field", hasItem("code"));
        as(token).body(Map.of("code", Totp.code(e.secret(), 1))).post("/v1/me/totp/disable").then().statusCode(204);
        as(token).get("/v1/me/totp").then().body("enabled", equalTo(false));
        logIn(e.account()).statusCode(200).body("token", startsWith("pds_"));
        problem(as(token).body(Map.of("code", Totp.code(e.secret(), 1))).post("/v1/me/totp/disable").then(), 409);
    }

    @Test
    void aWorkspaceThatRequiresASecondFactorRefusesMembersWithoutOne() {
        Account owner = signUp();
        String workspace = as(owner.token()).body(Map.of("name", "Strict")).post("/v1/workspaces").then()
                .statusCode(201).body("requireMfa", equalTo(false)).extract().path("id");
        String projectId = as(owner.token()).body(Map.of("name", "P", "tenantId", workspace)).post("/v1/projects")
                .then().statusCode(201).extract().path("id");
        // Not before the owner has it on: they would lock themselves out.
        problem(as(owner.token()).body(Map.of("requireMfa", true)).patch("/v1/workspaces/" + workspace).then(), 422)
                .body("errors.field", hasItem("requireMfa"));
        enrol(owner);
        Account viewer = member(workspace, "VIEWER");
        problem(as(viewer.token()).body(Map.of("requireMfa", true)).patch("/v1/workspaces/" + workspace).then(),
                403);
        as(owner.token()).body(Map.of("requireMfa", true)).patch("/v1/workspaces/" + workspace).then()
                .statusCode(200).body("requireMfa", equalTo(true)).body("name", equalTo("Strict"));

        problem(as(viewer.token()).get("/v1/projects/" + projectId).then(), 403)
                .body("type", equalTo("https://padic.io/problems/second-factor-required"))
                .body("workspaceId", equalTo(workspace))
                .body("detail", containsString("turn on TOTP"));
        problem(as(viewer.token()).get("/v1/workspaces/" + workspace).then(), 403);
        // Their list still names it (so the dashboard can say why), and their own workspace is unaffected.
        as(viewer.token()).get("/v1/workspaces").then().statusCode(200)
                .body("workspaces.find { it.id == '" + workspace + "' }.requireMfa", equalTo(true));
        String own = createStrictProject(viewer);
        as(viewer.token()).get("/v1/projects/" + own).then().statusCode(200);
        // With TOTP on, the viewer is let in.
        enrol(viewer);
        as(viewer.token()).get("/v1/projects/" + projectId).then().statusCode(200);
        as(owner.token()).get("/v1/projects/" + projectId).then().statusCode(200);
        as(owner.token()).body(Map.of("requireMfa", false)).patch("/v1/workspaces/" + workspace).then()
                .statusCode(200).body("requireMfa", equalTo(false));
    }

    @Test
    void reauthenticationTakesACodeToo() {
        Enrolled e = enrol(signUp());
        as(e.account().token()).body(Map.of("code", Totp.code(e.secret(), 1))).post("/v1/auth/reauth").then()
                .statusCode(200).body("recentUntil", not(nullValue()));
        problem(as(e.account().token()).body(Map.of("code", Totp.code(e.secret(), 1))).post("/v1/auth/reauth")
                .then(), 422).body("type", equalTo("https://padic.io/problems/code-reused"));
    }

    @Test
    void theEnrolmentUriTellsTheAppSixDigitsEveryThirtySeconds() {
        String uri = as(signUp().token()).post("/v1/me/totp").then().statusCode(201).extract().path("otpauthUri");
        assertEquals(true, uri.contains("&digits=6&period=30"), uri);
        assertEquals(true, uri.contains("issuer=PAdic"), uri);
    }
}
