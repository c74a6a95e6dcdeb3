package io.padic.api.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.startsWith;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import io.padic.testkit.Key;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.eclipse.microprofile.config.ConfigProvider;
import org.hamcrest.Matchers;

/**
 * The steps every test needs, spoken over HTTP like a client would: sign up, project and key through the test
 * kit's {@link ApiClient}; objects, events and event types with RestAssured, whose answers tests assert on.
 */
public final class Api {

    private Api() {
    }

    public static final List<String> ALL_SCOPES = ApiClient.ALL_SCOPES;

    private static MongoClient storeClient;
    private static String storeAddress;
    private static ApiClient client;
    private static String clientAddress;

    /** The test kit's client of the app under test (RestAssured knows its port), for the set-up journey. */
    private static synchronized ApiClient client() {
        String address = RestAssured.baseURI + ":" + RestAssured.port + RestAssured.basePath;
        if (client == null || !address.equals(clientAddress)) {
            if (client != null) {
                client.close();
            }
            client = ApiClient.to(address);
            clientAddress = address;
        }
        return client;
    }

    public static Account signUp() {
        return signUp("user-" + UUID.randomUUID() + "@example.com", "correct horse battery");
    }

    public static Account signUp(String email, String password) {
        return client().signUp(email, password, "Test User");
    }

    /** Logs in and answers the new session token. */
    public static String logIn(String email, String password) {
        return client().logIn(email, password);
    }

    /**
     * A request to the management interface (metrics), which listens on its own port; the test profile lets
     * Quarkus pick a free one and records it as {@code quarkus.management.test-port}.
     */
    public static RequestSpecification management() {
        return given().port(ConfigProvider.getConfig()
                .getValue("quarkus.management.test-port", Integer.class));
    }

    public static RequestSpecification as(String bearer) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + bearer);
    }

    /**
     * A project for tests of the store itself: they send events of types they never declare, so the
     * project flags undeclared types instead of refusing them (the default).
     */
    public static String createProject(Account account) {
        String projectId = createStrictProject(account);
        client().flagUndeclaredEventTypes(account, projectId);
        return projectId;
    }

    /** A project with the defaults: events of undeclared types are refused. */
    public static String createStrictProject(Account account) {
        return client().createProject(account, "Project " + UUID.randomUUID());
    }

    public static String createKey(Account account, String projectId, String accessLevel, List<String> scopes) {
        return issueKey(account, projectId, accessLevel, scopes).secret();
    }

    public static Key issueKey(Account account, String projectId, String accessLevel, List<String> scopes) {
        return client().createKey(account, projectId, "test key", accessLevel, scopes);
    }

    /** A project with a key that may do everything, at the strongest default level. */
    public static String projectKey() {
        Account account = signUp();
        return createKey(account, createProject(account), "owner", ALL_SCOPES);
    }

    public static void createObject(String key, String type, String id) {
        client().as(key).createObjects(type, id);
    }

    public static ValidatableResponse sendEvent(String key, String type, Object concerns, Map<String, ?> metaData) {
        return as(key).body(Map.of("type", type, "concerns", concerns, "metaData", metaData))
                .post("/v1/events").then();
    }

    public static ValidatableResponse readObject(String key, String id, String query) {
        return as(key).get("/v1/objects/" + id + (query == null ? "" : "?" + query)).then();
    }

    /** Asserts an RFC 9457 answer: the status, problem+json, and the members every problem carries. */
    public static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status).contentType(startsWith("application/problem+json"))
                .body("type", not(emptyOrNullString())).body("title", not(emptyOrNullString()))
                .body("status", equalTo(status)).body("detail", not(emptyOrNullString()));
    }

    /** An account, one of its projects, and a key of that project that may do everything at {@code owner}. */
    public record Workspace(Account account, String projectId, String key) {

        /** A key of this project at another access level, with every scope. */
        public String keyAt(String accessLevel) {
            return createKey(account, projectId, accessLevel, ALL_SCOPES);
        }
    }

    public static Workspace workspace() {
        Account account = signUp();
        String projectId = createProject(account);
        return new Workspace(account, projectId, createKey(account, projectId, "owner", ALL_SCOPES));
    }

    /** PUT an event type ({@code objectType}, {@code applyEvent}, ...) with the session token. */
    public static ValidatableResponse saveEventType(Workspace workspace, String name, Map<String, ?> definition) {
        return as(workspace.account().token()).body(definition)
                .put("/v1/projects/" + workspace.projectId() + "/event-types/" + name).then();
    }

    /** An event type whose applyEvent is {@code body}, saved first (201) or as a new version (200). */
    public static void saveReducer(Workspace workspace, String name, String body) {
        saveEventType(workspace, name, Map.of("applyEvent", body)).statusCode(oneOf(200, 201));
    }

    public static ValidatableResponse getEventType(Workspace workspace, String name) {
        return as(workspace.account().token())
                .get("/v1/projects/" + workspace.projectId() + "/event-types/" + name).then();
    }

    /** Sends one event (expects 201) and returns its id. */
    public static String sendEventId(String key, String type, Object concerns, Map<String, ?> metaData) {
        return sendEvent(key, type, concerns, metaData).statusCode(201).extract().path("id");
    }

    /** Sends events in one batch request ({@code POST /v1/events/batch}) and expects each to be stored. */
    /** Sends an event that happened at {@code occurredAt} (null: now) and answers its id. */
    public static String sendEventAt(String key, String type, Object concerns, String occurredAt) {
        Map<String, Object> body = occurredAt == null ? Map.of("type", type, "concerns", concerns)
                : Map.of("type", type, "concerns", concerns, "occurredAt", occurredAt);
        return as(key).body(body).post("/v1/events").then().statusCode(201).extract().path("id");
    }

    public static void sendBatch(String key, List<Map<String, ?>> events) {
        as(key).body(Map.of("events", events)).post("/v1/events/batch").then().statusCode(200)
                .body("results.status", Matchers.everyItem(equalTo(201)));
    }

    public static ValidatableResponse hideEvent(String key, String eventId) {
        return as(key).post("/v1/events/" + eventId + "/hide").then();
    }

    /** The test store itself (database {@code padic-test}), to look at what was really written. */
    public static synchronized MongoDatabase store() {
        String address = StoreResource.connectionString();
        if (storeClient == null || !address.equals(storeAddress)) {
            if (storeClient != null) {
                storeClient.close();
            }
            storeClient = MongoClients.create(address);
            storeAddress = address;
        }
        return storeClient.getDatabase("padic-test");
    }

    /**
     * A new user who joins workspace {@code tenantId} with {@code role} (as the store spells it, e.g. VIEWER).
     * There are no routes to invite members yet, so this writes the store as such a route would.
     */
    public static Account member(String tenantId, String role) {
        Account member = signUp();
        store().getCollection("tenants").updateOne(Filters.eq("_id", tenantId),
                Updates.push("members", new Document("userId", member.userId()).append("role", role)));
        store().getCollection("users").updateOne(Filters.eq("_id", member.userId()),
                Updates.push("tenantIds", tenantId));
        return member;
    }
}
