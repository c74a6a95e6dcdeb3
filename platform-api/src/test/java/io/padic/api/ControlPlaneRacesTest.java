package io.padic.api;

import static io.padic.api.support.Api.ALL_SCOPES;
import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createProject;
import static io.padic.api.support.Api.issueKey;
import static io.padic.api.support.Api.signUp;
import static io.padic.api.support.Api.workspace;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.testkit.Account;
import io.padic.testkit.Key;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
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
 * Concurrent control-plane changes all land (issue 12, finding 1): no key, revocation or project is lost to
 * another change of the same document made at the same time, and a revoked key stops working.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class ControlPlaneRacesTest {

    @Test
    void keysCreatedAndRevokedInParallelWithPatchesAreAllAccountedFor() throws Exception {
        Workspace w = workspace();
        List<Key> early = inParallel(10, i -> issueKey(w.account(), w.projectId(), "owner", ALL_SCOPES));
        Set<String> expected = new HashSet<>(listKeys(w));
        assertEquals(11, expected.size(), "the workspace's key and ten more, created in parallel: " + expected);
        List<Callable<Object>> mixed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            mixed.add(() -> issueKey(w.account(), w.projectId(), "public", List.of("objects:read")));
        }
        for (Key key : early.subList(0, 5)) {
            mixed.add(() -> as(w.account().token()).delete("/v1/projects/" + w.projectId() + "/api-keys/" + key.id())
                    .then().statusCode(204));
        }
        for (int i = 0; i < 5; i++) {
            int n = i;
            mixed.add(() -> as(w.account().token()).body(Map.of("name", "renamed " + n))
                    .patch("/v1/projects/" + w.projectId()).then().statusCode(200));
        }
        List<Object> results = run(mixed);
        early.subList(0, 5).forEach(k -> expected.remove(k.id()));
        results.stream().filter(Key.class::isInstance).map(r -> ((Key) r).id()).forEach(expected::add);

        List<String> listed = listKeys(w);
        assertEquals(expected, new HashSet<>(listed), "every live key listed, no revoked one");
        assertEquals(listed.size(), new HashSet<>(listed).size(), "each key listed once");
        for (Key revoked : early.subList(0, 5)) {
            as(revoked.secret()).get("/v1/objects/anything").then().statusCode(401);
        }
    }

    @Test
    void projectsCreatedInParallelAreAllListed() throws Exception {
        Account account = signUp();
        List<String> created = inParallel(30, i -> createProject(account));
        List<String> listed = as(account.token()).get("/v1/projects").then().statusCode(200)
                .extract().path("projects.id");
        assertEquals(new HashSet<>(created), new HashSet<>(listed));
    }

    private static List<String> listKeys(Workspace w) {
        return as(w.account().token()).get("/v1/projects/" + w.projectId() + "/api-keys").then().statusCode(200)
                .extract().path("apiKeys.id");
    }

    private interface Indexed<T> {
        T apply(int i);
    }

    private static <T> List<T> inParallel(int n, Indexed<T> task) throws Exception {
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            tasks.add(() -> task.apply(index));
        }
        @SuppressWarnings("unchecked")
        List<T> results = (List<T>) (List<?>) run(tasks);
        return results;
    }

    private static List<Object> run(List<Callable<Object>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Object> results = new ArrayList<>();
            for (Future<Object> f : pool.invokeAll(tasks)) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
