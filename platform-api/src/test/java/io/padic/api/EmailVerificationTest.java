package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.signUp;
import static io.padic.api.support.MailResource.awaitMail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * E-mail verification (docs/api.md, Accounts): sign-up leaves the address unverified and mails a link; the link
 * marks it verified once; a signed-in user may ask for another mail.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(MailResource.class)
class EmailVerificationTest {

    private static final String SUBJECT = "Confirm your e-mail address";

    static Response verify(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token))
                .post("/v1/auth/verify-email/confirm");
    }

    @Test
    void signUpMailsALinkThatVerifiesTheAddressOnce() {
        Account account = signUp();
        as(account.token()).get("/v1/me").then().statusCode(200).body("user.emailVerified", equalTo(false));
        Received mail = awaitMail(account.email(), SUBJECT);
        assertEquals("http://127.0.0.1:8081/verify-email", mail.page());

        verify(mail.token()).then().statusCode(204);
        as(account.token()).get("/v1/me").then().statusCode(200).body("user.emailVerified", equalTo(true));
        problem(verify(mail.token()).then(), 410).body("type", equalTo("https://padic.io/problems/link-used"))
                .body("errors[0].field", equalTo("token"));
        problem(as(account.token()).post("/v1/auth/verify-email").then(), 409);
    }

    @Test
    void aSignedInUserGetsAnotherLinkAndAnExpiredOneIsRefused() {
        Account account = signUp();
        String first = awaitMail(account.email(), SUBJECT).token();
        Api.store().getCollection("one_time_tokens").updateOne(Filters.eq("_id", Digests.sha256(first)),
                Updates.set("expiresAt", new Date(System.currentTimeMillis() - 1000)));
        problem(verify(first).then(), 410).body("type", equalTo("https://padic.io/problems/link-expired"))
                .body("errors[0].field", equalTo("token"));

        problem(given().contentType(ContentType.JSON).post("/v1/auth/verify-email").then(), 401);
        as(account.token()).post("/v1/auth/verify-email").then().statusCode(202);
        String second = awaitMail(account.email(), SUBJECT, 2).token();
        assertNotEquals(first, second);
        verify(second).then().statusCode(204);
        as(account.token()).get("/v1/me").then().body("user.emailVerified", equalTo(true));
    }
}
