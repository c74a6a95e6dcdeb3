package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createStrictProject;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.signUp;
import static io.padic.api.support.Api.store;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.mongodb.client.model.Filters;
import io.padic.api.common.Digests;
import io.padic.api.support.MovableClock;
import io.padic.api.support.MovableClockProfile;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sessions end by idle timeout (30 min here) and absolute lifetime (2 h here), judged by a clock the test moves;
 * a user lists their sessions and signs one or all others out; deleting a project or a workspace and creating a
 * key at a project's highest level need a sign-in or re-authentication within 10 minutes.
 */
@QuarkusTest
@TestProfile(MovableClockProfile.class)
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class SessionsAndReauthTest {

    @Inject
    MovableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static String logIn(Account account, String userAgent) {
        return given().contentType(ContentType.JSON).header("User-Agent", userAgent)
                .body(Map.of("email", account.email(), "password", ApiClient.PASSWORD)).post("/v1/auth/login").then()
                .statusCode(200).extract().path("token");
    }

    @Test
    void aSessionUnusedForTheIdleTimeoutEnds() {
        Account ada = signUp();
        clock.move(Duration.ofMinutes(20));
        as(ada.token()).get("/v1/me").then().statusCode(200); // seen: the idle time starts again
        clock.move(Duration.ofMinutes(20));
        as(ada.token()).get("/v1/me").then().statusCode(200);
        clock.move(Duration.ofMinutes(31));
        problem(as(ada.token()).get("/v1/me").then(), 401).body("detail", containsString("unused"));
        // Ended for good, also for the listing.
        clock.reset();
        problem(as(ada.token()).get("/v1/me").then(), 401);
    }

    @Test
    void aSessionInUseStillEndsAtItsLifetime() {
        Account ada = signUp();
        for (int i = 0; i < 5; i++) {
            clock.move(Duration.ofMinutes(20));
            as(ada.token()).get("/v1/me").then().statusCode(200);
        }
        clock.move(Duration.ofMinutes(21)); // 2 h 1 min after sign-in, 21 min after the last use
        problem(as(ada.token()).get("/v1/me").then(), 401).body("detail", containsString("lifetime"));
    }

    @Test
    void lastSeenIsWrittenAtMostOncePerMinute() {
        Account ada = signUp();
        Date first = (Date) session(ada.token()).get("lastSeenAt");
        clock.move(Duration.ofSeconds(30));
        as(ada.token()).get("/v1/me").then().statusCode(200);
        assertEquals(first, session(ada.token()).get("lastSeenAt"), "no write within the minute");
        clock.move(Duration.ofSeconds(31));
        as(ada.token()).get("/v1/me").then().statusCode(200);
        assertNotEquals(first, session(ada.token()).get("lastSeenAt"), "written once the minute is over");
    }

    private static Document session(String token) {
        return store().getCollection("sessions").find(Filters.eq("_id", Digests.sha256(token))).first();
    }

    @Test
    void aUserListsTheirSessionsAndSignsThemOut() {
        Account ada = signUp();
        String laptop = logIn(ada, "Laptop browser");
        String phone = logIn(ada, "Phone browser");
        Account other = signUp();

        var listed = as(laptop).get("/v1/me/sessions").then().statusCode(200)
                .body("sessions", hasSize(3))
                .body("sessions.findAll { it.current }", hasSize(1))
                .body("sessions.find { it.current }.userAgent", equalTo("Laptop browser"))
                .body("sessions.find { it.userAgent == 'Phone browser' }.clientAddress", equalTo("127.0.0.1"))
                .body("sessions[0].lastSeenAt", not(nullValue()))
                .body("sessions[0]", not(org.hamcrest.Matchers.hasKey("digest")))
                .extract().jsonPath();
        String phoneId = listed.getString("sessions.find { it.userAgent == 'Phone browser' }.id");
        // Nobody else's session can be named.
        problem(as(other.token()).delete("/v1/me/sessions/" + phoneId).then(), 404);
        as(laptop).delete("/v1/me/sessions/" + phoneId).then().statusCode(204);
        problem(as(phone).get("/v1/me").then(), 401);
        as(laptop).get("/v1/me/sessions").then().body("sessions", hasSize(2));

        as(laptop).post("/v1/me/sessions/sign-out-everywhere").then().statusCode(200).body("signedOut", equalTo(1));
        problem(as(ada.token()).get("/v1/me").then(), 401);
        as(laptop).get("/v1/me/sessions").then().body("sessions", hasSize(1)).body("sessions[0].current",
                equalTo(true));
        as(other.token()).get("/v1/me").then().statusCode(200);

        as(laptop).post("/v1/me/sessions/sign-out-everywhere?includeThis=true").then().statusCode(200);
        problem(as(laptop).get("/v1/me").then(), 401);
    }

    @Test
    void logOutRemovesTheSessionFromTheList() {
        Account ada = signUp();
        String second = logIn(ada, "curl");
        as(second).post("/v1/auth/logout").then().statusCode(204);
        as(ada.token()).get("/v1/me/sessions").then().body("sessions", hasSize(1));
        assertEquals(List.of(Digests.sha256(ada.token())), store().getCollection("users")
                .find(Filters.eq("_id", ada.userId())).first().getList("sessionDigests", String.class));
    }

    @Test
    void deletingAProjectNeedsARecentSignIn() {
        Account ada = signUp();
        String projectId = createStrictProject(ada);
        clock.move(Duration.ofMinutes(11));
        problem(as(ada.token()).delete("/v1/projects/" + projectId).then(), 403)
                .body("type", equalTo("https://padic.io/problems/reauth-required"))
                .body("reauthPath", equalTo("/v1/auth/reauth"));
        problem(as(ada.token()).body(Map.of("password", "wrong password")).post("/v1/auth/reauth").then(), 422)
                .body("errors.field", hasItem("password"));
        problem(as(ada.token()).body(Map.of()).post("/v1/auth/reauth").then(), 422)
                .body("errors.field", hasItem("password"));
        as(ada.token()).get("/v1/projects/" + projectId).then().statusCode(200);
        as(ada.token()).body(Map.of("password", ApiClient.PASSWORD)).post("/v1/auth/reauth").then().statusCode(200)
                .body("recentUntil", not(nullValue()));
        as(ada.token()).delete("/v1/projects/" + projectId).then().statusCode(204);
    }

    @Test
    void aFreshSignInCountsAsRecentForTenMinutes() {
        Account ada = signUp();
        String projectId = createStrictProject(ada);
        clock.move(Duration.ofMinutes(9));
        as(ada.token()).delete("/v1/projects/" + projectId).then().statusCode(204);
    }

    @Test
    void deletingAWorkspaceNeedsARecentSignIn() {
        Account ada = signUp();
        String workspace = as(ada.token()).body(Map.of("name", "Short-lived")).post("/v1/workspaces").then()
                .statusCode(201).extract().path("id");
        clock.move(Duration.ofMinutes(11));
        problem(as(ada.token()).delete("/v1/workspaces/" + workspace).then(), 403)
                .body("type", equalTo("https://padic.io/problems/reauth-required"));
        as(ada.token()).body(Map.of("password", ApiClient.PASSWORD)).post("/v1/auth/reauth").then().statusCode(200);
        as(ada.token()).delete("/v1/workspaces/" + workspace).then().statusCode(204);
    }

    @Test
    void aKeyAtTheProjectsHighestLevelNeedsARecentSignInOthersDoNot() {
        Account ada = signUp();
        String projectId = createStrictProject(ada);
        clock.move(Duration.ofMinutes(11));
        String keys = "/v1/projects/" + projectId + "/api-keys";
        as(ada.token()).body(Map.of("name", "reader", "scopes", List.of("objects:read"), "accessLevel", "public"))
                .post(keys).then().statusCode(201);
        problem(as(ada.token()).body(Map.of("name", "all", "scopes", List.of("objects:read"), "accessLevel",
                "owner")).post(keys).then(), 403).body("type", equalTo("https://padic.io/problems/reauth-required"));
        as(ada.token()).body(Map.of("password", ApiClient.PASSWORD)).post("/v1/auth/reauth").then().statusCode(200);
        as(ada.token()).body(Map.of("name", "all", "scopes", List.of("objects:read"), "accessLevel", "owner"))
                .post(keys).then().statusCode(201);
        // The re-authentication, too, lasts ten minutes.
        clock.move(Duration.ofMinutes(11));
        problem(as(ada.token()).body(Map.of("name", "again", "scopes", List.of("objects:read"), "accessLevel",
                "owner")).post(keys).then(), 403);
    }

    @Test
    void aPersonalAccessTokenExpires() {
        Account ada = signUp();
        String pat = as(ada.token()).body(Map.of("name", "ci", "scopes", List.of("projects:read"), "expiresInDays", 1))
                .post("/v1/me/tokens").then().statusCode(201).extract().path("token");
        as(pat).get("/v1/projects").then().statusCode(200);
        clock.move(Duration.ofHours(23));
        as(pat).get("/v1/projects").then().statusCode(200);
        clock.move(Duration.ofHours(1).plusMinutes(1));
        problem(as(pat).get("/v1/projects").then(), 401).body("detail", containsString("expired"));
    }
}
