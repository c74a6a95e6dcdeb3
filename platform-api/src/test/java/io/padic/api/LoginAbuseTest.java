package io.padic.api;

import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.signUp;
import static io.padic.api.support.Api.store;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.model.Filters;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Online guessing (issue 12, finding 3): failed log-ins per account are limited (here 10 per 10 s, the test
 * profile's window) with a 429 that says which limit and when to come back, also while Redis is down; weak
 * passwords are refused at sign-up; a lone surrogate in an auth body is a 422 naming the field, the same
 * answer for a known and an unknown e-mail.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class LoginAbuseTest {

    private static final String PASSWORD = "correct horse battery";
    private static final Duration WINDOW = Duration.ofSeconds(10);
    private boolean redisStopped;

    @AfterEach
    void redisRunsAgain() {
        // Other test classes share this app and this Redis.
        if (redisStopped) {
            RedisResource.redis().restart();
        }
    }

    @Test
    void twentyWrongPasswordsOnOneAccountAreRefusedWith429UntilTheWindowEnds() {
        String email = newEmail();
        signUp(email, PASSWORD);
        assertLimitedAfterTen(email);

        loginRefused(logIn(email, PASSWORD));
        await("the right password works once the window is over").atMost(WINDOW.multipliedBy(3))
                .pollInterval(Duration.ofMillis(250)).until(() -> logIn(email, PASSWORD).extract().statusCode() == 200);
        logIn(email, "wrong horse battery").statusCode(401);
    }

    @Test
    void anUnknownEMailIsLimitedExactlyLikeAKnownOne() {
        String unknown = newEmail();
        assertLimitedAfterTen(unknown);
        assertEquals(0, store().getCollection("users").countDocuments(Filters.eq("email", unknown)));
    }

    @Test
    void whileRedisIsDownEachProcessStillLimits() {
        String email = newEmail();
        signUp(email, PASSWORD);
        RedisResource.redis().stop();
        redisStopped = true;

        assertLimitedAfterTen(email);
        loginRefused(logIn(email, PASSWORD));
        given().get("/v1/ping").then().statusCode(200);
    }

    @Test
    void commonAndGuessablePasswordsAreRefusedAtSignUpNamingWhy() {
        for (String weak : List.of("password", "12345678", "aaaaaaaa", "qwertyuiop", "iloveyou1")) {
            String email = newEmail();
            problem(signUpAnswer(email, weak, "Test User"), 422)
                    .body("errors.field", equalTo(List.of("password")))
                    .body("errors[0].message", containsString("too easy to guess"))
                    .body("detail", containsString("password"));
            assertEquals(0, store().getCollection("users").countDocuments(Filters.eq("email", email)), weak);
        }
        problem(signUpAnswer(newEmail(), "password", "Test User"), 422)
                .body("errors[0].message", containsString("top-10 common password"));
        // The user's own name and the words of their e-mail are no secret either.
        problem(signUpAnswer(newEmail(), "Zebediah Quigglesworth", "Zebediah Quigglesworth"), 422)
                .body("errors.field", equalTo(List.of("password")));
        problem(signUpAnswer("zebulon.quaxford-" + UUID.randomUUID() + "@example.com", "zebulonquaxford", "Z"), 422)
                .body("errors.field", equalTo(List.of("password")));
        signUpAnswer(newEmail(), "amber kettle sunrise 42", "Test User").statusCode(201);
    }

    @Test
    void aLoneSurrogateInALogInIsA422NamingTheFieldForKnownAndUnknownEMails() {
        String known = newEmail();
        signUp(known, PASSWORD);
        String unknown = newEmail();

        String knownAnswer = lonePasswordLogIn(known);
        String unknownAnswer = lonePasswordLogIn(unknown);
        assertEquals(knownAnswer, unknownAnswer, "the answer must not tell whether the e-mail exists");

        problem(rawPost("/v1/auth/login", "{\"email\": \"a\\udc00b@example.com\", \"password\": \"x\"}"), 422)
                .body("errors.field", hasItem("email"));
        logIn(known, PASSWORD).statusCode(200);
    }

    @Test
    void aLoneSurrogateInASignUpIsA422NamingTheFieldAndStoresNothing() {
        String email = newEmail();
        problem(rawPost("/v1/auth/signup", "{\"email\": \"" + email
                + "\", \"password\": \"correct horse \\ud800 battery\", \"name\": \"Test\"}"), 422)
                .body("errors.field", equalTo(List.of("password")))
                .body("errors[0].message", containsString("unpaired surrogate"));
        problem(rawPost("/v1/auth/signup", "{\"email\": \"" + email
                + "\", \"password\": \"correct horse battery\", \"name\": \"Te\\udfffst\"}"), 422)
                .body("errors.field", equalTo(List.of("name")));
        assertEquals(0, store().getCollection("users").countDocuments(Filters.eq("email", email)));
        // A well-formed pair (an emoji written as two escapes) is fine.
        rawPost("/v1/auth/signup", "{\"email\": \"" + email
                + "\", \"password\": \"correct horse \\ud83d\\ude00 battery\", \"name\": \"Test\"}").statusCode(201);
    }

    /** Ten wrong passwords answer 401; the next ten answer 429 naming the per-account limit, with Retry-After. */
    private static void assertLimitedAfterTen(String email) {
        long start = System.nanoTime();
        for (int i = 1; i <= 10; i++) {
            logIn(email, "wrong horse battery " + i).statusCode(401);
        }
        assertTrue(System.nanoTime() - start < WINDOW.toNanos(), "ten log-ins took longer than the test's window");
        for (int i = 11; i <= 20; i++) {
            loginRefused(logIn(email, "wrong horse battery " + i));
        }
    }

    private static void loginRefused(ValidatableResponse answer) {
        problem(answer, 429)
                .header("Retry-After", Integer::parseInt, allOf(greaterThanOrEqualTo(1), lessThanOrEqualTo(10)))
                .body("limit", equalTo("login-per-account"))
                .body("detail", containsString("login-per-account"))
                .body("detail", containsString("at most 10 in 10 seconds"));
    }

    private static String lonePasswordLogIn(String email) {
        return problem(rawPost("/v1/auth/login", "{\"email\": \"" + email + "\", \"password\": \"abc\\ud800defgh\"}"),
                422).body("errors.field", equalTo(List.of("password"))).extract().asString();
    }

    private static ValidatableResponse rawPost(String path, String json) {
        return given().contentType(ContentType.JSON).body(json).post(path).then();
    }

    private static String newEmail() {
        return "abuse-" + UUID.randomUUID() + "@example.com";
    }

    private static ValidatableResponse signUpAnswer(String email, String password, String name) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password, "name", name))
                .post("/v1/auth/signup").then();
    }

    private static ValidatableResponse logIn(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .post("/v1/auth/login").then();
    }
}
