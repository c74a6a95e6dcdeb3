package io.padic.api;

import static com.mongodb.client.model.Filters.eq;
import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.getEventType;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.readObject;
import static io.padic.api.support.Api.saveEventType;
import static io.padic.api.support.Api.sendEvent;
import static io.padic.api.support.Api.sendEventId;
import static io.padic.api.support.Api.store;
import static io.padic.api.support.Api.workspace;
import static io.padic.api.support.Schemas.declare;
import static io.padic.api.support.Schemas.optional;
import static io.padic.api.support.Schemas.required;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.api.store.StoreKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Changing an event type's fields makes a new version. Each event records the version it was validated
 * against; events already stored are never checked again, so they keep folding under the new version.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class SchemaVersionsTest {

    @Test
    void aNewRequiredFieldBindsNewEventsWhileOldOnesStillFold() {
        Workspace w = workspace();
        declare(w, "TaskSaved", "reject", required("title", "string"), optional("done", "boolean"))
                .statusCode(201).body("version", equalTo(1));
        createObject(w.key(), "Task", "t1");
        String first = sendEventId(w.key(), "TaskSaved", "t1", Map.of("title", "Write tests"));
        String second = sendEventId(w.key(), "TaskSaved", "t1", Map.of("title", "Write more tests", "done", false));

        declare(w, "TaskSaved", "reject", required("title", "string"), optional("done", "boolean"),
                required("priority", "integer")).statusCode(200).body("version", equalTo(2));
        getEventType(w, "TaskSaved").statusCode(200).body("version", equalTo(2))
                .body("versions.version", equalTo(List.of(1, 2)))
                .body("versions[0].fields.name", equalTo(List.of("title", "done")))
                .body("fields.name", equalTo(List.of("title", "done", "priority")));

        // An event that v1 accepted is now refused: it lacks the new required field.
        problem(sendEvent(w.key(), "TaskSaved", "t1", Map.of("title", "No priority")), 422)
                .body("errors.field", equalTo(List.of("metaData.priority")))
                .body("errors[0].message", equalTo("is required"));
        String third = sendEventId(w.key(), "TaskSaved", "t1", Map.of("title", "Ship", "done", true, "priority", 1));

        // The old events are not validated again: the object still folds through all three.
        readObject(w.key(), "t1", null).statusCode(200).body("seq", equalTo(3))
                .body("state", equalTo(Map.of("title", "Ship", "done", true, "priority", 1)));
        readObject(w.key(), "t1", "seq=2").statusCode(200)
                .body("state", equalTo(Map.of("title", "Write more tests", "done", false)));
        readObject(w.key(), "t1", "seq=1").statusCode(200).body("state", equalTo(Map.of("title", "Write tests")));

        as(w.key()).get("/v1/objects/t1/events").then().statusCode(200)
                .body("events.id", equalTo(List.of(first, second, third)))
                .body("events.typeVersion", equalTo(List.of(1, 1, 2)));
        assertEquals(1, storedVersion(w, first));
        assertEquals(1, storedVersion(w, second));
        assertEquals(2, storedVersion(w, third));
    }

    @Test
    void aChangedFieldTypeLeavesOldEventsReadableUnderTheNewReducer() {
        Workspace w = workspace();
        declare(w, "Scored", "allow", required("score", "string"));
        createObject(w.key(), "Game", "g1");
        String old = sendEventId(w.key(), "Scored", "g1", Map.of("score", "ten"));

        // v2 makes score an integer and folds with code that would not care either way.
        var v2 = Map.of("unknownFields", "allow", "fields", List.of(required("score", "integer")),
                "applyEvent", "return { score: event.metaData.score, seen: (state.seen || 0) + 1 };");
        saveEventType(w, "Scored", v2).statusCode(200).body("version", equalTo(2));
        problem(sendEvent(w.key(), "Scored", "g1", Map.of("score", "eleven")), 422)
                .body("errors.field", equalTo(List.of("metaData.score")));
        String fresh = sendEventId(w.key(), "Scored", "g1", Map.of("score", 12));

        readObject(w.key(), "g1", "seq=1").statusCode(200).body("state", equalTo(Map.of("score", "ten", "seen", 1)));
        readObject(w.key(), "g1", null).statusCode(200).body("seq", equalTo(2))
                .body("state", equalTo(Map.of("score", 12, "seen", 2)));
        assertEquals(1, storedVersion(w, old));
        assertEquals(2, storedVersion(w, fresh));

        // Saving the same definition again is not a new version; events keep landing on v2.
        saveEventType(w, "Scored", v2).statusCode(200).body("version", equalTo(2));
        String again = sendEventId(w.key(), "Scored", "g1", Map.of("score", 13));
        as(w.key()).get("/v1/objects/g1/events").then()
                .body("events.typeVersion", equalTo(List.of(1, 2, 2)));
        assertEquals(2, storedVersion(w, again));
    }

    /** The version recorded on the canonical event and on its pin, which must agree. */
    private static int storedVersion(Workspace w, String eventId) {
        Document event = store().getCollection("events").find(eq("_id", StoreKeys.event(w.projectId(), eventId)))
                .first();
        Document pin = store().getCollection("pins").find(eq("eventId", eventId)).first();
        assertEquals(event.getInteger("typeVersion"), pin.getInteger("typeVersion"), "pin and event of " + eventId);
        return event.getInteger("typeVersion");
    }
}
