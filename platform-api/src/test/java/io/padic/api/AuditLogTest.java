package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.model.Filters;
import io.padic.api.support.Api;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The audit log (docs/api.md, "Audit log"): each auditable action is recorded once, with its actor and address,
 * readable as soon as the action has answered; pages newest first with every filter; the CSV export; and no route
 * that changes or removes an entry.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class AuditLogTest {

    /** Every entry of the workspace, newest first, walking the pages. */
    private static List<Map<String, Object>> all(String token, String workspaceId, String filters) {
        List<Map<String, Object>> entries = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = as(token).get("/v1/workspaces/" + workspaceId + "/audit?limit=200" + filters
                    + (cursor == null ? "" : "&cursor=" + cursor)).then().statusCode(200).extract().jsonPath();
            entries.addAll(page.getList("entries"));
            cursor = page.getString("next");
        } while (cursor != null);
        return entries;
    }

    private static List<String> actions(List<Map<String, Object>> entries) {
        return entries.stream().map(e -> (String) e.get("action")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> part(Map<String, Object> entry, String name) {
        return (Map<String, Object>) entry.get(name);
    }

    private static String workspace(Account owner, String name) {
        return as(owner.token()).body(Map.of("name", name)).post("/v1/workspaces").then().statusCode(201).extract()
                .path("id");
    }

    @Test
    void eachActionIsRecordedOnceWithItsActorAndAddress() {
        Account owner = Api.signUp();
        String w = workspace(owner, "Audited");
        as(owner.token()).body(Map.of("name", "Audited Ltd")).patch("/v1/workspaces/" + w).then().statusCode(200);
        String p = as(owner.token()).body(Map.of("name", "Shop", "tenantId", w)).post("/v1/projects").then()
                .statusCode(201).extract().path("id");
        as(owner.token()).body(Map.of("undeclaredEventTypes", "flag")).patch("/v1/projects/" + p).then()
                .statusCode(200);
        // A change to the same value changes nothing, and is not recorded.
        as(owner.token()).body(Map.of("undeclaredEventTypes", "flag")).patch("/v1/projects/" + p).then()
                .statusCode(200);
        var key = Api.issueKey(owner, p, "owner", Api.ALL_SCOPES);
        as(owner.token()).body(Map.of("applyEvent", "return event.metaData;")).put("/v1/projects/" + p
                + "/event-types/Noted").then().statusCode(201);
        // Saving the same definition again makes no new version, and is not recorded.
        as(owner.token()).body(Map.of("applyEvent", "return event.metaData;")).put("/v1/projects/" + p
                + "/event-types/Noted").then().statusCode(200);
        Api.createObject(key.secret(), "Note", "n1");
        String first = Api.sendEventId(key.secret(), "Noted", "n1", Map.of("text", "a"));
        String second = Api.sendEventId(key.secret(), "Noted", "n1", Map.of("text", "b"));
        as(owner.token()).post("/v1/projects/" + p + "/events/" + first + "/hide").then().statusCode(201);
        Api.hideEvent(key.secret(), second).statusCode(201);
        as(owner.token()).post("/v1/projects/" + p + "/analytics/rebuild").then().statusCode(202);
        Account admin = Api.member(w, "ADMIN");
        as(admin.token()).delete("/v1/projects/" + p + "/api-keys/" + key.id()).then().statusCode(204);
        as(admin.token()).delete("/v1/projects/" + p).then().statusCode(204);
        logIn(owner.email(), ApiClient.PASSWORD, 200);
        logIn(owner.email(), "not the password", 401);

        List<Map<String, Object>> entries = all(owner.token(), w, "");
        assertEquals(List.of("signin.failed", "signin.succeeded", "project.deleted", "api_key.revoked",
                "analytics.rebuild_started", "event.hidden", "event.hidden", "event_type.saved", "api_key.created",
                "project.changed", "project.created", "workspace.renamed", "workspace.created"), actions(entries));
        for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> entry = entries.get(i);
            assertEquals(entries.size() - i, entry.get("number"), "numbered 1, 2, 3, … in the order written");
            assertEquals("127.0.0.1", entry.get("address"));
            Map<String, Object> actor = part(entry, "actor");
            boolean byAdmin = i == 2 || i == 3;
            boolean byKey = i == 5;
            assertEquals(byKey ? "api_key" : "user", actor.get("kind"), "actor of " + entry);
            assertEquals(byKey ? key.id() : byAdmin ? admin.userId() : owner.userId(), actor.get("id"));
            assertEquals(byKey ? "test key" : byAdmin ? admin.email() : owner.email(), actor.get("name"));
        }
        assertEquals(Map.of("name", "Audited → Audited Ltd"), entries.get(11).get("details"));
        assertEquals(Map.of("undeclaredEventTypes", "reject → flag"), entries.get(9).get("details"));
        assertEquals(Map.of("kind", "api_key", "id", key.id(), "name", "test key", "projectId", p),
                part(entries.get(8), "target"));
        assertEquals(Map.of("scopes", String.join(" ", Api.ALL_SCOPES), "accessLevel", "owner"),
                entries.get(8).get("details"));
        assertEquals(Map.of("version", "1"), entries.get(7).get("details"));
        assertEquals(Map.of("kind", "event_type", "id", "Noted", "name", "Noted", "projectId", p),
                part(entries.get(7), "target"));
        assertEquals(second, part(entries.get(5), "target").get("id"));
        assertEquals(first, part(entries.get(6), "target").get("id"));
        assertEquals(Map.of("kind", "project", "id", p, "name", "Shop", "projectId", p),
                part(entries.get(2), "target"));

        // Sign-up and the same sign-ins are in the personal workspace's log too.
        assertEquals(List.of("signin.failed", "signin.succeeded", "account.signed_up"),
                actions(all(owner.token(), owner.tenantId(), "")));

        // A deleted workspace's log ends with its deletion (kept in the store; the API no longer shows it).
        String gone = workspace(owner, "Short-lived");
        as(owner.token()).delete("/v1/workspaces/" + gone).then().statusCode(204);
        List<String> stored = new ArrayList<>();
        Api.store().getCollection("audit").find(Filters.eq("workspaceId", gone))
                .forEach(doc -> stored.add(doc.getString("action")));
        assertEquals(List.of("workspace.created", "workspace.deleted"), stored);
        problem(as(owner.token()).get("/v1/workspaces/" + gone + "/audit").then(), 404);
    }

    @Test
    void memberAndAccountActionsAreRecordedOnceWithTheirActor() {
        Account owner = Api.signUp();
        String w = workspace(owner, "Team");
        String invitation = as(owner.token()).body(Map.of("email", "Invitee@Example.com", "role", "developer"))
                .post("/v1/workspaces/" + w + "/invitations").then().statusCode(201).extract().path("id");
        as(owner.token()).delete("/v1/workspaces/" + w + "/invitations/" + invitation).then().statusCode(204);
        Account admin = Api.member(w, "ADMIN");
        Account dev = Api.member(w, "DEVELOPER");
        Account viewer = Api.member(w, "VIEWER");
        as(admin.token()).body(Map.of("role", "viewer")).patch("/v1/workspaces/" + w + "/members/" + dev.userId())
                .then().statusCode(200);
        // The same role again changes nothing, and is not recorded.
        as(admin.token()).body(Map.of("role", "viewer")).patch("/v1/workspaces/" + w + "/members/" + dev.userId())
                .then().statusCode(200);
        as(admin.token()).delete("/v1/workspaces/" + w + "/members/" + dev.userId()).then().statusCode(204);
        as(viewer.token()).post("/v1/workspaces/" + w + "/leave").then().statusCode(204);
        SecondFactorTest.enrol(owner);
        as(owner.token()).body(Map.of("requireMfa", true)).patch("/v1/workspaces/" + w).then().statusCode(200);
        String token = as(owner.token()).body(Map.of("name", "CI", "scopes", List.of("projects:read"),
                "expiresInDays", 7)).post("/v1/me/tokens").then().statusCode(201).extract().path("id");
        as(owner.token()).delete("/v1/me/tokens/" + token).then().statusCode(204);

        List<Map<String, Object>> entries = all(owner.token(), w, "");
        assertEquals(List.of("access_token.revoked", "access_token.created", "workspace.second_factor_changed",
                "account.second_factor_enabled", "member.left", "member.removed", "member.role_changed",
                "invitation.revoked", "member.invited", "workspace.created"), actions(entries));
        assertEquals(List.of(owner.userId(), owner.userId(), owner.userId(), owner.userId(), viewer.userId(),
                admin.userId(), admin.userId(), owner.userId(), owner.userId(), owner.userId()),
                entries.stream().map(e -> part(e, "actor").get("id")).toList());
        assertEquals(Map.of("kind", "member", "name", "invitee@example.com"), part(entries.get(8), "target"));
        assertEquals(Map.of("role", "developer"), entries.get(8).get("details"));
        assertEquals(Map.of("kind", "invitation", "id", invitation, "name", "invitee@example.com"),
                part(entries.get(7), "target"));
        assertEquals(Map.of("kind", "member", "id", dev.userId(), "name", dev.email()), part(entries.get(6), "target"));
        assertEquals(Map.of("role", "developer → viewer"), entries.get(6).get("details"));
        assertEquals(dev.userId(), part(entries.get(5), "target").get("id"));
        assertEquals(viewer.userId(), part(entries.get(4), "target").get("id"));
        assertEquals(Map.of("requireMfa", "false → true"), entries.get(2).get("details"));
        assertEquals(Map.of("kind", "access_token", "id", token, "name", "CI"), part(entries.get(0), "target"));
        // An account's own actions are in each of its workspaces' logs, the personal one too.
        assertEquals(List.of("access_token.revoked", "access_token.created", "account.second_factor_enabled",
                "account.signed_up"), actions(all(owner.token(), owner.tenantId(), "")));
    }

    @Test
    void aFailedSignInForAnUnknownEmailStoresNothing() {
        String email = "nobody-" + System.nanoTime() + "@example.com";
        long before = Api.store().getCollection("audit").countDocuments();
        logIn(email, "whatever it is", 401);
        assertEquals(before, Api.store().getCollection("audit").countDocuments());
        assertEquals(0, Api.store().getCollection("audit").countDocuments(
                Filters.or(Filters.eq("actor.name", email), Filters.eq("actor.id", email))));
    }

    @Test
    void pagesNewestFirstFollowNextToTheFirstEntry() {
        Account owner = Api.signUp();
        String w = workspace(owner, "Paged");
        for (int i = 1; i <= 7; i++) {
            as(owner.token()).body(Map.of("name", "Paged " + i)).patch("/v1/workspaces/" + w).then().statusCode(200);
        }
        List<Integer> numbers = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = as(owner.token()).get("/v1/workspaces/" + w + "/audit?limit=3"
                    + (cursor == null ? "" : "&cursor=" + cursor)).then().statusCode(200).extract().jsonPath();
            numbers.addAll(page.getList("entries.number", Integer.class));
            cursor = page.getString("next");
            pages++;
        } while (cursor != null);
        assertEquals(List.of(8, 7, 6, 5, 4, 3, 2, 1), numbers);
        assertEquals(3, pages);
        as(owner.token()).get("/v1/workspaces/" + w + "/audit/8").then().statusCode(200)
                .body("action", equalTo("workspace.renamed")).body("details.name", equalTo("Paged 6 → Paged 7"));
        problem(as(owner.token()).get("/v1/workspaces/" + w + "/audit/9").then(), 404);
        as(owner.token()).get("/v1/workspaces/" + w + "/audit").then().statusCode(200)
                .body("actions", org.hamcrest.Matchers.hasItems("project.created", "signin.failed"));
    }

    @Test
    void filtersByActionActorAndTime() {
        Account owner = Api.signUp();
        String w = workspace(owner, "Filtered");
        Account admin = Api.member(w, "ADMIN");
        for (int i = 1; i <= 3; i++) {
            as(owner.token()).body(Map.of("name", "By owner " + i)).patch("/v1/workspaces/" + w).then()
                    .statusCode(200);
            as(admin.token()).body(Map.of("name", "By admin " + i)).patch("/v1/workspaces/" + w).then()
                    .statusCode(200);
            as(admin.token()).body(Map.of("name", "Project " + i, "tenantId", w)).post("/v1/projects").then()
                    .statusCode(201);
        }
        List<Map<String, Object>> everything = all(owner.token(), w, "");
        assertEquals(10, everything.size());

        List<Map<String, Object>> created = all(owner.token(), w, "&action=project.created");
        assertEquals(List.of("project.created", "project.created", "project.created"), actions(created));
        List<Map<String, Object>> byAdmin = all(owner.token(), w, "&actor=" + admin.email().toUpperCase());
        assertEquals(6, byAdmin.size());
        assertTrue(byAdmin.stream().allMatch(e -> admin.userId().equals(part(e, "actor").get("id"))));
        assertEquals(byAdmin, all(owner.token(), w, "&actor=" + admin.userId()));
        assertEquals(3, all(owner.token(), w, "&actor=" + admin.userId() + "&action=workspace.renamed").size());

        // A time range [from, to): the entries whose time falls in it, whatever the others' times.
        Instant from = Instant.parse((String) everything.get(7).get("at"));
        Instant to = Instant.parse((String) everything.get(2).get("at"));
        List<Object> expected = everything.stream().filter(e -> {
            Instant at = Instant.parse((String) e.get("at"));
            return !at.isBefore(from) && at.isBefore(to);
        }).map(e -> e.get("number")).toList();
        List<Object> got = all(owner.token(), w, "&from=" + from + "&to=" + to).stream().map(e -> e.get("number"))
                .toList();
        assertEquals(expected, got);
        assertTrue(!got.isEmpty());
        // Dates are whole UTC days; to is exclusive.
        String today = Instant.now().toString().substring(0, 10);
        assertEquals(10, all(owner.token(), w, "&from=" + today).size());
        assertEquals(0, all(owner.token(), w, "&to=" + today).size());

        String audit = "/v1/workspaces/" + w + "/audit";
        problem(as(owner.token()).get(audit + "?action=project.exploded").then(), 422)
                .body("errors[0].field", equalTo("action"));
        problem(as(owner.token()).get(audit + "?from=yesterday").then(), 422).body("errors[0].field", equalTo("from"));
        problem(as(owner.token()).get(audit + "?from=" + to + "&to=" + from).then(), 422)
                .body("errors[0].field", equalTo("to"));
        problem(as(owner.token()).get(audit + "?limit=0").then(), 422).body("errors[0].field", equalTo("limit"));
        problem(as(owner.token()).get(audit + "?cursor=abc").then(), 422).body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void exportsCsvWithTheFiltersAndDisarmsFormulas() {
        Account owner = Api.signUp();
        String w = workspace(owner, "=HYPERLINK(\"http://evil.example\",\"click\")");
        as(owner.token()).body(Map.of("name", "+Shop, \"big\"", "tenantId", w)).post("/v1/projects").then()
                .statusCode(201);
        as(owner.token()).body(Map.of("name", "@home\nline two")).patch("/v1/workspaces/" + w).then().statusCode(200);

        String csv = as(owner.token()).get("/v1/workspaces/" + w + "/audit.csv").then().statusCode(200)
                .contentType(startsWith("text/csv")).header("Content-Disposition",
                        equalTo("attachment; filename=\"audit-" + w + ".csv\"")).extract().asString();
        assertTrue(csv.startsWith("number,at,action,actorKind,actorId,actorName,address,targetKind,targetId,"
                + "targetName,projectId,details\r\n"), csv);
        assertTrue(csv.endsWith("\r\n"));
        assertTrue(csv.contains("\r\n3,"), "newest first: " + csv);
        // Formulas start with an apostrophe; quotes are doubled inside a quoted field; a line break stays inside it.
        assertTrue(csv.contains(",project,"), csv);
        assertTrue(csv.contains("\"'+Shop, \"\"big\"\"\""), csv);
        assertTrue(csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\""), csv);
        assertTrue(csv.contains("\"'@home\nline two\""), csv);
        assertTrue(csv.contains("\"name==HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\") → @home\nline two\""),
                csv);
        for (String formula : List.of(",=", ",+", ",-", ",@", ",\"=", ",\"+", ",\"-", ",\"@")) {
            assertTrue(!csv.contains(formula), "no cell starts with a formula character (" + formula + "): " + csv);
        }

        String filtered = as(owner.token()).get("/v1/workspaces/" + w + "/audit.csv?action=project.created").then()
                .statusCode(200).extract().asString();
        assertEquals(2, filtered.split("\r\n").length, filtered);
        problem(as(owner.token()).get("/v1/workspaces/" + w + "/audit.csv?action=nope").then(), 422);
    }

    @Test
    void noRouteChangesOrRemovesAnEntry() {
        Account owner = Api.signUp();
        String w = workspace(owner, "Append only");
        String entry = "/v1/workspaces/" + w + "/audit/1";
        String before = as(owner.token()).get(entry).then().statusCode(200).extract().asString();
        Map<String, Object> body = Map.of("action", "project.deleted");
        String log = "/v1/workspaces/" + w + "/audit";
        for (String method : List.of("PUT", "PATCH", "DELETE", "POST")) {
            for (String path : List.of(entry, log, log + ".csv")) {
                problem(as(owner.token()).body(body).request(method, path).then(), 405).header("Allow", "GET")
                        .body("detail", containsString("append-only"));
            }
        }
        assertEquals(before, as(owner.token()).get(entry).then().statusCode(200).extract().asString());
        Document stored = Api.store().getCollection("audit").find(Filters.eq("_id", w + "/000000000001")).first();
        assertEquals("workspace.created", stored.getString("action"));
    }

    @Test
    void aDeveloperOrViewerGets403AndAStrangerGets404() {
        Account owner = Api.signUp();
        String w = workspace(owner, "Guarded");
        problem(as(Api.member(w, "DEVELOPER").token()).get("/v1/workspaces/" + w + "/audit").then(), 403);
        problem(as(Api.member(w, "VIEWER").token()).get("/v1/workspaces/" + w + "/audit.csv").then(), 403);
        problem(as(Api.signUp().token()).get("/v1/workspaces/" + w + "/audit").then(), 404);
        assertNull(Api.store().getCollection("audit").find(Filters.eq("_id", w + "/000000000002")).first(),
                "reading the log records nothing");
    }

    private static void logIn(String email, String password, int status) {
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .post("/v1/auth/login").then().statusCode(status);
    }
}
