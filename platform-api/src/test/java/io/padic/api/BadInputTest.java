package io.padic.api;

import static com.mongodb.client.model.Filters.eq;
import static io.padic.api.support.Api.ALL_SCOPES;
import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.createProject;
import static io.padic.api.support.Api.issueKey;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.readObject;
import static io.padic.api.support.Api.sendEvent;
import static io.padic.api.support.Api.signUp;
import static io.padic.api.support.Api.store;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.testkit.Account;
import io.padic.testkit.Key;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * I7: bad input gets a problem+json that names what is wrong, and nothing of it is stored. Every case
 * checks the answer and then the store itself: the project's documents and the object's edit log.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class BadInputTest {

    private String projectId;
    private String key;

    /** What the store holds for the project: documents per collection, and the object's seq. */
    private record Stored(long pins, long events, long objects, long idempotency, int seq) {
    }

    @BeforeEach
    void aProjectWithOneObjectAndOneEvent() {
        Account account = signUp();
        projectId = createProject(account);
        key = issueKey(account, projectId, "owner", ALL_SCOPES).secret();
        createObject(key, "Order", "o1");
        sendEvent(key, "Placed", "o1", Map.of("total", 10)).statusCode(201);
    }

    @Test
    void malformedJsonIsA400() {
        Stored before = stored();
        problem(post("/v1/events", "{\"type\": \"Paid\", \"concerns\": "), 400)
                .body("detail", containsString("JSON"));
        problem(post("/v1/events", "{\"type\": \"Paid\"} trailing"), 400);
        problem(post("/v1/objects", "{\"type\": \"Order\", \"id\": \"o2\""), 400);
        problem(post("/v1/events", "[1, 2]"), 400);
        assertEquals(before, stored());
    }

    @Test
    void wrongTypesAreNamed() {
        Stored before = stored();
        String valid = "\"concerns\": \"o1\", \"metaData\": {}";
        invalid(post("/v1/events", "{\"type\": 5, " + valid + "}"), "type");
        invalid(post("/v1/events", "{\"type\": \"Paid\", \"concerns\": \"o1\", \"metaData\": \"x\"}"), "metaData");
        invalid(post("/v1/events", "{\"type\": \"Paid\", \"concerns\": 7, \"metaData\": {}}"), "concerns");
        invalid(post("/v1/events", "{\"type\": \"Paid\", " + valid + ", \"occurredAt\": \"yesterday\"}"),
                "occurredAt");
        invalid(post("/v1/events", "{\"type\": \"Paid\", \"concerns\": [\"o1\", 3], \"metaData\": {}}"),
                "concerns[1]");
        // Beyond what the store's dates hold (a long of milliseconds): once a 500 from an overflow.
        String farFuture = "{\"type\": \"Paid\", " + valid + ", \"occurredAt\": \"+300000000-01-01T00:00:00Z\"}";
        invalid(post("/v1/events", farFuture), "occurredAt").body("errors[0].message", containsString("9999"));
        invalid(post("/v1/events", "{\"type\": \"Paid\", " + valid + ", \"occurredAt\": \"-0001-12-31T00:00:00Z\"}"),
                "occurredAt");
        post("/v1/events/batch", "{\"events\": [" + farFuture + "]}").statusCode(200)
                .body("results[0].status", equalTo(422))
                .body("results[0].problem.errors[0].field", equalTo("occurredAt"));
        invalid(post("/v1/objects", "{\"type\": \"Order\", \"id\": \".\"}"), "id");
        invalid(post("/v1/objects", "{\"type\": \"Order\", \"id\": \"..\"}"), "id");
        invalid(post("/v1/objects", "{\"type\": 5, \"id\": \"o2\"}"), "type");
        invalid(post("/v1/objects", "{\"type\": \"Order\", \"id\": 2}"), "id");
        assertEquals(before, stored());
    }

    @Test
    void limitsAreNamed() {
        Stored before = stored();
        String big = "{\"type\": \"Paid\", \"concerns\": \"o1\", \"metaData\": {\"blob\": \""
                + "x".repeat(1024 * 1024 + 10) + "\"}}";
        problem(post("/v1/events", big), 413).body("detail", containsString("1 MiB"));

        invalid(sendEvent(key, "Paid", "o1", Map.of("blob", "x".repeat(64 * 1024 + 1))), "metaData")
                .body("errors[0].message", containsString("64 KiB"));
        List<String> concerns = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            concerns.add("o" + i);
        }
        invalid(sendEvent(key, "Paid", concerns, Map.of()), "concerns");
        invalid(sendEvent(key, "Paid", List.of(), Map.of()), "concerns");
        invalid(as(key).header("Idempotency-Key", "k".repeat(256))
                .body(Map.of("type", "Paid", "concerns", "o1", "metaData", Map.of())).post("/v1/events").then(),
                "Idempotency-Key");
        assertEquals(before, stored());
    }

    @Test
    void unknownObjectsAndBadIdsAreNamed() {
        Stored before = stored();
        invalid(sendEvent(key, "Paid", List.of("o1", "ghost"), Map.of("paid", true)), "concerns[1]")
                .body("errors.size()", equalTo(1)).body("errors[0].message", containsString("ghost"));
        invalid(sendEvent(key, "Paid", "ghost", Map.of()), "concerns");
        invalid(sendEvent(key, "Paid", List.of("o1", "has space"), Map.of()), "concerns[1]");
        invalid(as(key).body(Map.of("type", "Order", "id", "has space")).post("/v1/objects").then(), "id");
        invalid(as(key).body(Map.of("type", "Order", "id", "x".repeat(129))).post("/v1/objects").then(), "id");
        problem(as(key).body(Map.of("type", "Invoice", "id", "o1")).post("/v1/objects").then(), 409)
                .body("detail", containsString("o1"));
        assertEquals(before, stored());
        readObject(key, "o1", null).statusCode(200).body("type", equalTo("Order")).body("state.total", equalTo(10));
    }

    @Test
    void missingAndUnknownFieldsAreNamed() {
        Stored before = stored();
        invalid(post("/v1/events", "{\"concerns\": \"o1\", \"metaData\": {}}"), "type");
        invalid(post("/v1/events", "{\"type\": \"Paid\", \"metaData\": {}}"), "concerns");
        invalid(post("/v1/events", "{}"), "type");
        invalid(post("/v1/objects", "{\"id\": \"o2\"}"), "type");
        invalid(post("/v1/events", "{\"type\": \"Paid\", \"concerns\": \"o1\", \"colour\": \"red\"}"), "colour");
        invalid(post("/v1/objects", "{\"type\": \"Order\", \"id\": \"o2\", \"owner\": \"me\"}"), "owner");
        assertEquals(before, stored());
    }

    @Test
    void aBatchIsBoundedAndAnswersEachItemInOrder() {
        Stored before = stored();
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(Map.of("type", "Paid", "concerns", "o1", "metaData", Map.of("i", i)));
        }
        invalid(as(key).body(Map.of("events", tooMany)).post("/v1/events/batch").then(), "events");
        invalid(as(key).body(Map.of("events", List.of())).post("/v1/events/batch").then(), "events");
        assertEquals(before, stored());

        Map<String, Object> unknownField = new HashMap<>(Map.of("type", "Paid", "concerns", "o1"));
        unknownField.put("colour", "red");
        List<Map<String, Object>> mixed = List.of(
                Map.of("type", "Paid", "concerns", "o1", "metaData", Map.of("step", 1)),
                Map.of("type", 5, "concerns", "o1"),
                Map.of("type", "Paid", "concerns", "ghost"),
                Map.of("type", "Paid", "concerns", "o1", "metaData", Map.of("step", 2)),
                Map.of("type", "Paid", "concerns", "o1", "metaData", "x"),
                unknownField,
                Map.of("concerns", "o1"));
        as(key).body(Map.of("events", mixed)).post("/v1/events/batch").then().statusCode(200)
                .body("results.status", equalTo(List.of(201, 422, 422, 201, 422, 422, 422)))
                .body("results[0].event.pins[0].seq", equalTo(2))
                .body("results[3].event.pins[0].seq", equalTo(3))
                .body("results[1].problem.errors[0].field", endsWith("type"))
                .body("results[2].problem.errors[0].field", endsWith("concerns"))
                .body("results[4].problem.errors[0].field", endsWith("metaData"))
                .body("results[5].problem.errors[0].field", endsWith("colour"))
                .body("results[6].problem.errors[0].field", endsWith("type"))
                .body("results[1].problem.status", equalTo(422))
                .body("results[1].problem.type", containsString("/"))
                .body("results[1].problem.title", equalTo("The request is invalid"))
                .body("results[1].event", nullValue());
        Stored after = stored();
        // Two pins, and one record of the batch's two single-object events.
        assertEquals(new Stored(before.pins() + 2, before.events() + 1, before.objects(), before.idempotency(), 3),
                after);
        as(key).get("/v1/objects/o1/events?after=1").then().statusCode(200)
                .body("events.metaData.step", equalTo(List.of(1, 2)));
    }

    @Test
    void signUpAndLogInProblemsNameTheFieldAndStoreNoUser() {
        String email = "bad-input-" + UUID.randomUUID() + "@example.com";
        invalid(signUpAnswer("not-an-email", "correct horse battery"), "email");
        invalid(signUpAnswer(email, "short"), "password");
        invalid(given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "correct horse"))
                .post("/v1/auth/signup").then(), "name");
        assertEquals(0, users(email));

        signUp(email, "correct horse battery");
        problem(signUpAnswer(email.toUpperCase(), "another password"), 409);
        assertEquals(1, users(email));

        ValidatableResponse wrongPassword = problem(logIn(email, "wrong horse battery"), 401);
        ValidatableResponse unknownEmail = problem(logIn("nobody-" + email, "correct horse battery"), 401);
        assertEquals(unknownEmail.extract().asString(), wrongPassword.extract().asString(),
                "a failed log-in must not tell whether the e-mail exists");
        logIn(email, "correct horse battery").statusCode(200);
    }

    @Test
    void aBodyThatIsNotDeclaredJsonIsA415() {
        Stored before = stored();
        String event = "{\"type\": \"Paid\", \"concerns\": \"o1\", \"metaData\": {}}";
        for (String path : List.of("/v1/events", "/v1/events/batch", "/v1/objects")) {
            String body = path.endsWith("batch") ? "{\"events\": [" + event + "]}"
                    : path.endsWith("objects") ? "{\"type\": \"Order\", \"id\": \"o3\"}" : event;
            unsupported(given().header("Authorization", "Bearer " + key).contentType("text/plain").body(body)
                    .post(path).then());
            unsupported(given().header("Authorization", "Bearer " + key).contentType("application/xml").body(body)
                    .post(path).then());
        }
        String email = "plain-" + UUID.randomUUID() + "@example.com";
        unsupported(given().contentType("text/plain")
                .body("{\"email\": \"" + email + "\", \"password\": \"correct horse\", \"name\": \"X\"}")
                .post("/v1/auth/signup").then());
        assertEquals(0, users(email));
        assertEquals(before, stored());
    }

    @Test
    void unknownRoutesAndMethodsAreProblems() {
        problem(as(key).get("/v1/nothing-here").then(), 404);
        problem(as(key).get("/nothing-at-all").then(), 404);
        problem(as(key).delete("/v1/events").then(), 405);
        problem(as(key).put("/v1/objects/o1").then(), 405);
    }

    private ValidatableResponse post(String path, String rawBody) {
        return as(key).body(rawBody).post(path).then();
    }

    private static void unsupported(ValidatableResponse response) {
        problem(response, 415).body("type", endsWith("/unsupported-media-type"))
                .body("detail", containsString("application/json"));
    }

    /** A 422 problem whose first error names {@code field}. */
    private static ValidatableResponse invalid(ValidatableResponse response, String field) {
        return problem(response, 422).body("errors[0].field", equalTo(field));
    }

    private static ValidatableResponse signUpAnswer(String email, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password, "name", "Bad Input")).post("/v1/auth/signup").then();
    }

    private static ValidatableResponse logIn(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .post("/v1/auth/login").then();
    }

    private static long users(String email) {
        return store().getCollection("users").countDocuments(eq("email", email.toLowerCase()));
    }

    private Stored stored() {
        var db = store();
        int seq = readObject(key, "o1", null).statusCode(200).extract().path("seq");
        int logged = as(key).get("/v1/objects/o1/events").then().statusCode(200).extract().path("events.size()");
        assertEquals(seq, logged, "the edit log holds one entry per seq");
        return new Stored(db.getCollection("pins").countDocuments(eq("projectId", projectId)),
                db.getCollection("events").countDocuments(eq("projectId", projectId)),
                db.getCollection("objects").countDocuments(eq("projectId", projectId)),
                db.getCollection("idempotency").countDocuments(Document.parse(
                        "{\"_id\": {\"$regex\": \"^" + projectId + "/\"}}")),
                seq);
    }
}
