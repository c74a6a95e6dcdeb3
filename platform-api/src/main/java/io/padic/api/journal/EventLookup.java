package io.padic.api.journal;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * The events with these ids, by id, each with the pins it is known to have ({@code knownPins}, in its
     * order) where its own record lists none yet: one read of the events' own documents and one of the pins
     * of those that have none (single-object events of a batch, whose pin is their record). Ids found in
     * neither are left out.
     */
    public Map<String, EventRecord> findAll(String projectId, Map<String, List<EventRecord.Pin>> knownPins) {
        if (knownPins.isEmpty()) {
            return Map.of();
        }
        Map<String, EventRecord> found = new HashMap<>();
        for (EventRecord event : events.findAll(projectId, List.copyOf(knownPins.keySet())).values()) {
            found.put(event.eventId(), event.pins().isEmpty() ? event.withPins(knownPins.get(event.eventId())) : event);
        }
        List<EventRecord.Pin> places = new ArrayList<>();
        for (Map.Entry<String, List<EventRecord.Pin>> known : knownPins.entrySet()) {
            if (!found.containsKey(known.getKey()) && !known.getValue().isEmpty()) {
                places.add(known.getValue().get(0));
            }
        }
        if (!places.isEmpty()) {
            for (PinnedEvent pin : pins.findAll(projectId, places).values()) {
                found.put(pin.eventId(), new EventRecord(projectId, pin.eventId(), pin.type(), pin.typeVersion(),
                        pin.createdAt(), pin.occurredAt(), pin.concerns(), pin.metaData(),
                        knownPins.get(pin.eventId()), false));
            }
        }
        return found;
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
