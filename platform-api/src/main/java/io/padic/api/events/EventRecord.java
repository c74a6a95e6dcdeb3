package io.padic.api.events;

import java.time.Instant;
import java.util.List;

/**
 * The canonical event, as stored once in {@code events}. {@code typeVersion} is the version of its event
 * type that it was validated against (null for an undeclared type). {@code metaData} is kept as the JSON text the
 * client sent (after parsing), so nothing is lost between JSON and BSON.
 */
public record EventRecord(String projectId, String eventId, String type, Integer typeVersion, Instant createdAt,
        Instant occurredAt, List<String> concerns, String metaData, List<Pin> pins) {

    public record Pin(String objectId, long seq) {
    }

    public boolean complete() {
        return pins != null && pins.size() == concerns.size();
    }

    public EventRecord withPins(List<Pin> done) {
        return new EventRecord(projectId, eventId, type, typeVersion, createdAt, occurredAt, concerns, metaData, done);
    }
}
