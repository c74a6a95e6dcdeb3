package io.padic.api.journal;

import java.time.Instant;
import java.util.List;

/**
 * The canonical event. {@code typeVersion} is the version of its event type that it was validated against
 * (null for an undeclared type). {@code metaData} is kept as the JSON text the client sent (after parsing),
 * so nothing is lost between JSON and BSON. {@code keyed}: it was sent with an idempotency key, so a retry may
 * write it again.
 */
public record EventRecord(String projectId, String eventId, String type, Integer typeVersion, Instant createdAt,
        Instant occurredAt, List<String> concerns, String metaData, List<Pin> pins, boolean keyed) {

    public record Pin(String objectId, long seq) {
    }

    public boolean complete() {
        return pins != null && pins.size() == concerns.size();
    }

    /**
     * Whether more than one writer may pin this event (a retry with its idempotency key, the repair sweep
     * of events of several objects, a second hide of the same target): then its pins take claims (see
     * {@link PinRepository}). A single-object event without a key is pinned by its one writer only.
     */
    public boolean takesClaims() {
        return keyed || concerns.size() > 1 || PinnedEvent.HIDE_TYPE.equals(type);
    }

    /** The same event under another id (a retry finishing the event its key's first attempt chose). */
    public EventRecord withId(String id) {
        return new EventRecord(projectId, id, type, typeVersion, createdAt, occurredAt, concerns, metaData, pins, keyed);
    }

    public EventRecord withPins(List<Pin> done) {
        return new EventRecord(projectId, eventId, type, typeVersion, createdAt, occurredAt, concerns, metaData, done,
                keyed);
    }
}
