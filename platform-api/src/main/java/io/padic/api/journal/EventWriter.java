package io.padic.api.journal;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stores an event and pins it to every object it concerns, without transactions (docs/design.md#writing-an-event).
 *
 * <p>Order of writes: the canonical event, a pending marker (multi-concern only), then one pin per object,
 * each followed by raising that object's head, then (multi-concern only) the list of pins on the event. A
 * single-concern event thus costs three round trips: event, pin, head. A writer takes
 * {@code seq = head + 1} by inserting the pin; a duplicate {@code _id} means another writer has that seq.
 * An event that several writers may pin goes in with a pin claim (see {@link PinRepository}), so a retry, a
 * concurrent duplicate or the repair sweep can all run this again and converge on the same pins.
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
    private final HeadsListener raised;

    public EventWriter(EventRepository events, PinRepository pins, ObjectRepository objects, ObjectHints hints,
            ObjectLocks locks, HeadsListener raised) {
        this.raised = raised;
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
        EventRecord inserted = events.insertOrGet(candidate);
        EventRecord stored = finish(inserted, knownObjects, inserted != candidate);
        raised.raised(HeadsRaised.of(stored.projectId(), List.of(stored)));
        return stored;
    }

    /**
     * Pins a stored event to every object it concerns where it is not pinned yet. {@code resumed} says that
     * someone started this event before, so it may be pinned somewhere already.
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
            // A single-concern event's one pin is its own record; saying so on the event too would cost a
            // round trip per event and add nothing.
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
        try (ObjectLocks.Held held = locks.lock(projectId, List.of(objectId))) {
            // What this process learnt while waiting for the lock is newer than the hint it came with.
            StoredObject object = hint != null ? hints.remember(projectId, hint)
                    : hints.find(projectId, List.of(objectId)).get(objectId);
            if (object == null) {
                throw new IllegalStateException("Object " + objectId + " of an event to pin is missing");
            }
            Optional<PinRepository.Claim> claim = Optional.empty();
            if (resumed) {
                claim = pins.claim(projectId, objectId, event.eventId());
                if (claim.isEmpty()) {
                    // No claim: not pinned here, unless an earlier version (which took no claims) pinned it.
                    Optional<PinnedEvent> existing = pins.findFromTime(projectId, objectId, event.eventId(),
                            event.createdAt(), object.head());
                    if (existing.isPresent()) {
                        return pinnedAlready(projectId, objectId, object, existing.get());
                    }
                }
            }
            return event.takesClaims() ? takeClaimedSeq(event, objectId, object, claim)
                    : takeNextSeq(event, objectId, object);
        }
    }

    private long takeNextSeq(EventRecord event, String objectId, StoredObject object) {
        String projectId = event.projectId();
        long seq = object.head() + 1;
        Instant floor = object.lastCreatedAt();
        int taken = 0;
        while (true) {
            PinnedEvent pin = pinAt(event, seq, floor);
            if (pins.insert(projectId, new PinRepository.Placed(objectId, pin))) {
                return pinned(projectId, objectId, object, pin);
            }
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

    /**
     * Pins an event that takes claims: at its claim's seq, or, when another event holds that seq, at the next
     * seq this writer can take, under a new attempt of the claim (see {@link PinRepository}).
     */
    private long takeClaimedSeq(EventRecord event, String objectId, StoredObject object,
            Optional<PinRepository.Claim> known) {
        String projectId = event.projectId();
        PinRepository.Claim claim = known.orElse(null);
        Instant floor = object.lastCreatedAt();
        int attempt = 0;
        long seq = object.head() + 1;
        while (true) {
            if (claim != null) {
                Optional<PinnedEvent> holder = pins.find(projectId, objectId, claim.seq());
                if (holder.isEmpty()) {
                    // The claim's seq is free and the one below it exists (a claim goes in after the pin
                    // before it): pin there, and only there.
                    PinnedEvent pin = pinAt(event, claim.seq(), later(floor, createdAtBelow(projectId, objectId, claim.seq())));
                    if (pins.insert(projectId, new PinRepository.Placed(objectId, pin))) {
                        return pinned(projectId, objectId, object, pin);
                    }
                    continue; // someone took it: see who
                }
                if (holder.get().eventId().equals(event.eventId())) {
                    return pinnedAlready(projectId, objectId, object, holder.get());
                }
                // Another event holds the claim's seq: the event can never be there, so the claim may move.
                floor = later(floor, holder.get().createdAt());
                StoredObject fresh = hints.remember(projectId, objects.find(projectId, objectId).orElseThrow());
                floor = later(floor, fresh.lastCreatedAt());
                attempt = claim.attempt() + 1;
                seq = Math.max(claim.seq(), fresh.head()) + 1;
            }
            PinnedEvent pin = pinAt(event, seq, floor);
            PinRepository.Inserted inserted = pins.insertInOrder(projectId,
                    List.of(new PinRepository.Placed(objectId, pin, attempt)));
            if (inserted.placed() == 1) {
                return pinned(projectId, objectId, object, pin);
            }
            // Either this attempt went in and the seq is taken, or another writer added this attempt first.
            claim = inserted.claimAdded() ? new PinRepository.Claim(attempt, seq)
                    : pins.claim(projectId, objectId, event.eventId()).orElseThrow();
        }
    }

    /** The createdAt of the pin below {@code seq}, the floor of the one at it (I1). */
    private Instant createdAtBelow(String projectId, String objectId, long seq) {
        return seq <= 1 ? Instant.EPOCH : pins.find(projectId, objectId, seq - 1).orElseThrow().createdAt();
    }

    private static PinnedEvent pinAt(EventRecord event, long seq, Instant floor) {
        // createdAt never decreases along an object's seqs (I1), even across processes' clocks.
        Instant createdAt = event.createdAt().isAfter(floor) ? event.createdAt() : floor;
        return new PinnedEvent(seq, event.eventId(), event.type(), event.typeVersion(), createdAt,
                event.occurredAt(), event.concerns(), event.metaData());
    }

    private long pinned(String projectId, String objectId, StoredObject object, PinnedEvent pin) {
        objects.raiseHead(projectId, objectId, pin.seq(), pin.createdAt());
        hints.advance(object, projectId, pin.seq(), pin.createdAt());
        return pin.seq();
    }

    private long pinnedAlready(String projectId, String objectId, StoredObject object, PinnedEvent existing) {
        // Its writer may have died before raising the head.
        objects.raiseHead(projectId, objectId, existing.seq(), existing.createdAt());
        hints.advance(object, projectId, existing.seq(), existing.createdAt());
        return existing.seq();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
