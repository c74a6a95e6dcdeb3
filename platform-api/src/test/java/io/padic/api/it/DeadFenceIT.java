package io.padic.api.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.padic.testkit.ApiClient;
import io.padic.testkit.Project;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/design.md#warm-reads-without-the-store, "A failed note": a process that died owing a note leaves its fence,
 * which both processes find once it is a minute old and race to take down. Whoever takes it down must first raise the
 * epoch, so that the note the dead process could not raise (one event short here) is trusted by neither process
 * afterwards: every read through either answers the event.
 */
class DeadFenceIT {

    private static TwoApps apps;

    @BeforeAll
    static void startTwoProcesses() {
        apps = TwoApps.start("fence", Map.of());
    }

    @AfterAll
    static void stop() {
        if (apps != null) {
            apps.close();
        }
    }

    @Test
    void aDeadProcesssFenceComesDownOnlyWithANewEpochSoItsShortNoteIsNeverServed() {
        Project project = ApiClient.to(apps.app(0).uri()).newProjectTakingAnyType("dead fence");
        List<ApiClient> clients = apps.both().stream().map(p -> ApiClient.to(p.uri()).as(project.key())).toList();
        clients.get(0).createObjects("Clock", "c1");
        clients.get(0).sendEvent("Tick", "c1", Map.of("n", 0)).expect(201);
        clients.get(1).sendEvent("Tick", "c1", Map.of("n", 1)).expect(201);
        String note = "head:{" + project.id() + ":c1}"; // the note's key (design.md, "Notes")
        // Reads through both note the head with its type and epoch, as reads do, so that a note can be trusted.
        await("both processes trust the note").atMost(Duration.ofSeconds(10)).until(() -> {
            clients.forEach(client -> assertEquals(2, seqOf(client)));
            return apps.backends().redisCommand("HGET", note, "type").contains("Clock");
        });
        long epoch = Long.parseLong(value(apps.backends().redisCommand("GET", "padic:heads:epoch")));

        // A process that could not raise its note for event 2: it puts up its fence, and its note stays one event
        // short but of the current epoch, which a process that trusted it would serve.
        MongoCollection<Document> fences = apps.backends().store().getCollection("cache_fences");
        fences.insertOne(new Document("_id", "proc_dead").append("token", "fence_dead")
                .append("refreshedAt", new Date()));
        apps.backends().redisCommand("HSET", note, "seq", "1", "epoch", Long.toString(epoch));
        // It acknowledges event 2 only once every view shows the fence (1.6 s after writing it), then dies: its fence
        // is no longer refreshed, as if a minute had passed.
        await("every view shows the fence").pollDelay(Duration.ofSeconds(2)).until(() -> true);
        fences.updateOne(Filters.eq("_id", "proc_dead"),
                Updates.set("refreshedAt", Date.from(Instant.now().minusSeconds(120))));

        await("a process takes the dead process's fence down").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> fences.countDocuments() == 0);
        assertTrue(Long.parseLong(value(apps.backends().redisCommand("GET", "padic:heads:epoch"))) > epoch,
                "the epoch was raised before the fence came down");
        // For as long as a view takes to trust again and longer: every read through either process has event 2.
        Instant until = Instant.now().plusSeconds(3);
        while (Instant.now().isBefore(until)) {
            for (ApiClient client : clients) {
                assertEquals(2, seqOf(client), "a read after the dead process's fence came down");
            }
        }
    }

    private static long seqOf(ApiClient client) {
        JsonNode object = client.readObject("c1", null).expect(200);
        return object.path("seq").asLong();
    }

    /** The value of a bulk-string reply ({@code $<length>\r\n<value>\r\n}). */
    private static String value(String reply) {
        return reply.substring(reply.indexOf("\r\n") + 2, reply.lastIndexOf("\r\n"));
    }
}
