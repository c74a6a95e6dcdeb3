package io.padic.api.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Auditable actions sent at once through two platform-api processes on one store (docs/design.md#audit-log): each
 * acknowledged action has exactly one entry, readable through either process as soon as it was answered, the
 * entries are numbered 1..n without a gap or a repeat, and their times never go down as the numbers go up.
 */
class AuditRacesIT {

    private static TwoApps apps;

    @BeforeAll
    static void startTwoProcessesOnOneStore() {
        apps = TwoApps.start("audit", Map.of());
    }

    @AfterAll
    static void stop() {
        if (apps != null) {
            apps.close();
        }
    }

    private static ApiClient via(int i, String token) {
        return ApiClient.to(apps.app(i).uri()).as(token);
    }

    @Test
    void concurrentActionsFromTwoProcessesAreEachRecordedOnce() throws Exception {
        Account owner = ApiClient.to(apps.app(0).uri()).signUp();
        String workspace = via(0, owner.token()).post("/v1/workspaces", Map.of("name", "Raced"), null).expect(201)
                .path("id").asText();
        String project = via(0, owner.token()).post("/v1/projects", Map.of("name", "Raced", "tenantId", workspace),
                null).expect(201).path("id").asText();
        List<Callable<String>> tasks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            tasks.add(() -> {
                // Each task reads its own entry back through the other process as soon as it is answered.
                String target = switch (n % 4) {
                    case 0 -> via(n, owner.token()).post("/v1/projects", Map.of("name", "P" + n, "tenantId",
                            workspace), null).expect(201).path("id").asText();
                    case 1 -> via(n, owner.token()).post("/v1/projects/" + project + "/api-keys", Map.of("name",
                            "K" + n, "scopes", List.of("objects:read"), "accessLevel", "public"), null).expect(201)
                            .path("id").asText();
                    case 2 -> {
                        via(n, owner.token()).call("PATCH", "/v1/workspaces/" + workspace, Map.of("name", "W" + n),
                                null).expect(200);
                        yield "W" + n;
                    }
                    default -> {
                        via(n, owner.token()).call("PUT", "/v1/projects/" + project + "/event-types/T" + n,
                                Map.of("applyEvent", "return event.metaData;"), null).expect(201);
                        yield "T" + n;
                    }
                };
                JsonNode newest = via(n + 1, owner.token()).get("/v1/workspaces/" + workspace + "/audit?limit=200")
                        .expect(200).path("entries");
                boolean seen = false;
                for (JsonNode entry : newest) {
                    seen |= mentions(entry, target);
                }
                return seen ? target : "not yet readable: " + target;
            });
        }
        Collections.shuffle(tasks);
        List<String> targets = runAll(tasks, 12);
        targets.forEach(t -> assertFalse(t.startsWith("not yet"), t + " was answered before its entry was written"));

        for (int process = 0; process < 2; process++) {
            List<JsonNode> entries = all(via(process, owner.token()), workspace);
            assertEquals(42, entries.size(), "the workspace and first project, then 40 actions");
            Map<String, Integer> perTarget = new HashMap<>();
            Set<Long> numbers = new HashSet<>();
            Instant newer = Instant.MAX;
            for (JsonNode entry : entries) {
                numbers.add(entry.path("number").asLong());
                Instant at = Instant.parse(entry.path("at").asText());
                assertFalse(at.isAfter(newer), "times never go down as numbers go up: " + entry);
                newer = at;
                for (String target : targets) {
                    if (mentions(entry, target)) {
                        perTarget.merge(target, 1, Integer::sum);
                    }
                }
            }
            assertEquals(42, numbers.size(), "no number twice");
            assertTrue(numbers.stream().allMatch(n -> n >= 1 && n <= 42), "numbered 1..42 without a gap: " + numbers);
            for (String target : targets) {
                assertEquals(1, perTarget.getOrDefault(target, 0), "exactly one entry for " + target);
            }
        }
    }

    /** Whether the entry is the one for {@code target}: a project, key or type by id, a rename by its new name. */
    private static boolean mentions(JsonNode entry, String target) {
        if (target.startsWith("W")) {
            return entry.path("action").asText().equals("workspace.renamed")
                    && entry.path("details").path("name").asText().endsWith("→ " + target);
        }
        return entry.path("target").path("id").asText().equals(target);
    }

    private static List<JsonNode> all(ApiClient api, String workspace) {
        List<JsonNode> entries = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/v1/workspaces/" + workspace + "/audit?limit=10"
                    + (cursor == null ? "" : "&cursor=" + cursor)).expect(200);
            page.path("entries").forEach(entries::add);
            cursor = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (cursor != null);
        return entries;
    }

    private static List<String> runAll(List<Callable<String>> tasks, int threads) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<String> results = new ArrayList<>();
            for (Future<String> future : pool.invokeAll(tasks)) {
                results.add(future.get());
            }
            return results;
        }
    }
}
