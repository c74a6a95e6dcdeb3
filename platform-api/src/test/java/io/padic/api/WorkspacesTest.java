package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.member;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.signUp;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.testkit.Account;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Workspaces (docs/api.md, Workspaces): anyone signed in creates one and owns it; admins rename, owners delete;
 * the personal workspace and one holding projects are never deleted; another user's workspace is a 404; and
 * concurrent changes all land, with no project left in a deleted workspace.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class WorkspacesTest {

    @Test
    void aUserCreatesRenamesAndDeletesAWorkspaceTheyOwn() {
        Account ada = signUp();
        String id = as(ada.token()).body(Map.of("name", "  Acme  ")).post("/v1/workspaces").then().statusCode(201)
                .body("name", equalTo("Acme")).body("role", equalTo("owner")).body("personal", equalTo(false))
                .body("projects", equalTo(0)).extract().path("id");
        as(ada.token()).get("/v1/me").then().body("tenants.name", hasItem("Acme"));
        as(ada.token()).get("/v1/workspaces").then().statusCode(200).body("workspaces.size()", equalTo(2))
                .body("workspaces.find { it.personal }.id", equalTo(ada.tenantId()));
        as(ada.token()).body(Map.of("name", "Acme Ltd")).patch("/v1/workspaces/" + id).then().statusCode(200)
                .body("name", equalTo("Acme Ltd"));
        as(ada.token()).body(Map.of("name", "Shop", "tenantId", id)).post("/v1/projects").then().statusCode(201);
        as(ada.token()).get("/v1/workspaces/" + id).then().body("projects", equalTo(1));

        problem(as(ada.token()).delete("/v1/workspaces/" + id).then(), 409)
                .body("detail", containsString("holds 1 project"));
        String projectId = as(ada.token()).get("/v1/projects").then().extract()
                .path("projects.find { it.tenantId == '" + id + "' }.id");
        as(ada.token()).delete("/v1/projects/" + projectId).then().statusCode(204);
        as(ada.token()).delete("/v1/workspaces/" + id).then().statusCode(204);

        problem(as(ada.token()).get("/v1/workspaces/" + id).then(), 404);
        as(ada.token()).get("/v1/me").then().body("tenants.id", equalTo(List.of(ada.tenantId())));
        problem(as(ada.token()).body(Map.of("name", "P", "tenantId", id)).post("/v1/projects").then(), 404);
    }

    @Test
    void thePersonalWorkspaceIsRenamedButNeverDeleted() {
        Account ada = signUp();
        as(ada.token()).body(Map.of("name", "Ada's lab")).patch("/v1/workspaces/" + ada.tenantId()).then()
                .statusCode(200).body("name", equalTo("Ada's lab"));
        problem(as(ada.token()).delete("/v1/workspaces/" + ada.tenantId()).then(), 409)
                .body("detail", containsString("personal workspace"));
        as(ada.token()).get("/v1/me").then().body("tenants.name", equalTo(List.of("Ada's lab")));
    }

    @Test
    void badNamesAreRefusedNamingTheField() {
        Account ada = signUp();
        problem(as(ada.token()).body(Map.of("name", " ")).post("/v1/workspaces").then(), 422)
                .body("errors.field", hasItem("name"));
        problem(as(ada.token()).body(Map.of("name", "x".repeat(201))).patch("/v1/workspaces/" + ada.tenantId())
                .then(), 422).body("errors.field", hasItem("name"));
        as(ada.token()).get("/v1/workspaces").then().body("workspaces.size()", equalTo(1));
    }

    @Test
    void everyRoleDoesWhatItMayAndNoMore() {
        Account owner = signUp();
        String id = newWorkspace(owner, "Team");
        String path = "/v1/workspaces/" + id;
        for (String role : List.of("VIEWER", "DEVELOPER")) {
            String token = member(id, role).token();
            as(token).get(path).then().statusCode(200).body("role", equalTo(role.toLowerCase()));
            tooWeak(as(token).body(Map.of("name", "by " + role)).patch(path), role, "admin");
            tooWeak(as(token).delete(path), role, "owner");
        }
        String admin = member(id, "ADMIN").token();
        as(admin).body(Map.of("name", "Team by admin")).patch(path).then().statusCode(200)
                .body("name", equalTo("Team by admin"));
        tooWeak(as(admin).delete(path), "ADMIN", "owner");
        as(owner.token()).get(path).then().statusCode(200).body("name", equalTo("Team by admin"));

        as(owner.token()).delete(path).then().statusCode(204);
        problem(as(admin).get(path).then(), 404);
        as(admin).get("/v1/me").then().body("tenants.id", not(hasItem(id)));
    }

    @Test
    void anotherUsersWorkspaceIsMissingToYou() {
        Account owner = signUp();
        String id = newWorkspace(owner, "Private");
        Account stranger = signUp();
        String path = "/v1/workspaces/" + id;

        problem(as(stranger.token()).get(path).then(), 404).body("detail", containsString(id));
        problem(as(stranger.token()).body(Map.of("name", "mine now")).patch(path).then(), 404);
        problem(as(stranger.token()).delete(path).then(), 404);
        problem(as(stranger.token()).body(Map.of("name", "P", "tenantId", id)).post("/v1/projects").then(), 404);
        String missing = problem(as(stranger.token()).get("/v1/workspaces/ten_missing").then(), 404)
                .extract().path("title");
        assertEquals("Not found", missing);
        as(stranger.token()).get("/v1/workspaces").then().body("workspaces.id", not(hasItem(id)));
        as(owner.token()).get(path).then().statusCode(200).body("name", equalTo("Private"));
    }

    @Test
    void concurrentCreationsAndRenamesAllLand() throws Exception {
        Account ada = signUp();
        List<Callable<Object>> work = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int n = i;
            work.add(() -> newWorkspace(ada, "W" + n));
            work.add(() -> as(ada.token()).body(Map.of("name", "Personal " + n))
                    .patch("/v1/workspaces/" + ada.tenantId()).then().statusCode(200));
        }
        Set<Object> created = new HashSet<>(run(work));
        List<String> listed = as(ada.token()).get("/v1/workspaces").then().extract().path("workspaces.id");
        assertEquals(13, listed.size(), "the personal workspace and twelve created in parallel: " + listed);
        assertTrue(listed.containsAll(created.stream().filter(String.class::isInstance).toList()));
        as(ada.token()).get("/v1/workspaces/" + ada.tenantId()).then().body("name", containsString("Personal "));
    }

    /** A deletion racing project creations: either the deletion is refused or the projects are; never both pass. */
    @Test
    void noProjectOutlivesItsWorkspace() throws Exception {
        for (int round = 0; round < 5; round++) {
            Account ada = signUp();
            String id = newWorkspace(ada, "Racing " + round);
            List<Callable<Object>> work = new ArrayList<>();
            work.add(() -> as(ada.token()).delete("/v1/workspaces/" + id).statusCode());
            for (int i = 0; i < 4; i++) {
                work.add(() -> as(ada.token()).body(Map.of("name", "P", "tenantId", id)).post("/v1/projects")
                        .statusCode());
            }
            List<Object> statuses = run(work);
            boolean deleted = statuses.get(0).equals(204);
            long projectsCreated = statuses.subList(1, statuses.size()).stream().filter(s -> s.equals(201)).count();
            List<String> inWorkspace = as(ada.token()).get("/v1/projects").then().extract()
                    .path("projects.findAll { it.tenantId == '" + id + "' }.id");
            if (deleted) {
                assertEquals(0, projectsCreated, "projects created in a deleted workspace: " + statuses);
                assertEquals(List.of(), inWorkspace);
            } else {
                assertEquals(409, statuses.get(0), "the deletion was refused because projects landed: " + statuses);
                assertEquals(projectsCreated, inWorkspace.size());
            }
        }
    }

    private static String newWorkspace(Account account, String name) {
        return as(account.token()).body(Map.of("name", name)).post("/v1/workspaces").then().statusCode(201)
                .extract().path("id");
    }

    private static void tooWeak(Response response, String role, String needed) {
        problem(response.then(), 403).body("detail",
                allOf(containsString("'" + role.toLowerCase() + "'"), containsString("'" + needed + "'")));
    }

    private static List<Object> run(List<Callable<Object>> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Object> results = new ArrayList<>();
            for (Future<Object> f : pool.invokeAll(work)) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }
}
