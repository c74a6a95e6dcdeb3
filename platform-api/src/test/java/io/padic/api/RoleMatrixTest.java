package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.store;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.padic.api.support.Api;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The role matrix of docs/roles.md is what the code does: every control-plane route is called as a workspace's
 * owner, admin, developer and viewer and as a signed-in non-member, with a valid request, and answers as its row
 * says (yes: 2xx; 403; 404). The app's routes, from its OpenAPI document, are exactly those the page lists.
 * Routes that destroy what they name (a workspace, a project, a key, a session) get a fresh one for each call.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class RoleMatrixTest {

    enum Who { OWNER, ADMIN, DEVELOPER, VIEWER, NON_MEMBER }

    /** One row of the control-plane table: the route and what each caller gets ("yes", "403" or "404"). */
    record Row(String method, String path, Map<Who, String> expected) {
        String route() {
            return method + " " + path;
        }
    }

    /** What a call sends besides the path: a query string (without '?') and a JSON body, either may be null. */
    record Request(String query, Object body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> HTTP_METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static final String NAME = "Noted";

    /**
     * The request each route takes beyond its path; every write route (and each read with a required query) has one
     * here, even without a body. A write route that is missing makes the test fail naming it, so a new route gets
     * its line.
     */
    private static Map<String, Request> requests() {
        return Map.ofEntries(
                Map.entry("POST /v1/auth/logout", new Request(null, null)),
                Map.entry("POST /v1/workspaces", new Request(null, Map.of("name", "Made by a role"))),
                Map.entry("PATCH /v1/workspaces/{workspaceId}", new Request(null, Map.of("name", "Renamed"))),
                Map.entry("POST /v1/projects", new Request(null,
                        Map.of("name", "Made by a role", "tenantId", workspaceId))),
                Map.entry("PATCH /v1/projects/{projectId}", new Request(null, Map.of("name", "Renamed"))),
                Map.entry("POST /v1/projects/{projectId}/api-keys", new Request(null,
                        Map.of("name", "by a role", "scopes", List.of("objects:read"), "accessLevel", "public"))),
                Map.entry("PUT /v1/projects/{projectId}/event-types/{name}", new Request(null,
                        Map.of("objectType", "Note", "applyEvent", "return event.metaData;"))),
                Map.entry("POST /v1/projects/{projectId}/event-types/{name}/test", new Request(null,
                        Map.of("event", Map.of("metaData", Map.of("text", "hi"))))),
                Map.entry("POST /v1/projects/{projectId}/events/{id}/hide", new Request(null, null)),
                Map.entry("POST /v1/projects/{projectId}/analytics/rebuild", new Request(null, null)),
                Map.entry("GET /v1/projects/{projectId}/violations/events", new Request("ids=" + eventId, null)),
                Map.entry("GET /v1/projects/{projectId}/analytics/active", new Request("objectType=Note", null)),
                Map.entry("GET /v1/projects/{projectId}/analytics/retention", new Request("objectType=Note", null)),
                Map.entry("GET /v1/projects/{projectId}/analytics/lifecycle", new Request("objectType=Note", null)),
                Map.entry("GET /v1/projects/{projectId}/analytics/funnel",
                        new Request("objectType=Note&steps=" + NAME + ",edited", null)),
                Map.entry("PATCH /v1/workspaces/{workspaceId}/members/{userId}",
                        new Request(null, Map.of("role", "viewer"))),
                Map.entry("POST /v1/workspaces/{workspaceId}/invitations", new Request(null,
                        Map.of("email", "invited-by-a-role@example.com", "role", "developer"))),
                Map.entry("POST /v1/workspaces/{workspaceId}/leave", new Request(null, null)));
    }

    /** Routes whose target is gone after an allowed call: each call gets its own. */
    private static final Set<String> DESTRUCTIVE = Set.of("DELETE /v1/workspaces/{workspaceId}",
            "DELETE /v1/projects/{projectId}", "DELETE /v1/projects/{projectId}/api-keys/{keyId}",
            "POST /v1/auth/logout", "POST /v1/projects/{projectId}/events/{id}/hide",
            "DELETE /v1/workspaces/{workspaceId}/members/{userId}",
            "DELETE /v1/workspaces/{workspaceId}/invitations/{invitationId}", "POST /v1/workspaces/{workspaceId}/leave");
    private static final String LEAVE = "POST /v1/workspaces/{workspaceId}/leave";

    private static Account owner;
    private static Map<Who, Account> people;
    private static String workspaceId;
    private static String projectId;
    private static String key;
    private static String keyId;
    private static String eventId;
    /** A developer of the shared workspace whose role the member routes change. */
    private static Account target;

    /**
     * One shared workspace (not a personal one) with a project, a key, an object, an event and an event type, and a
     * member of each role. Members join by writing the store as an invitation would: the routes that invite and
     * accept arrive with the members work (issue 17), and then this set-up can use them.
     */
    @BeforeEach
    void world() {
        if (owner != null) {
            return; // once for the class; RestAssured knows the app's port only from the first test on
        }
        owner = Api.signUp();
        workspaceId = as(owner.token()).body(Map.of("name", "Roles")).post("/v1/workspaces").then().statusCode(201)
                .extract().path("id");
        projectId = as(owner.token()).body(Map.of("name", "Roles", "tenantId", workspaceId)).post("/v1/projects")
                .then().statusCode(201).extract().path("id");
        as(owner.token()).body(Map.of("undeclaredEventTypes", "flag")).patch("/v1/projects/" + projectId).then()
                .statusCode(200);
        as(owner.token()).body(Map.of("objectType", "Note")).put("/v1/projects/" + projectId + "/event-types/" + NAME)
                .then().statusCode(201);
        var created = Api.issueKey(owner, projectId, "owner", Api.ALL_SCOPES);
        key = created.secret();
        keyId = created.id();
        Api.createObject(key, "Note", "n1");
        eventId = Api.sendEventId(key, NAME, "n1", Map.of("text", "hello"));
        people = new EnumMap<>(Who.class);
        people.put(Who.OWNER, owner);
        people.put(Who.ADMIN, Api.member(workspaceId, "ADMIN"));
        people.put(Who.DEVELOPER, Api.member(workspaceId, "DEVELOPER"));
        people.put(Who.VIEWER, Api.member(workspaceId, "VIEWER"));
        people.put(Who.NON_MEMBER, Api.signUp());
        target = Api.member(workspaceId, "DEVELOPER");
    }

    @Test
    void everyControlPlaneRouteAnswersEachRoleAsTheMatrixSays() throws IOException {
        List<Row> rows = controlPlaneRows();
        assertTrue(rows.size() > 30, "the matrix has only " + rows.size() + " rows; is docs/roles.md parsed right?");
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Row row : rows) {
            for (Who who : Who.values()) {
                String expected = row.expected().get(who);
                Response answer = call(row, who);
                calls++;
                int status = answer.statusCode();
                boolean ok = switch (expected) {
                    case "yes" -> status >= 200 && status < 300;
                    case "403", "404" -> status == Integer.parseInt(expected);
                    default -> false;
                };
                if (!ok) {
                    wrong.add(row.route() + " as " + who + ": expected " + expected + ", got " + status + " "
                            + answer.asString());
                }
            }
        }
        assertEquals(List.of(), wrong, "routes that do not answer as docs/roles.md says (" + calls + " calls)");
    }

    @Test
    void theMatrixListsEveryRouteOfTheAppAndNoOther() throws IOException {
        JsonNode openApi = JSON.readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract()
                .asString());
        Set<String> served = new TreeSet<>();
        openApi.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (HTTP_METHODS.contains(op.getKey())) {
                served.add(op.getKey().toUpperCase() + " " + path.getKey());
            }
        }));
        assertTrue(served.size() > 40, "the OpenAPI document lists only " + served.size() + " routes");
        Set<String> listed = new TreeSet<>(listedRoutes());
        Set<String> unlisted = new TreeSet<>(served);
        unlisted.removeAll(listed);
        Set<String> gone = new TreeSet<>(listed);
        gone.removeAll(served);
        assertEquals(Set.of(), unlisted, "routes the app serves that docs/roles.md does not list: add a row each");
        assertEquals(Set.of(), gone, "routes docs/roles.md lists that the app does not serve");
    }

    /** Calls the row's route as {@code who}, with its request and fresh targets where the call destroys them. */
    private static Response call(Row row, Who who) {
        Account account = people.get(who);
        boolean fresh = DESTRUCTIVE.contains(row.route());
        String token = fresh && row.route().equals("POST /v1/auth/logout") ? logIn(account) : account.token();
        String path = row.path();
        String workspace = fresh && (row.path().endsWith("{workspaceId}") || row.route().equals(LEAVE))
                ? freshWorkspace(row.route().equals(LEAVE)) : workspaceId;
        path = fill(path, "{workspaceId}", () -> workspace);
        path = fill(path, "{userId}", () -> fresh ? Api.member(workspace, "VIEWER").userId() : target.userId());
        path = fill(path, "{invitationId}", () -> freshInvitation(workspace));
        path = fill(path, "{projectId}", () -> fresh && row.path().endsWith("{projectId}") ? freshProject() : projectId);
        path = fill(path, "{keyId}", () -> fresh ? freshKey() : keyId);
        path = fill(path, "{name}", () -> NAME);
        path = fill(path, "{number}", () -> "1");
        path = fill(path, "{language}", () -> "typescript");
        path = fill(path, "/objects/{id}", () -> "/objects/n1");
        path = fill(path, "/events/{id}", () -> "/events/" + (fresh ? Api.sendEventId(key, NAME, "n1", Map.of())
                : eventId));
        assertTrue(!path.contains("{"), row.route() + " has a path parameter RoleMatrixTest does not fill in");
        Request request = requests().get(row.route());
        boolean write = !row.method().equals("GET") && !row.method().equals("DELETE");
        assertTrue(!write || request != null, row.route() + " needs its request in RoleMatrixTest.requests()");
        RequestSpecification spec = as(token);
        if (request != null && request.body() != null) {
            spec = spec.body(request.body());
        }
        String url = path + (request != null && request.query() != null ? "?" + request.query() : "");
        return spec.request(row.method(), url);
    }

    /** {@code path} with {@code param} replaced by what {@code value} gives, asked only when the path has it. */
    private static String fill(String path, String param, Supplier<String> value) {
        return path.contains(param) ? path.replace(param, value.get()) : path;
    }

    /** A new session of the account, for a call that ends it. */
    private static String logIn(Account account) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", account.email(), "password", ApiClient.PASSWORD)).post("/v1/auth/login")
                .then().statusCode(200).extract().path("token");
    }

    /**
     * A workspace with no project, with the same members in the same roles, for one deletion or one member leaving;
     * {@code secondOwner}: with another owner too, so that its owner may leave it (a workspace keeps an owner).
     */
    private static String freshWorkspace(boolean secondOwner) {
        String id = as(owner.token()).body(Map.of("name", "To delete " + UUID.randomUUID())).post("/v1/workspaces")
                .then().statusCode(201).extract().path("id");
        for (Who who : List.of(Who.ADMIN, Who.DEVELOPER, Who.VIEWER)) {
            join(id, people.get(who).userId(), who.name());
        }
        if (secondOwner) {
            Api.member(id, "OWNER");
        }
        return id;
    }

    /** A pending invitation of the workspace, made by its owner, for one withdrawal. */
    private static String freshInvitation(String workspace) {
        return as(owner.token()).body(Map.of("email", "withdrawn-" + UUID.randomUUID() + "@example.com",
                "role", "viewer")).post("/v1/workspaces/" + workspace + "/invitations").then().statusCode(201)
                .extract().path("id");
    }

    private static String freshProject() {
        return as(owner.token()).body(Map.of("name", "To delete", "tenantId", workspaceId)).post("/v1/projects")
                .then().statusCode(201).extract().path("id");
    }

    private static String freshKey() {
        return Api.issueKey(owner, projectId, "public", List.of("objects:read")).id();
    }

    /** Adds an existing user to a workspace in a role, writing the store as an accepted invitation would. */
    private static void join(String tenantId, String userId, String role) {
        store().getCollection("tenants").updateOne(Filters.eq("_id", tenantId),
                Updates.push("members", new Document("userId", userId).append("role", role)));
        store().getCollection("users").updateOne(Filters.eq("_id", userId), Updates.push("tenantIds", tenantId));
    }

    /** The rows of the control-plane table: a route, then owner, admin, developer, viewer, non-member. */
    static List<Row> controlPlaneRows() throws IOException {
        List<Row> rows = new ArrayList<>();
        String section = "";
        for (String line : rolesPage()) {
            if (line.startsWith("## ")) {
                section = line.substring(3).trim();
            } else if (section.startsWith("Control plane") && line.startsWith("| `")) {
                String[] cells = cells(line);
                assertEquals(6, cells.length, "a control-plane row has a route and five answers: " + line);
                Map<Who, String> expected = new EnumMap<>(Who.class);
                for (Who who : Who.values()) {
                    expected.put(who, cells[1 + who.ordinal()]);
                }
                String[] route = cells[0].split(" ", 2);
                rows.add(new Row(route[0], route[1], expected));
            }
        }
        return rows;
    }

    /** Every route any table of the page lists, as {@code METHOD /path}. */
    static List<String> listedRoutes() throws IOException {
        List<String> routes = new ArrayList<>();
        for (String line : rolesPage()) {
            if (line.startsWith("| `")) {
                routes.add(cells(line)[0]);
            }
        }
        return routes;
    }

    private static String[] cells(String line) {
        String inner = line.trim().substring(1, line.trim().length() - 1);
        String[] cells = inner.split("\\|");
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cells[i].trim().replace("`", "");
        }
        return cells;
    }

    private static List<String> rolesPage() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docs/roles.md"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "no docs/roles.md above " + Path.of("").toAbsolutePath());
        return Files.readAllLines(dir.resolve("docs/roles.md"), StandardCharsets.UTF_8);
    }
}
