package io.padic.api.journal;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import io.padic.api.store.EventStore;
import io.padic.api.store.StoreKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The {@code events} collection (canonical events, by computed id) and {@code pending_pins}, the short
 * list of multi-concern events whose pinning is under way, which the repair sweep reads.
 */
@ApplicationScoped
public class EventRepository {

    /** A batch record's map of member number to object id. */
    private static final String BATCH_OBJECTS = "objects";
    /** When a pending entry's pinning started. */
    private static final String SINCE = "since";

    private final EventStore store;

    public EventRepository(EventStore store) {
        this.store = store;
    }

    /** Stores the event unless it exists; either way returns the stored one, whose fields win. */
    public EventRecord insertOrGet(EventRecord event) {
        try {
            EventStore.raw(store.earlierStep(store.events())).insertOne(EventDocument.event(event));
            return event;
        } catch (MongoWriteException e) {
            if (!EventStore.isDuplicateKey(e)) {
                throw e;
            }
            return find(event.projectId(), event.eventId()).orElseThrow();
        }
    }

    /** Stores new events (fresh ids) in one round trip. */
    public void insertAll(List<EventRecord> batch) {
        EventStore.raw(store.earlierStep(store.events())).insertMany(documents(batch),
                new InsertManyOptions().ordered(true));
    }

    /**
     * Stores events that may already be stored (an event id chosen for an idempotency key can be resumed by a retry
     * meanwhile), in one round trip, and returns the positions of those that were: their stored fields win, so they
     * must be written again through {@link #insertOrGet}.
     */
    public Set<Integer> insertNew(List<EventRecord> batch) {
        try {
            EventStore.raw(store.earlierStep(store.events())).insertMany(documents(batch),
                    new InsertManyOptions().ordered(false));
            return Set.of();
        } catch (MongoBulkWriteException e) {
            return EventStore.duplicateKeyIndexes(e);
        }
    }

    private static List<BsonDocument> documents(List<EventRecord> batch) {
        List<BsonDocument> docs = new ArrayList<>(batch.size());
        for (EventRecord event : batch) {
            docs.add(EventDocument.event(event));
        }
        return docs;
    }

    /**
     * Records the single-object events of one batch in one document: which object each went to, and their
     * one creation time. Their ids are {@code <batchId>.<n>}; their pins hold the rest, so nothing else of
     * them is written twice. Multi-object events of a batch keep their own documents.
     */
    public void insertBatch(String projectId, String batchId, Instant createdAt, List<EventRecord> members) {
        BsonDocument objects = new BsonDocument();
        for (EventRecord member : members) {
            objects.append(member.eventId().substring(batchId.length() + 1), new BsonString(member.concerns().get(0)));
        }
        EventStore.raw(store.earlierStep(store.events())).insertOne(new BsonDocument(EventDocument.ID,
                new BsonString(StoreKeys.eventBatch(projectId, batchId)))
                .append(EventDocument.PROJECT_ID, new BsonString(projectId))
                .append(EventDocument.CREATED_AT, EventStore.date(createdAt))
                .append(BATCH_OBJECTS, objects));
    }

    /** The id of a batch member's batch: {@code <batchId>.<n>}. */
    public static String memberId(String batchId, int n) {
        return batchId + "." + n;
    }

    /** A batch member's id taken apart: its batch and its place {@code n} in the request. */
    public record MemberId(String batchId, int n) {
    }

