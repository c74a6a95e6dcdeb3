package io.padic.api.journal;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Finds a stored event by its id, wherever it is recorded: its own {@code events} document, or, for a
 * single-object event sent in a batch, its batch's record and its pin.
 */
@ApplicationScoped
public class EventLookup {

    private final EventRepository events;
    private final PinRepository pins;
    private final ObjectRepository objects;

    public EventLookup(EventRepository events, PinRepository pins, ObjectRepository objects) {
        this.events = events;
        this.pins = pins;
        this.objects = objects;
    }

    /** The event; a batch member only once it is pinned (before that, no one was told its id). */
    public Optional<EventRecord> find(String projectId, String eventId) {
        Optional<EventRecord> own = events.find(projectId, eventId);
        if (own.isPresent()) {
            return own;
        }
        return events.findBatchMember(projectId, eventId).flatMap(member -> {
            // Batch members take no claims: found from their creation time.
            Optional<PinnedEvent> pin = objects.find(projectId, member.objectId()).flatMap(o ->
                    pins.findFromTime(projectId, member.objectId(), eventId, member.createdAt(), o.head()));
            return pin.map(p -> new EventRecord(projectId, eventId, p.type(), p.typeVersion(), member.createdAt(),
                    p.occurredAt(), p.concerns(), p.metaData(), List.of(new EventRecord.Pin(member.objectId(), p.seq())),
                    false));
        });
    }

    /** The seq at which the event is pinned to the object, if it is. */
    public Optional<Long> seqOn(String projectId, String objectId, String eventId) {
        return find(projectId, eventId).flatMap(event -> {
            for (EventRecord.Pin pin : event.pins()) {
                if (pin.objectId().equals(objectId)) {
                    return Optional.of(pin.seq());
                }
            }
            if (!event.concerns().contains(objectId)) {
                return Optional.empty();
            }
            return findPin(projectId, objectId, eventId, event.createdAt()).map(PinnedEvent::seq);
        });
    }

    private Optional<PinnedEvent> findPin(String projectId, String objectId, String eventId, Instant createdAt) {
        Optional<StoredObject> object = objects.find(projectId, objectId);
        return object.flatMap(o -> pins.findByEvent(projectId, objectId, eventId, createdAt, o.head()));
    }
}
