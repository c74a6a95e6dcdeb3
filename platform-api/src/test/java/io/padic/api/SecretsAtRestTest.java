package io.padic.api;

import static com.mongodb.client.model.Filters.eq;
import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createKey;
import static io.padic.api.support.Api.createProject;
import static io.padic.api.support.Api.readObject;
import static io.padic.api.support.Api.signUp;
import static io.padic.api.support.Api.store;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.mongodb.client.MongoDatabase;
import io.padic.api.common.Digests;
import io.padic.api.support.Api;
import io.padic.api.support.CapturedLogs;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.api.support.Totp;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import org.bson.Document;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * I8: the store holds no password, session token, API key, personal access token, recovery code or pending
 * sign-in token in the clear, only hashes and digests, and the TOTP secret only sealed with the server key; Redis
 * and the logs hold none of them at all; and an API key is shown once, in the answer that creates it.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class SecretsAtRestTest {

    @Inject
    RedisDataSource redis;

    @Test
    void theStoreHoldsNoSecretInTheClear() {
        String email = "secrets-" + UUID.randomUUID() + "@example.com";
        String password = "pw-" + UUID.randomUUID();
        Account account = signUp(email, password);
        String loginToken = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .post("/v1/auth/login").then().statusCode(200).extract().path("token");
        assertNotEquals(account.token(), loginToken, "each session has its own token");
        String projectId = createProject(account);
        String fullKey = createKey(account, projectId, "owner", List.of("objects:read", "objects:write"));
        String readKey = createKey(account, projectId, "public", List.of("objects:read"));
        // The keys work, so what the store holds is what the server really uses.
        as(fullKey).body(Map.of("type", "Note", "id", "n1")).post("/v1/objects").then().statusCode(201);
        readObject(readKey, "n1", null).statusCode(200);

        List<String> secrets = List.of(password, account.token(), loginToken, fullKey, readKey);
        String dump = dumpStore();
        for (String secret : secrets) {
            assertFalse(dump.contains(secret), "the store holds a secret in the clear: " + secret);
            String body = secret.substring(secret.indexOf('_') + 1);
            assertFalse(dump.contains(body), "the store holds the body of a secret: " + secret);
        }
        for (String token : List.of(account.token(), loginToken, fullKey, readKey)) {
            assertTrue(dump.contains(Digests.sha256(token)), "a token is kept as its SHA-256 digest");
        }

        Document user = store().getCollection("users").find(eq("email", email)).first();
        String hash = user.getString("passwordHash");
        assertTrue(hash.startsWith("$2b$"), "the password is stored as a bcrypt hash, not " + hash);
        assertEquals(60, hash.length(), "a bcrypt hash has 60 characters");
    }

    @Test
    void anApiKeyIsShownOnlyWhenItIsCreated() {
        Account account = signUp();
        String projectId = createProject(account);
        var created = as(account.token())
                .body(Map.of("name", "ci", "scopes", List.of("events:write"), "accessLevel", "member"))
                .post("/v1/projects/" + projectId + "/api-keys").then().statusCode(201)
                .body("key", startsWith("pdk_")).body("name", equalTo("ci"))
                .extract().jsonPath();
        String key = created.getString("key");
        String body = key.substring(4);

        String listed = as(account.token()).get("/v1/projects/" + projectId + "/api-keys").then().statusCode(200)
                .body("apiKeys", hasSize(1))
                .body("apiKeys[0].id", equalTo(created.getString("id")))
                .body("apiKeys[0].name", equalTo("ci"))
                .body("apiKeys[0]", not(hasKey("key")))
                .body("apiKeys[0]", not(hasKey("digest")))
                .extract().asString();
        String project = as(account.token()).get("/v1/projects/" + projectId).then().statusCode(200)
                .extract().asString();
        String projects = as(account.token()).get("/v1/projects").then().statusCode(200).extract().asString();
        String me = as(account.token()).get("/v1/me").then().statusCode(200).extract().asString();
        for (String answer : List.of(listed, project, projects, me)) {
            assertFalse(answer.contains(body), "a later answer shows the key: " + answer);
            assertFalse(answer.contains(Digests.sha256(key)), "a later answer shows the key's digest: " + answer);
        }
        assertFalse(me.contains(account.token()), "the session token is shown only at sign-up");
    }

    @Test
    void neitherRedisNorTheLogsHoldASecret() {
        String email = "logs-" + UUID.randomUUID() + "@example.com";
        String password = "pw-" + UUID.randomUUID();
        List<String> secrets = new ArrayList<>(List.of(password));
        String projectId;
        String logs;
        try (CapturedLogs captured = CapturedLogs.start()) {
            Logger.getLogger(SecretsAtRestTest.class.getName()).info("capture-check");
            Account account = signUp(email, password);
            given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password + "x"))
                    .post("/v1/auth/login").then().statusCode(401);
            String loginToken = given().contentType(ContentType.JSON)
                    .body(Map.of("email", email, "password", password))
                    .post("/v1/auth/login").then().statusCode(200).extract().path("token");
            projectId = createProject(account);
            String key = createKey(account, projectId, "owner", Api.ALL_SCOPES);
            secrets.addAll(List.of(account.token(), loginToken, key));

            // The data plane, so that Redis holds computed states and the recent-events feed of the project.
            Api.createObject(key, "Note", "n1");
            Api.sendEvent(key, "Noted", "n1", Map.of("text", "hello")).statusCode(201);
            Api.sendBatch(key, List.of(Map.of("type", "Noted", "concerns", "n1", "metaData", Map.of("text", "again"))));
            readObject(key, "n1", null).statusCode(200).body("state.text", equalTo("again"));
            readObject(key, "n1", "seq=1").statusCode(200);
            as(loginToken).get("/v1/projects/" + projectId + "/events/recent").then().statusCode(200);
            as(loginToken).post("/v1/auth/logout").then().statusCode(204);
            as(loginToken).get("/v1/me").then().statusCode(401);
            logs = captured.text();
        }
        assertTrue(logs.contains("capture-check"), "the logs are captured");
        String redisDump = dumpRedis();
        assertTrue(redisDump.contains(projectId), "the dump reaches this project's states and feed");

        for (String secret : secrets) {
            String body = secret.substring(secret.indexOf('_') + 1);
            assertFalse(redisDump.contains(body), "Redis holds a secret: " + secret);
            assertFalse(logs.contains(body), "the logs hold a secret: " + secret);
            assertFalse(logs.contains(Digests.sha256(secret)), "the logs hold a secret's digest: " + secret);
        }
        // The access log (on in production) writes no header, so no Authorization.
        String accessLog = ConfigProvider.getConfig().getValue("quarkus.http.access-log.pattern", String.class);
        assertFalse(accessLog.toLowerCase().contains("authorization") || accessLog.contains("ALL_REQUEST_HEADERS")
                || accessLog.contains("%{i,"), "the access log pattern writes request headers: " + accessLog);
    }

    @Test
    void theSecondFactorAndPersonalAccessTokensAreNeverKeptInTheClear() {
        List<String> secrets = new ArrayList<>();
        String logs;
        String userId;
        try (CapturedLogs captured = CapturedLogs.start()) {
            Account account = signUp();
            userId = account.userId();
            String totpSecret = as(account.token()).post("/v1/me/totp").then().statusCode(201).extract()
                    .path("secret");
            List<String> recovery = as(account.token()).body(Map.of("code", Totp.code(totpSecret, 0)))
                    .post("/v1/me/totp/confirm").then().statusCode(200).extract().jsonPath()
                    .getList("recoveryCodes");
            String mfaToken = given().contentType(ContentType.JSON)
                    .body(Map.of("email", account.email(), "password", ApiClient.PASSWORD))
                    .post("/v1/auth/login").then().statusCode(401).extract().path("mfaToken");
            String session = given().contentType(ContentType.JSON)
                    .body(Map.of("mfaToken", mfaToken, "code", Totp.code(totpSecret, 1)))
                    .post("/v1/auth/login/second-factor").then().statusCode(200).extract().path("token");
            String pat = as(session).body(Map.of("name", "ci", "scopes", List.of("projects:read"),
                    "expiresInDays", 7)).post("/v1/me/tokens").then().statusCode(201).extract().path("token");
            as(pat).get("/v1/projects").then().statusCode(200);
            assertTrue(store().getCollection("access_tokens").find(eq("_id", Digests.sha256(pat))).first() != null,
                    "a personal access token is kept as its SHA-256 digest");
            secrets.add("totp_" + totpSecret);
            recovery.forEach(c -> secrets.add("rc_" + c));
            recovery.forEach(c -> secrets.add("rc_" + c.replace("-", "")));
            secrets.addAll(List.of(mfaToken, session, pat));
            logs = captured.text();
        }
        String dump = dumpStore();
        String redisDump = dumpRedis();
        for (String secret : secrets) {
            String body = secret.substring(secret.indexOf('_') + 1);
            assertFalse(dump.contains(body), "the store holds a secret in the clear: " + secret);
            assertFalse(redisDump.contains(body), "Redis holds a secret: " + secret);
            assertFalse(logs.contains(body), "the logs hold a secret: " + secret);
        }
        Document user = store().getCollection("users").find(eq("_id", userId)).first();
        Document totp = user.get("totp", Document.class);
        assertTrue(totp.getString("sealedSecret").startsWith("v1:"), "the TOTP secret is sealed: " + totp);
        assertEquals(10, totp.getList("recoveryCodes", String.class).size());
        totp.getList("recoveryCodes", String.class).forEach(d -> assertEquals(64, d.length(), "a SHA-256 digest"));
    }

    /** Every key of the Redis server with its value, whatever its type. */
    private String dumpRedis() {
        StringBuilder dump = new StringBuilder();
        for (String key : redis.key().keys("*")) {
            dump.append(key).append(' ');
            switch (redis.key().type(key)) {
                case STRING -> dump.append(redis.value(String.class).get(key));
                case STREAM -> redis.stream(String.class).xrange(key, StreamRange.of("-", "+"))
                        .forEach(m -> dump.append(m.id()).append(m.payload()));
                case HASH -> dump.append(redis.hash(String.class).hgetall(key));
                case LIST -> dump.append(redis.list(String.class).lrange(key, 0, -1));
                case SET -> dump.append(redis.set(String.class).smembers(key));
                case ZSET -> dump.append(redis.sortedSet(String.class).zrange(key, 0, -1));
                // Expired between KEYS and TYPE (a sign-in limit's bucket lives one window): nothing left to hold.
                case NONE -> dump.append("(expired)");
                default -> fail("a Redis value of an unexpected type at " + key);
            }
            dump.append('\n');
        }
        return dump.toString();
    }

    /** Every document of every collection, as JSON. */
    private static String dumpStore() {
        MongoDatabase db = store();
        List<String> docs = new ArrayList<>();
        for (String collection : db.listCollectionNames()) {
            for (Document doc : db.getCollection(collection).find()) {
                docs.add(collection + " " + doc.toJson());
            }
        }
        assertTrue(docs.stream().anyMatch(d -> d.startsWith("users ")), "the dump reaches the users");
        return String.join("\n", docs);
    }
}
