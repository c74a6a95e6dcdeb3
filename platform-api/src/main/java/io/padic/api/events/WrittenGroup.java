package io.padic.api.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.api.eventtypes.SchemaGate;
import io.padic.api.journal.EventRecord;
import java.util.List;
import java.util.Map;

/**
 * The events one request wrote together (one event, or the events a batch wrote in one go), as stored and
 * in their order, and the type of every object they were pinned to.
 */
public record WrittenGroup(String projectId, List<Written> events, Map<String, String> objectTypes) {

    public WrittenGroup {
        events = List.copyOf(events);
        objectTypes = Map.copyOf(objectTypes);
    }

    /**
     * A stored event with its pins ({@code event.metaData()} is the JSON text as stored), the same metaData as
     * parsed when it was checked, and what the schema gate flagged (an empty {@code verdict.flagged()} if nothing).
     */
    public record Written(EventRecord event, JsonNode metaData, SchemaGate.Verdict verdict) {

        public boolean flagged() {
            return !verdict.flagged().isEmpty();
        }
    }

    public List<EventRecord> records() {
        return events.stream().map(Written::event).toList();
    }

    /** The type of an object one of the events was pinned to. */
    public String objectType(String objectId) {
        return objectTypes.get(objectId);
    }
}
