package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.signUp;
import static io.padic.api.support.MailResource.awaitMail;
import static io.padic.api.support.TestIdentityProvider.idToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.padic.api.support.Api;
import io.padic.api.support.MailResource;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.api.support.TestIdentityProvider;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

/**
 * Single sign-on (docs/api.md, "Single sign-on"): an ID token of the configured provider, checked by platform-api
 * itself, signs in to the account it is linked to, links to the account of a verified e-mail, or creates one; an
 * e-mail the provider did not verify never opens someone's account. The provider here is {@link
 * TestIdentityProvider} (its keys, its tokens); the browser flow through Keycloak is the dashboard's SingleSignOnE2E.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(MailResource.class)
@WithTestResource(TestIdentityProvider.class)
class SingleSignOnTest {

    private static ValidatableResponse sso(String idToken) {
        return given().contentType(ContentType.JSON).body(Map.of("idToken", idToken)).post("/v1/auth/sso").then();
    }

    private static String subject() {
        return "sub-" + UUID.randomUUID();
    }

    private static String email() {
        return "sso-" + UUID.randomUUID() + "@example.com";
    }

    /** A local account whose e-mail was confirmed through the mailed link. */
    private static Account confirmedAccount() {
        Account account = signUp(email(), ApiClient.PASSWORD);
        String token = awaitMail(account.email(), "Confirm your e-mail address").token();
        given().contentType(ContentType.JSON).body(Map.of("token", token)).post("/v1/auth/verify-email/confirm")
                .then().statusCode(204);
        return account;
    }

    private static JsonPath me(String token) {
        return as(token).get("/v1/me").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aFirstSignInWithoutAnAccountCreatesOneAndLaterSignInsOpenIt() {
        String subject = subject();
        String email = email();
        JsonPath first = sso(idToken(subject, email.toUpperCase(), true)).statusCode(200)
                .body("token", startsWith("pds_")).body("user.email", equalTo(email))
                .body("user.emailVerified", equalTo(true)).body("user.name", equalTo("Test " + subject))
                .extract().jsonPath();
        JsonPath account = me(first.getString("token"));
        assertEquals(1, account.getList("tenants").size(), "a personal workspace, as a sign-up makes");
        assertEquals("owner", account.getString("tenants[0].role"));

        String again = sso(idToken(subject, email, true)).statusCode(200)
                .body("user.id", equalTo(first.getString("user.id"))).extract().path("token");
        assertNotEquals(first.getString("token"), again);
        // The link is the provider's subject, not the e-mail: a changed address at the provider still opens it.
        sso(idToken(subject, "renamed-" + email, true)).statusCode(200)
                .body("user.id", equalTo(first.getString("user.id")));
        // Re-authenticating with a password says there is none, and how to get one.
        problem(as(again).body(Map.of("password", ApiClient.PASSWORD)).post("/v1/auth/reauth").then(), 422)
                .body("errors[0].field", equalTo("password"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("has no password"));
        // The account has no password: a log-in with any password fails as for a wrong one.
        problem(given().contentType(ContentType.JSON).body(Map.of("email", email, "password", ApiClient.PASSWORD))
                .post("/v1/auth/login").then(), 401);
    }

    @Test
    void aVerifiedEmailLinksToTheConfirmedAccountOnceAndTheAuditLogSaysSo() {
        Account local = confirmedAccount();
        String subject = subject();
        sso(idToken(subject, local.email(), true)).statusCode(200).body("user.id", equalTo(local.userId()));
        sso(idToken(subject, local.email(), true)).statusCode(200).body("user.id", equalTo(local.userId()));
        List<String> actions = as(local.token()).get("/v1/workspaces/" + local.tenantId() + "/audit?limit=50")
                .then().statusCode(200).extract().jsonPath().getList("entries.action");
        assertEquals(1, actions.stream().filter("account.sso_linked"::equals).count(), actions.toString());
        assertEquals(List.of("signin.succeeded", "signin.succeeded", "account.sso_linked"), actions.subList(0, 3));
        // The password still works beside it.
        Api.logIn(local.email(), ApiClient.PASSWORD);
    }

    @Test
    void anUnverifiedEmailClaimDoesNotTakeOverAnAccount() {
        Account local = confirmedAccount();
        problem(sso(idToken(subject(), local.email(), false)), 409)
                .body("type", equalTo("https://padic.io/problems/sso-email-unverified"))
                .body("email", equalTo(local.email()));
        // Nor does a second try, or a claim without email_verified at all.
        problem(sso(idToken(subject(), local.email(), false, c -> c.unsetClaim("email_verified"))), 409);
        List<String> actions = as(local.token()).get("/v1/workspaces/" + local.tenantId() + "/audit?limit=50")
                .then().extract().jsonPath().getList("entries.action");
        assertEquals(0, actions.stream().filter(a -> a.startsWith("account.sso") || a.equals("signin.succeeded"))
                .count(), actions.toString());
        assertEquals(1, as(local.token()).get("/v1/me/sessions").then().statusCode(200).extract().jsonPath()
                .getList("sessions").size(), "no session was opened for the claim");
    }

    @Test
    void anAccountThatNeverConfirmedItsEmailIsNotLinkedEvenToAVerifiedClaim() {
        Account unconfirmed = signUp(email(), ApiClient.PASSWORD);
        problem(sso(idToken(subject(), unconfirmed.email(), true)), 409)
                .body("type", equalTo("https://padic.io/problems/sso-account-unconfirmed"));
        String token = awaitMail(unconfirmed.email(), "Confirm your e-mail address").token();
        given().contentType(ContentType.JSON).body(Map.of("token", token)).post("/v1/auth/verify-email/confirm")
                .then().statusCode(204);
        sso(idToken(subject(), unconfirmed.email(), true)).statusCode(200)
                .body("user.id", equalTo(unconfirmed.userId()));
    }

    @Test
    void tokensTheProviderDidNotIssueToUsNowAreRefused() {
        String email = email();
        String used = idToken(subject(), email, true);
        sso(used).statusCode(200);
        problem(sso(used), 401).body("detail", equalTo("This sign-in was used already; sign in again"));

        problem(sso(idToken(subject(), email(), true, c -> c.setAudience("another-client"))), 401);
        problem(sso(idToken(subject(), email(), true, c -> c.setIssuer("http://127.0.0.1:1/realms/other"))), 401);
        problem(sso(idToken(subject(), email(), true, c -> c.setExpirationTime(
                NumericDate.fromSeconds(System.currentTimeMillis() / 1000 - 120)))), 401);
        problem(sso(idToken(subject(), email(), true, c -> c.setIssuedAt(
                NumericDate.fromSeconds(System.currentTimeMillis() / 1000 - 3600)))), 401)
                .body("detail", equalTo("The identity provider's token is too old; sign in again"));
        problem(sso(TestIdentityProvider.signedByStranger(subject(), email())), 401);
        // alg "none": the claims of a valid token without its signature.
        String[] parts = idToken(subject(), email(), true).split("\\.");
        problem(sso("eyJhbGciOiJub25lIn0." + parts[1] + "."), 401);
        problem(sso("not a token"), 401);
        problem(sso(""), 422).body("errors[0].field", equalTo("idToken"));
        problem(sso(idToken(subject(), null, true, c -> c.unsetClaim("email"))), 422)
                .body("errors[0].field", equalTo("idToken"));
    }

    @Test
    void withTotpOnTheSignInAsksForTheSecondFactor() {
        Account local = confirmedAccount();
        SecondFactorTest.Enrolled enrolled = SecondFactorTest.enrol(local);
        String subject = subject();
        String mfa = problem(sso(idToken(subject, local.email(), true)), 401)
                .body("type", equalTo("https://padic.io/problems/second-factor-needed"))
                .extract().path("mfaToken");
        given().contentType(ContentType.JSON)
                .body(Map.of("mfaToken", mfa, "code", enrolled.recoveryCodes().get(0)))
                .post("/v1/auth/login/second-factor").then().statusCode(200)
                .body("user.id", equalTo(local.userId()));
    }

    @Test
    void twinFirstSignInsOfOneIdentityMakeOneAccount() throws Exception {
        String subject = subject();
        String email = email();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String token = idToken(subject, email, true);
                ids.add(pool.submit(() -> sso(token).statusCode(200).extract().<String>path("user.id")));
            }
            String first = ids.get(0).get();
            for (Future<String> id : ids) {
                assertEquals(first, id.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, Api.store().getCollection("users").countDocuments(new org.bson.Document("email", email)));
    }
}