    /** The parts of a batch member's id ({@code <batchId>.<n>}, as {@link #memberId} makes it); empty for any other. */
    public static Optional<MemberId> memberOf(String eventId) {
        int dot = eventId.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String place = eventId.substring(dot + 1);
        try {
            int n = Integer.parseInt(place);
            return Integer.toString(n).equals(place) ? Optional.of(new MemberId(eventId.substring(0, dot), n))
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A single-object event stored with its batch: where it went and when it was created. */
    public record BatchMember(String objectId, Instant createdAt) {
    }

    /** The batch member with this id, if the id is a member's and its batch was stored. */
    public Optional<BatchMember> findBatchMember(String projectId, String eventId) {
        Optional<MemberId> member = memberOf(eventId);
        if (member.isEmpty()) {
            return Optional.empty();
        }
        Document batch = store.events().find(eq(EventDocument.ID,
                StoreKeys.eventBatch(projectId, member.get().batchId()))).first();
        if (batch == null) {
            return Optional.empty();
        }
        String objectId = batch.get(BATCH_OBJECTS, Document.class).getString(Integer.toString(member.get().n()));
        return objectId == null ? Optional.empty()
                : Optional.of(new BatchMember(objectId, batch.getDate(EventDocument.CREATED_AT).toInstant()));
    }

    public Optional<EventRecord> find(String projectId, String eventId) {
        return Optional.ofNullable(store.events().find(eq(EventDocument.ID, StoreKeys.event(projectId, eventId))).first())
                .map(EventDocument::toRecord);
    }

    /** The events among {@code eventIds} that have their own document, by id: one {@code $in} of computed ids. */
    public Map<String, EventRecord> findAll(String projectId, List<String> eventIds) {
        List<String> keys = eventIds.stream().map(id -> StoreKeys.event(projectId, id)).toList();
        Map<String, EventRecord> found = new HashMap<>();
        for (Document doc : store.events().find(in(EventDocument.ID, keys))) {
            EventRecord event = EventDocument.toRecord(doc);
            found.put(event.eventId(), event);
        }
        return found;
    }

    public void markPinned(EventRecord event) {
        store.events().updateOne(eq(EventDocument.ID, StoreKeys.event(event.projectId(), event.eventId())), pinsOf(event));
    }

    /** {@link #markPinned} for many events in one round trip. */
    public void markAllPinned(List<EventRecord> batch) {
        List<UpdateOneModel<Document>> updates = new ArrayList<>(batch.size());
        for (EventRecord event : batch) {
            updates.add(new UpdateOneModel<>(eq(EventDocument.ID, StoreKeys.event(event.projectId(), event.eventId())),
                    pinsOf(event)));
        }
        store.events().bulkWrite(updates, new BulkWriteOptions().ordered(false));
    }

    private static Bson pinsOf(EventRecord event) {
        return Updates.set(EventDocument.PINS, EventDocument.pinList(event.pins()));
    }

    /** {@link #addPending} for new events (fresh ids) in one round trip. */
    public void addAllPending(List<EventRecord> batch) {
        List<Document> docs = new ArrayList<>(batch.size());
        for (EventRecord e : batch) {
            docs.add(new Document(EventDocument.ID, StoreKeys.event(e.projectId(), e.eventId())).append(EventDocument.PROJECT_ID, e.projectId())
                    .append(EventDocument.EVENT_ID, e.eventId()).append(SINCE, Date.from(e.createdAt())));
        }
        store.pendingPins().insertMany(docs, new InsertManyOptions().ordered(true));
    }

    /** {@link #removePending} for many events in one round trip (an {@code $in} of computed ids). */
    public void removeAllPending(List<EventRecord> batch) {
        List<String> ids = new ArrayList<>(batch.size());
        for (EventRecord e : batch) {
            ids.add(StoreKeys.event(e.projectId(), e.eventId()));
        }
        store.pendingPins().deleteMany(in(EventDocument.ID, ids));
    }

    public void addPending(String projectId, String eventId, Instant since) {
        try {
            store.pendingPins().insertOne(new Document(EventDocument.ID, StoreKeys.event(projectId, eventId))
                    .append(EventDocument.PROJECT_ID, projectId).append(EventDocument.EVENT_ID, eventId).append(SINCE, Date.from(since)));
        } catch (MongoWriteException e) {
            if (!EventStore.isDuplicateKey(e)) {
                throw e;
            }
        }
    }

    public void removePending(String projectId, String eventId) {
        store.pendingPins().deleteOne(eq(EventDocument.ID, StoreKeys.event(projectId, eventId)));
    }

    /** An event whose pinning was under way since {@code since}. */
    public record Pending(String projectId, String eventId) {
    }

    /** Pending entries older than {@code before}: a background scan of a collection that stays small. */
    public List<Pending> pendingBefore(Instant before, int limit) {
        List<Pending> out = new ArrayList<>();
        for (Document doc : store.pendingPins().find(lt(SINCE, Date.from(before))).limit(limit)) {
            out.add(new Pending(doc.getString(EventDocument.PROJECT_ID), doc.getString(EventDocument.EVENT_ID)));
        }
        return out;
    }
}
