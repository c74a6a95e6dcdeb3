package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.hideEvent;
import static io.padic.api.support.Api.sendBatch;
import static io.padic.api.support.Api.sendEventId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import io.padic.api.support.Api;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.api.support.WriteConcernRecorder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * I2 against a real MongoDB (docs/operations.md, "Durability"): every write the app sends — events, pins,
 * idempotency records, object heads, control-plane documents — asks for a journaled majority write concern,
 * so an acknowledged write survives the loss of the primary. Reads go to the primary at majority read concern.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class DurableWritesTest {

    static final String DURABLE = "{\"w\": \"majority\", \"j\": true}";

    @Inject
    WriteConcernRecorder recorder;

    @Inject
    MongoClient client;

    @Test
    void everyWriteAsksForAJournaledMajority() {
        Map<String, Set<String>> seen = writeEverything(recorder);
        seen.forEach((write, concerns) -> assertEquals(Set.of(DURABLE), concerns,
                write + " was sent with " + concerns));
    }

    /**
     * Events of one and of two objects (with a key), a batch, a hide and a project change; returns the write concerns
     * the recorder saw, by write, after checking that it saw the writes of events, pins, keys and projects.
     */
    static Map<String, Set<String>> writeEverything(WriteConcernRecorder recorder) {
        Api.Workspace workspace = Api.workspace();
        Api.saveEventType(workspace, "note.added", Map.of("fields", List.of())).statusCode(201);
        String key = workspace.key();
        createObject(key, "note", "durable-1");
        createObject(key, "note", "durable-2");
        as(key).header("Idempotency-Key", "durable-once").body(Map.of("type", "note.added",
                "concerns", List.of("durable-1", "durable-2"), "metaData", Map.of("a", 1)))
                .post("/v1/events").then().statusCode(201);
        String id = sendEventId(key, "note.added", "durable-1", Map.of("b", 2));
        sendBatch(key, List.of(Map.of("type", "note.added", "concerns", "durable-2", "metaData", Map.of()),
                Map.of("type", "note.added", "concerns", "durable-1", "metaData", Map.of())));
        hideEvent(key, id).statusCode(201);
        as(workspace.account().token()).body(Map.of("name", "renamed")).patch("/v1/projects/" + workspace.projectId())
                .then().statusCode(200);

        Map<String, Set<String>> seen = recorder.concernsByWrite();
        for (String write : List.of("insert pins", "insert events", "insert idempotency", "insert projects")) {
            assertTrue(seen.containsKey(write), "the workload wrote " + write + "; seen: " + seen.keySet());
        }
        return seen;
    }

    @Test
    void readsGoToThePrimaryAtMajorityReadConcern() {
        assertEquals(ReadPreference.primary(), client.getDatabase("padic").getReadPreference());
        assertEquals(ReadConcern.MAJORITY, client.getDatabase("padic").getReadConcern());
        assertEquals(WriteConcern.MAJORITY.withJournal(true), client.getDatabase("padic").getWriteConcern());
    }
}
