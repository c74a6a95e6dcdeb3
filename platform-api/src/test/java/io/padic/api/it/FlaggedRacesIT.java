package io.padic.api.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.testkit.ApiClient;
import io.padic.testkit.Project;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flagged batches written through two platform-api processes at once on the store as ./padic up runs it (issue 19):
 * each process reserves blocks of violation numbers with one {@code $inc}, and still every flagged event is listed
 * once under a number of its own, counted once per type, in the field statistics once.
 */
class FlaggedRacesIT {

    private static final int WRITERS = 8;
    private static final int BATCHES_EACH = 4;
    private static final int BATCH = 100;

    private static Backends backends;
    private static List<AppProcess> apps;

    @BeforeAll
    static void startTwoProcessesOnOneStore(@TempDir Path dataDir) {
        backends = Backends.startOnDisk(dataDir);
        apps = AppProcess.startTogether(List.of(new AppProcess.Spec("flag-a", backends, Map.of()),
                new AppProcess.Spec("flag-b", backends, Map.of())));
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

    @Test
    void flaggedBatchesFromTwoProcessesAreEachListedOnceUnderTheirOwnNumbers() throws Exception {
        Project project = ApiClient.to(apps.get(0).uri()).newProjectTakingAnyType("Flagged races");
        ApiClient.to(apps.get(0).uri()).as(project.key()).createObjects("Thing", "t0", "t1", "t2", "t3");
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<List<String>>> sent = new ArrayList<>();
        for (int writer = 0; writer < WRITERS; writer++) {
            int id = writer;
            sent.add(pool.submit(() -> {
                ApiClient api = ApiClient.to(apps.get(id % 2).uri()).as(project.key());
                List<String> ids = new ArrayList<>();
                for (int b = 0; b < BATCHES_EACH; b++) {
                    List<Map<String, ?>> events = new ArrayList<>();
                    for (int i = 0; i < BATCH; i++) {
                        events.add(Map.of("type", i % 2 == 0 ? "Alpha" : "Beta", "concerns", "t" + (i % 4),
                                "metaData", Map.of("writer", id, "i", i)));
                    }
                    api.post("/v1/events/batch", Map.of("events", events), null).expect(200).path("results")
                            .forEach(r -> ids.add(r.path("event").path("id").asText()));
                }
                return ids;
            }));
        }
        Set<String> stored = new HashSet<>();
        for (Future<List<String>> f : sent) {
            stored.addAll(f.get());
        }
        pool.shutdown();
        int total = WRITERS * BATCHES_EACH * BATCH;
        assertEquals(total, stored.size());

        ApiClient member = ApiClient.to(apps.get(1).uri()).as(project.token());
        String base = "/v1/projects/" + project.id();
        List<String> listed = new ArrayList<>();
        Set<Long> numbers = new HashSet<>();
        String cursor = null;
        do {
            JsonNode page = member.get(base + "/violations?limit=200" + (cursor == null ? "" : "&cursor=" + cursor))
                    .expect(200);
            page.path("violations").forEach(v -> {
                listed.add(v.path("eventId").asText());
                numbers.add(v.path("number").asLong());
            });
            cursor = page.path("next").isMissingNode() || page.path("next").isNull() ? null
                    : page.path("next").asText();
        } while (cursor != null);
        assertEquals(total, listed.size(), "each flagged event listed once");
        assertEquals(stored, new HashSet<>(listed));
        assertEquals(total, numbers.size(), "no two entries share a number");

        Map<String, Long> counted = new HashMap<>();
        member.get(base + "/violations/counts?days=2").expect(200).path("counts")
                .forEach(c -> counted.merge(c.path("type").asText(), c.path("count").asLong(), Long::sum));
        assertEquals(Map.of("Alpha", (long) total / 2, "Beta", (long) total / 2), counted);

        Map<String, Long> observed = new HashMap<>();
        member.get(base + "/event-types/inferred").expect(200).path("eventTypes")
                .forEach(t -> observed.put(t.path("name").asText(), t.path("events").asLong()));
        assertEquals(Map.of("Alpha", (long) total / 2, "Beta", (long) total / 2), observed,
                "each flagged event counted once in the field statistics");
    }
}
