package io.padic.api.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers in two platform-api processes on one store race on the same documents (issue 12, findings 1 and 4):
 * every key that was created and not revoked is listed and works, every revoked key and every key of a
 * deleted project answers 401, and every object created is listed exactly once, also by a listing walked
 * while the creations go on.
 */
class TwoProcessRacesIT {

    private static final Duration BOUND_AND_SLACK = Duration.ofSeconds(20);
    private static final Map<String, String> ONE_SECOND = Map.of("PADIC_CACHE_CONTROL_PLANE_STALENESS", "PT1S");

    private static Backends backends;
    private static List<AppProcess> apps;

    @BeforeAll
    static void startTwoProcessesOnOneStore(@TempDir Path dataDir) {
        // The store as ./padic up runs it, so its commits and compactions run under the races too.
        backends = Backends.startOnDisk(dataDir);
        apps = AppProcess.startTogether(List.of(new AppProcess.Spec("race-a", backends, ONE_SECOND),
                new AppProcess.Spec("race-b", backends, ONE_SECOND)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (apps != null) {
            apps.forEach(AppProcess::close);
        }
        if (backends != null) {
            backends.close();
        }
    }

    /** The process that task {@code i} goes through: they alternate. */
    private static AppProcess via(int i) {
        return apps.get(i % 2);
    }

    private record Owner(String token, String projectId) {
        ApiClient through(int i) {
            return ApiClient.to(via(i).uri()).as(token);
        }

        String keys() {
            return "/v1/projects/" + projectId + "/api-keys";
        }
    }

    private record CreatedKey(String id, String secret, String accessLevel) {
    }

    private static Owner newOwner() {
        ApiClient api = ApiClient.to(via(0).uri());
        Account account = api.signUp();
        String projectId = api.createProject(account, "Races");
        api.flagUndeclaredEventTypes(account, projectId);
        return new Owner(account.token(), projectId);
    }

    private static CreatedKey createKey(Owner owner, int i, String level) {
        ApiClient.Reply reply = owner.through(i).post(owner.keys(), Map.of("name", "key " + i,
                "scopes", ApiClient.ALL_SCOPES, "accessLevel", level), null);
        if (reply.status() != 201) {
            return null;
        }
        return new CreatedKey(reply.body().path("id").asText(), reply.body().path("key").asText(), level);
    }

    private static Set<String> listedKeys(Owner owner, int i) {
        Set<String> ids = new HashSet<>();
        JsonNode keys = owner.through(i).get(owner.keys()).expect(200).path("apiKeys");
        keys.forEach(k -> ids.add(k.path("id").asText()));
        assertEquals(keys.size(), ids.size(), "each key listed once: " + keys);
        return ids;
    }

    /** The key works in both processes (an object read answers 404, not 401). */
    private static boolean worksEverywhere(String secret) {
        return ApiClient.to(via(0).uri()).as(secret).get("/v1/objects/probe").status() == 404
                && ApiClient.to(via(1).uri()).as(secret).get("/v1/objects/probe").status() == 404;
    }

    private static boolean refusedEverywhere(String secret) {
        return ApiClient.to(via(0).uri()).as(secret).get("/v1/objects/probe").status() == 401
                && ApiClient.to(via(1).uri()).as(secret).get("/v1/objects/probe").status() == 401;
    }

    @Test
    void keysCreatedRevokedAndPatchedFromTwoProcessesAreListedExactlyWhenTheyWork() throws Exception {
        Owner owner = newOwner();
        List<CreatedKey> early = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            early.add(createKey(owner, i, "owner"));
        }
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            int n = i;
            // Some keys use a level that PATCHes add and remove at the same time.
            tasks.add(() -> createKey(owner, n, n % 3 == 0 ? "partner" : "public"));
        }
        for (int i = 0; i < 10; i++) {
            CreatedKey revoked = early.get(i);
            int n = i;
            tasks.add(() -> owner.through(n).call("DELETE", owner.keys() + "/" + revoked.id(), null, null).status());
        }
        for (int i = 0; i < 10; i++) {
            int n = i;
            List<String> levels = n % 2 == 0 ? List.of("public", "member", "partner", "owner")
                    : List.of("public", "member", "owner");
            tasks.add(() -> owner.through(n).call("PATCH", "/v1/projects/" + owner.projectId(),
                    Map.of("name", "renamed " + n, "accessLevels", levels), null).status());
        }
        Collections.shuffle(tasks);
        List<Object> results = runAll(tasks, 16);

        List<CreatedKey> created = results.stream().filter(CreatedKey.class::isInstance).map(CreatedKey.class::cast)
                .toList();
        results.stream().filter(Integer.class::isInstance)
                .forEach(status -> assertTrue(Set.of(200, 204, 422).contains(status), "status " + status));
        Set<String> expected = new HashSet<>();
        created.forEach(k -> expected.add(k.id()));
        assertEquals(expected, listedKeys(owner, 0), "every key created in the race, and no revoked one");
        assertEquals(expected, listedKeys(owner, 1), "the same list through the other process");

        JsonNode project = owner.through(1).get("/v1/projects/" + owner.projectId()).expect(200);
        Set<String> levels = new HashSet<>();
        project.path("accessLevels").forEach(l -> levels.add(l.asText()));
        for (CreatedKey key : created) {
            assertTrue(levels.contains(key.accessLevel()), "key " + key.id() + " has level " + key.accessLevel()
                    + ", which the project still has: " + levels);
            assertTrue(worksEverywhere(key.secret()), "listed key " + key.id() + " works");
        }
        for (CreatedKey revoked : early) {
            await("revoked key " + revoked.id() + " refused").atMost(BOUND_AND_SLACK)
                    .pollInterval(Duration.ofMillis(200)).until(() -> refusedEverywhere(revoked.secret()));
        }
    }

