package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.signUp;
import static io.padic.api.support.MailResource.awaitMail;
import static io.padic.api.support.MailResource.mailsTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.padic.api.common.Digests;
import io.padic.api.support.Api;
import io.padic.api.support.MailResource;
import io.padic.api.support.MailResource.Received;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.testkit.Account;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Password reset by a mailed link (docs/api.md, Accounts): the request answers the same whether the account exists
 * or not, the mail (read from a real SMTP server) holds a single-use expiring link to the dashboard, and the new
 * password ends every session.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(MailResource.class)
class PasswordResetTest {

    private static final String NEW_PASSWORD = "violet tractor lagoon";

    static Response requestReset(String email) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email)).post("/v1/auth/password-reset");
    }

    static Response reset(String token, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token, "password", password))
                .post("/v1/auth/password-reset/confirm");
    }

    @Test
    void aKnownAndAnUnknownAddressGetTheSameAnswerAndOnlyTheAccountGetsAMail() {
        Account account = signUp();
        String unknown = "nobody-" + UUID.randomUUID() + "@example.com";

        Response forUnknown = requestReset(unknown);
        Response forKnown = requestReset(account.email().toUpperCase());
        assertEquals(202, forUnknown.statusCode());
        assertEquals(202, forKnown.statusCode());
        assertEquals(forUnknown.body().asString(), forKnown.body().asString());

        Received mail = awaitMail(account.email(), "Reset your PAdic password");
        assertEquals("http://127.0.0.1:8081/reset-password", mail.page());
        assertTrue(mail.text().contains("within 1 hour"), mail.text());
        assertEquals(List.of(), mailsTo(unknown, ""));
    }

    @Test
    void theMailArrivesWhenTheServerDropsTheConnectionTwice() {
        Account account = signUp();
        // As a restarting server or a broken network does: open connections close, and two new ones fail at once.
        MailResource.proxy().dropConnections(2);
        requestReset(account.email()).then().statusCode(202);
        awaitMail(account.email(), "Reset your PAdic password");
        assertEquals(0, MailResource.proxy().dropsLeft(), "both new connections were dropped");
        assertEquals(1, mailsTo(account.email(), "Reset your PAdic password").size());
    }

    @Test
    void theLinkSetsANewPasswordOnceAndEndsEverySession() {
        Account account = signUp();
        String otherSession = Api.logIn(account.email(), "correct horse battery");
        requestReset(account.email()).then().statusCode(202);
        String token = awaitMail(account.email(), "Reset your PAdic password").token();
        // The store keeps only the token's digest, as the document's key (I8).
        StringBuilder stored = new StringBuilder();
        Api.store().getCollection("one_time_tokens").find().forEach(d -> stored.append(d.toJson()));
        assertTrue(stored.toString().contains("\"" + Digests.sha256(token) + "\""), "kept as its digest");
        assertFalse(stored.toString().contains(token.substring(4)), "the store holds the token in the clear");

        // A refused password leaves the link working.
        problem(reset(token, "password").then(), 422).body("errors[0].field", equalTo("password"));
        reset(token, NEW_PASSWORD).then().statusCode(204);

        as(account.token()).get("/v1/me").then().statusCode(401);
        as(otherSession).get("/v1/me").then().statusCode(401);
        problem(given().contentType(ContentType.JSON)
                .body(Map.of("email", account.email(), "password", "correct horse battery"))
                .post("/v1/auth/login").then(), 401);
        String session = Api.logIn(account.email(), NEW_PASSWORD);
        as(session).get("/v1/me").then().statusCode(200).body("user.emailVerified", equalTo(true));

        problem(reset(token, "another fine passphrase").then(), 410)
                .body("type", equalTo("https://padic.io/problems/link-used"))
                .body("errors[0].field", equalTo("token"));
    }

    @Test
    void anExpiredOrUnknownLinkIsRefused() {
        Account account = signUp();
        requestReset(account.email()).then().statusCode(202);
        String token = awaitMail(account.email(), "Reset your PAdic password").token();
        Api.store().getCollection("one_time_tokens").updateOne(Filters.eq("_id", sha256(token)),
                Updates.set("expiresAt", new Date(System.currentTimeMillis() - 1000)));

        problem(reset(token, NEW_PASSWORD).then(), 410).body("errors[0].field", equalTo("token"))
                .body("title", equalTo("Link expired"));
        problem(reset("pdr_" + UUID.randomUUID(), NEW_PASSWORD).then(), 404).body("errors[0].field",
                equalTo("token"));
    }

    @Test
    void twoRequestsWithOneLinkAtOnceSetThePasswordOnce() throws Exception {
        Account account = signUp();
        requestReset(account.email()).then().statusCode(202);
        String token = awaitMail(account.email(), "Reset your PAdic password").token();
        List<Callable<Integer>> both = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            both.add(() -> reset(token, NEW_PASSWORD).statusCode());
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (Future<Integer> f : pool.invokeAll(both)) {
                statuses.add(f.get());
            }
        }
        assertEquals(1, statuses.stream().filter(s -> s == 204).count(), statuses.toString());
        assertEquals(3, statuses.stream().filter(s -> s == 410).count(), statuses.toString());
    }

    @Test
    void requestsAreLimitedPerAddressWhetherTheAccountExistsOrNot() {
        Account account = signUp();
        String unknown = "nobody-" + UUID.randomUUID() + "@example.com";
        for (int i = 0; i < 5; i++) {
            requestReset(unknown).then().statusCode(202);
            requestReset(account.email()).then().statusCode(202);
        }
        problem(requestReset(unknown).then(), 429).body("limit", equalTo("reset-per-account"));
        problem(requestReset(account.email()).then(), 429).body("limit", equalTo("reset-per-account"));
    }

    static String sha256(String token) {
        return Digests.sha256(token);
    }
}
