package io.padic.api.events;

import io.padic.api.objects.ObjectRepository;
import io.padic.api.objects.StoredObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stores an event and pins it to every object it concerns, without transactions (DESIGN §3).
 *
 * <p>Order of writes: the canonical event, a pending marker (multi-concern only), then one pin per object,
 * each followed by raising that object's head, then (multi-concern only) the list of pins on the event. A
 * single-concern event thus costs three round trips: event, pin, head. A writer takes
 * {@code seq = head + 1} by inserting the pin; a duplicate {@code _id} means another writer has that seq.
 * The unique (project, object, event) index makes a pin happen at most once, so a retry, a concurrent
 * duplicate or the repair sweep can all run this again and converge on the same pins.
 */
@ApplicationScoped
public class EventWriter {

    /** After this many taken seqs in a row the cached head is stale: read it again instead of walking. */
    private static final int REREAD_HEAD_AFTER = 4;

    private final EventRepository events;
    private final PinRepository pins;
    private final ObjectRepository objects;
    private final ObjectHints hints;
    private final ObjectLocks locks;

    public EventWriter(EventRepository events, PinRepository pins, ObjectRepository objects, ObjectHints hints,
            ObjectLocks locks) {
        this.events = events;
        this.pins = pins;
        this.objects = objects;
        this.hints = hints;
        this.locks = locks;
    }

    /**
     * Writes {@code candidate} (or completes the stored event with its id) and returns the stored event with
     * its pins. {@code knownObjects} may hold heads read moments ago; they are hints, never trusted.
     */
    public EventRecord write(EventRecord candidate, Map<String, StoredObject> knownObjects) {
        EventRecord stored = events.insertOrGet(candidate);
        return finish(stored, knownObjects, stored != candidate);
    }

    /**
     * Pins a stored event to every object it concerns where it is not pinned yet. {@code resumed} says that
     * some pins may exist already (someone started this event before), so each is looked for first.
     */
    EventRecord finish(EventRecord stored, Map<String, StoredObject> knownObjects, boolean resumed) {
        boolean multi = stored.concerns().size() > 1;
        if (multi && !stored.complete()) {
            // After the event, before any pin: a marker never exists without its event, and a crash
            // before it leaves an event that no object shows.
            events.addPending(stored.projectId(), stored.eventId(), stored.createdAt());
        }
        if (!stored.complete()) {
            List<EventRecord.Pin> done = new ArrayList<>(stored.concerns().size());
            for (String objectId : stored.concerns()) {
                done.add(new EventRecord.Pin(objectId, pinOnce(stored, objectId, knownObjects.get(objectId), resumed)));
            }
            stored = stored.withPins(done);
            // A single-concern event's one pin is its own record, found by the unique (project, object,
            // event) index; saying so on the event too would cost a round trip per event and add nothing.
            if (multi) {
                events.markPinned(stored);
            }
        }
        if (multi) {
            events.removePending(stored.projectId(), stored.eventId());
        }
        return stored;
    }

    private long pinOnce(EventRecord event, String objectId, StoredObject hint, boolean resumed) {
        String projectId = event.projectId();
        if (resumed) {
            // Someone started this event before: it may be pinned here already.
            var existing = pins.findByEvent(projectId, objectId, event.eventId());
            if (existing.isPresent()) {
                objects.raiseHead(projectId, objectId, existing.get().seq(), existing.get().createdAt());
                return existing.get().seq();
            }
        }
        try (ObjectLocks.Held held = locks.lock(projectId, List.of(objectId))) {
            // What this process learnt while waiting for the lock is newer than the hint it came with.
            StoredObject object = hint != null ? hints.remember(projectId, hint)
                    : hints.find(projectId, List.of(objectId)).get(objectId);
            if (object == null) {
                throw new IllegalStateException("Object " + objectId + " of an event to pin is missing");
            }
            return takeNextSeq(event, objectId, object);
        }
    }

    private long takeNextSeq(EventRecord event, String objectId, StoredObject object) {
        String projectId = event.projectId();
        long seq = object.head() + 1;
        Instant floor = object.lastCreatedAt();
        int taken = 0;
        while (true) {
            // createdAt never decreases along an object's seqs (I1), even across processes' clocks.
            Instant createdAt = event.createdAt().isAfter(floor) ? event.createdAt() : floor;
            PinnedEvent pin = new PinnedEvent(seq, event.eventId(), event.type(), event.typeVersion(), createdAt,
                    event.occurredAt(), event.concerns(), event.metaData());
            switch (pins.insert(projectId, objectId, pin)) {
                case INSERTED -> {
                    objects.raiseHead(projectId, objectId, seq, createdAt);
                    hints.advance(object, projectId, seq, createdAt);
                    return seq;
                }
                case ALREADY_PINNED -> {
                    PinnedEvent existing = pins.findByEvent(projectId, objectId, event.eventId()).orElseThrow();
                    objects.raiseHead(projectId, objectId, existing.seq(), existing.createdAt());
                    return existing.seq();
                }
                case SEQ_TAKEN -> {
                    if (++taken % REREAD_HEAD_AFTER == 0) {
                        StoredObject fresh = hints.remember(projectId, objects.find(projectId, objectId).orElseThrow());
                        if (fresh.head() >= seq) {
                            seq = fresh.head() + 1;
                            floor = later(floor, fresh.lastCreatedAt());
                            continue;
                        }
                    }
                    floor = later(floor, pins.find(projectId, objectId, seq).orElseThrow().createdAt());
                    seq++;
                }
            }
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
