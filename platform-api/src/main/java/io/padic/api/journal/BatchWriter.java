package io.padic.api.journal;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a batch of new events with a few bulk round trips instead of three or more per event, keeping the
 * protocol of {@link EventWriter} (docs/design.md#writing-an-event): one record of the batch's single-object events
 * (their pins hold the rest of them) and the multi-object events' own documents; pending markers for the multi-object
 * ones; then the pins, seqs {@code head+1…} per object in item order, in one ordered {@code insertMany} (a multi-object
 * event's pins each after its claim), which stops at the first taken seq so no pin exists without the one before it;
 * then one {@code $max} per object raising its head; then the multi-object events' pin lists.
 *
 * <p>When another writer took a seq, the items from the one that met it on are planned again from freshly
 * read heads, a few times; what is still left then (or at once, if it holds an event with claims, whose
 * claims must be followed) goes through {@link EventWriter} one by one, which walks past any taken seq.
 * Either way each object's events keep the items' order.
 */
@ApplicationScoped
public class BatchWriter {

    /** Bulk attempts before the rest of a contended batch goes through the one-by-one writer. */
    private static final int BULK_ROUNDS = 3;

    private final EventRepository events;
    private final PinRepository pins;
    private final ObjectRepository objects;
    private final ObjectHints hints;
    private final EventWriter writer;
    private final ObjectLocks locks;
    private final HeadsListener raised;

    public BatchWriter(EventRepository events, PinRepository pins, ObjectRepository objects, ObjectHints hints,
            EventWriter writer, ObjectLocks locks, HeadsListener raised) {
        this.raised = raised;
        this.locks = locks;
        this.events = events;
        this.pins = pins;
        this.objects = objects;
        this.hints = hints;
        this.writer = writer;
    }

    /**
     * Writes new events (fresh ids, concerns existing) of one project and returns them with their pins, in
     * the same order. {@code known} holds every concerned object as read moments ago (a hint).
     */
    public List<EventRecord> write(String projectId, String batchId, List<EventRecord> batch,
            Map<String, StoredObject> known) {
        List<EventRecord> members = batch.stream().filter(e -> !e.takesClaims()).toList();
        if (!members.isEmpty()) {
            events.insertBatch(projectId, batchId, members.get(0).createdAt(), members);
        }
        List<EventRecord> own = batch.stream().filter(EventRecord::takesClaims).toList();
        if (!own.isEmpty()) {
            events.insertAll(own);
        }
        return pinAll(projectId, batch, known);
    }

    /**
     * Pins events whose documents are stored (new ones, or ones no writer has pinned yet) and returns them with their
     * pins, in the same order: what {@link #write} does after storing a batch's documents, and what a group of single
     * events (events/SingleEvents) needs after storing theirs. {@code known} holds every concerned object (a hint).
     */
    public List<EventRecord> pinAll(String projectId, List<EventRecord> batch, Map<String, StoredObject> known) {
        List<EventRecord> multi = batch.stream().filter(e -> e.concerns().size() > 1).toList();
        if (!multi.isEmpty()) {
            events.addAllPending(multi);
        }
        Map<String, StoredObject> heads = new HashMap<>(known);
        List<Map<String, Long>> done = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            done.add(new LinkedHashMap<>());
        }
        int next = 0;
        for (int round = 0; round < BULK_ROUNDS && next < batch.size(); round++) {
            if (round > 0) {
                if (batch.subList(next, batch.size()).stream().anyMatch(EventRecord::takesClaims)) {
                    break; // claims taken in the first round are followed one by one
                }
                heads.putAll(freshHeads(projectId, batch.subList(next, batch.size())));
            }
            next = pinInBulk(projectId, batch, next, heads, done);
        }
        List<EventRecord> written = new ArrayList<>(batch.size());
        for (int i = 0; i < next; i++) {
            written.add(withPins(batch.get(i), done.get(i)));
        }
        List<EventRecord> multiDone = written.stream().filter(e -> e.concerns().size() > 1).toList();
        if (!multiDone.isEmpty()) {
            events.markAllPinned(multiDone);
            events.removeAllPending(multiDone);
        }
        for (int i = next; i < batch.size(); i++) {
            // The first of these may be pinned to some objects already; the others to none.
            written.add(writer.finish(batch.get(i), heads, !done.get(i).isEmpty()));
        }
        raised.raised(HeadsRaised.of(projectId, written));
        return written;
    }

    /**
     * Plans the pins of items {@code from…} on {@code heads}, inserts them in order, raises the heads of the
     * objects they went to, and returns the index of the first item not fully pinned (the batch size if all
     * were).
     */
    private int pinInBulk(String projectId, List<EventRecord> batch, int from, Map<String, StoredObject> heads,
            List<Map<String, Long>> done) {
        Set<String> concerned = new LinkedHashSet<>();
        batch.subList(from, batch.size()).forEach(e -> concerned.addAll(e.concerns()));
        try (ObjectLocks.Held held = locks.lock(projectId, concerned)) {
            for (String objectId : concerned) {
                // What this process learnt while waiting for the locks is newer than what it came with.
                heads.put(objectId, hints.remember(projectId, heads.get(objectId)));
            }
            return pinInBulkLocked(projectId, batch, from, heads, done);
        }
    }

    private int pinInBulkLocked(String projectId, List<EventRecord> batch, int from, Map<String, StoredObject> heads,
            List<Map<String, Long>> done) {
        List<PinRepository.Placed> plan = new ArrayList<>();
        List<Integer> itemOf = new ArrayList<>();
        Map<String, StoredObject> planned = new HashMap<>(heads);
        for (int i = from; i < batch.size(); i++) {
            EventRecord event = batch.get(i);
            for (String objectId : event.concerns()) {
                if (done.get(i).containsKey(objectId)) {
                    continue;
                }
                StoredObject head = planned.get(objectId);
                long seq = head.head() + 1;
                // createdAt never decreases along an object's seqs (I1).
                Instant createdAt = event.createdAt().isAfter(head.lastCreatedAt()) ? event.createdAt()
                        : head.lastCreatedAt();
                plan.add(new PinRepository.Placed(objectId, new PinnedEvent(seq, event.eventId(), event.type(),
                        event.typeVersion(), createdAt, event.occurredAt(), event.concerns(), event.metaData()),
                        event.takesClaims() ? 0 : null));
                itemOf.add(i);
                planned.put(objectId, new StoredObject(objectId, head.type(), head.createdAt(), seq, createdAt));
            }
        }
        int inserted = plan.isEmpty() ? 0 : pins.insertInOrder(projectId, plan).placed();
        Map<String, StoredObject> raised = new LinkedHashMap<>();
        for (int k = 0; k < inserted; k++) {
            PinRepository.Placed placed = plan.get(k);
            done.get(itemOf.get(k)).put(placed.objectId(), placed.pin().seq());
            StoredObject head = heads.get(placed.objectId());
            raised.put(placed.objectId(), new StoredObject(placed.objectId(), head.type(), head.createdAt(),
                    placed.pin().seq(), placed.pin().createdAt()));
        }
        objects.raiseHeads(projectId, raised.values());
        for (StoredObject object : raised.values()) {
            heads.put(object.id(), hints.remember(projectId, object));
        }
        return inserted == plan.size() ? batch.size() : itemOf.get(inserted);
    }

    /** The stored heads of the objects that {@code rest} concerns, merged with what this process knows. */
    private Map<String, StoredObject> freshHeads(String projectId, List<EventRecord> rest) {
        Set<String> ids = new LinkedHashSet<>();
        rest.forEach(e -> ids.addAll(e.concerns()));
        Map<String, StoredObject> fresh = new HashMap<>();
        for (StoredObject object : objects.findMany(projectId, ids).values()) {
            fresh.put(object.id(), hints.remember(projectId, object));
        }
        return fresh;
    }

    private static EventRecord withPins(EventRecord event, Map<String, Long> seqs) {
        List<EventRecord.Pin> pinned = new ArrayList<>(event.concerns().size());
        for (String objectId : event.concerns()) {
            pinned.add(new EventRecord.Pin(objectId, seqs.get(objectId)));
        }
        return event.withPins(pinned);
    }
}