    @Test
    void aProjectDeletedWhileKeysAreCreatedFromTwoProcessesLeavesNoWorkingKey() throws Exception {
        Owner owner = newOwner();
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            tasks.add(() -> {
                if (n == 25) {
                    return owner.through(n).call("DELETE", "/v1/projects/" + owner.projectId(), null, null)
                            .expect(204);
                }
                return createKey(owner, n, "owner");
            });
        }
        List<CreatedKey> created = runAll(tasks, 16).stream().filter(CreatedKey.class::isInstance)
                .map(CreatedKey.class::cast).toList();
        owner.through(0).get(owner.keys()).expect(404);
        owner.through(1).get(owner.keys()).expect(404);
        for (CreatedKey key : created) {
            await("key " + key.id() + " of the deleted project refused").atMost(BOUND_AND_SLACK)
                    .pollInterval(Duration.ofMillis(200)).until(() -> refusedEverywhere(key.secret()));
        }
        // And it stays refused: nothing brings an orphan back once the caches have let go.
        Thread.sleep(1500);
        for (CreatedKey key : created) {
            assertTrue(refusedEverywhere(key.secret()), "key " + key.id() + " refused for good");
        }
    }

    @Test
    void tenThousandObjectsCreatedFromTwoProcessesAreEachListedOnce() throws Exception {
        Owner owner = newOwner();
        String key = owner.through(0).post(owner.keys(), Map.of("name", "objects", "scopes", ApiClient.ALL_SCOPES,
                "accessLevel", "owner"), null).expect(201).path("key").asText();
        int objects = 10_000;
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean creating = new AtomicBoolean(true);
        List<String> walkProblems = Collections.synchronizedList(new ArrayList<>());
        Thread walker = Thread.ofPlatform().start(() -> {
            // Walks the listing again and again while objects are created: each walk lists every object
            // acknowledged before it began, once.
            while (creating.get()) {
                Set<String> before = Set.copyOf(acknowledged);
                List<String> walked = walk(ApiClient.to(via(1).uri()).as(key), null);
                Set<String> distinct = new HashSet<>(walked);
                if (distinct.size() != walked.size()) {
                    walkProblems.add("a walk listed " + (walked.size() - distinct.size()) + " objects twice");
                }
                if (!distinct.containsAll(before)) {
                    Set<String> missing = new HashSet<>(before);
                    missing.removeAll(distinct);
                    walkProblems.add("a walk missed " + missing.size() + " acknowledged objects, e.g. "
                            + missing.iterator().next());
                }
            }
        });
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < objects; i++) {
            int n = i;
            tasks.add(() -> {
                String id = "o" + n;
                ApiClient.to(via(n).uri()).as(key).post("/v1/objects", Map.of("type", n % 2 == 0 ? "Even" : "Odd",
                        "id", id), null).expect(201);
                acknowledged.add(id);
                return id;
            });
        }
        try {
            runAll(tasks, 16);
        } finally {
            creating.set(false);
            walker.join();
        }
        assertEquals(List.of(), walkProblems);
        for (int via = 0; via < 2; via++) {
            ApiClient reader = ApiClient.to(via(via).uri()).as(key);
            List<String> all = walk(reader, null);
            assertEquals(objects, all.size(), "every object listed once");
            assertEquals(acknowledged, new HashSet<>(all));
            assertEquals(objects / 2, new HashSet<>(walk(reader, "Even")).size(), "every Even object listed");
            assertEquals(objects / 2, walk(reader, "Odd").size(), "every Odd object listed once");
        }
    }

    /** Every object id of the listing, following {@code next} until it ends. */
    private static List<String> walk(ApiClient reader, String type) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            String query = (type == null ? "" : "type=" + type + "&") + (cursor == null ? "" : "cursor=" + cursor);
            JsonNode page = reader.get("/v1/objects" + (query.isEmpty() ? "" : "?" + query)).expect(200);
            page.path("objects").forEach(o -> ids.add(o.path("id").asText()));
            cursor = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (cursor != null);
        return ids;
    }

    private static List<Object> runAll(List<Callable<Object>> tasks, int threads) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Object> results = new ArrayList<>();
            for (Future<Object> future : pool.invokeAll(tasks)) {
                results.add(future.get());
            }
            return results;
        }
    }
}
