package io.padic.api.journal;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;

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
import java.util.List;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
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

    private final EventStore store;

    public EventRepository(EventStore store) {
        this.store = store;
    }

    /** Stores the event unless it exists; either way returns the stored one, whose fields win. */
    public EventRecord insertOrGet(EventRecord event) {
        try {
            EventStore.raw(store.events()).insertOne(toDocument(event));
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
        List<BsonDocument> docs = new ArrayList<>(batch.size());
        for (EventRecord event : batch) {
            docs.add(toDocument(event));
        }
        EventStore.raw(store.events()).insertMany(docs, new InsertManyOptions().ordered(true));
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
        EventStore.raw(store.events()).insertOne(new BsonDocument("_id",
                new BsonString(StoreKeys.eventBatch(projectId, batchId)))
                .append("projectId", new BsonString(projectId))
                .append("createdAt", EventStore.date(createdAt))
                .append("objects", objects));
    }

    /** The id of a batch member's batch: {@code <batchId>.<n>}. */
    public static String memberId(String batchId, int n) {
        return batchId + "." + n;
    }

    /** A single-object event stored with its batch: where it went and when it was created. */
    public record BatchMember(String objectId, Instant createdAt) {
    }

    /** The batch member with this id, if the id is a member's and its batch was stored. */
    public Optional<BatchMember> findBatchMember(String projectId, String eventId) {
        int dot = eventId.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        Document batch = store.events().find(eq("_id", StoreKeys.eventBatch(projectId, eventId.substring(0, dot))))
                .first();
        if (batch == null) {
            return Optional.empty();
        }
        String objectId = batch.get("objects", Document.class).getString(eventId.substring(dot + 1));
        return objectId == null ? Optional.empty()
                : Optional.of(new BatchMember(objectId, batch.getDate("createdAt").toInstant()));
    }

    public Optional<EventRecord> find(String projectId, String eventId) {
        return Optional.ofNullable(store.events().find(eq("_id", StoreKeys.event(projectId, eventId))).first())
                .map(EventRepository::toRecord);
    }

    public void markPinned(EventRecord event) {
        store.events().updateOne(eq("_id", StoreKeys.event(event.projectId(), event.eventId())), pinsOf(event));
    }

    /** {@link #markPinned} for many events in one round trip. */
    public void markAllPinned(List<EventRecord> batch) {
        List<UpdateOneModel<Document>> updates = new ArrayList<>(batch.size());
        for (EventRecord event : batch) {
            updates.add(new UpdateOneModel<>(eq("_id", StoreKeys.event(event.projectId(), event.eventId())),
                    pinsOf(event)));
        }
        store.events().bulkWrite(updates, new BulkWriteOptions().ordered(false));
    }

    private static Bson pinsOf(EventRecord event) {
        List<Document> pins = new ArrayList<>();
        for (EventRecord.Pin pin : event.pins()) {
            pins.add(new Document("objectId", pin.objectId()).append("seq", pin.seq()));
        }
        return Updates.set("pins", pins);
    }

    /** {@link #addPending} for new events (fresh ids) in one round trip. */
    public void addAllPending(List<EventRecord> batch) {
        List<Document> docs = new ArrayList<>(batch.size());
        for (EventRecord e : batch) {
            docs.add(new Document("_id", StoreKeys.event(e.projectId(), e.eventId())).append("projectId", e.projectId())
                    .append("eventId", e.eventId()).append("since", Date.from(e.createdAt())));
        }
        store.pendingPins().insertMany(docs, new InsertManyOptions().ordered(true));
    }

    /** {@link #removePending} for many events in one round trip (an {@code $in} of computed ids). */
    public void removeAllPending(List<EventRecord> batch) {
        List<String> ids = new ArrayList<>(batch.size());
        for (EventRecord e : batch) {
            ids.add(StoreKeys.event(e.projectId(), e.eventId()));
        }
        store.pendingPins().deleteMany(in("_id", ids));
    }

    public void addPending(String projectId, String eventId, Instant since) {
        try {
            store.pendingPins().insertOne(new Document("_id", StoreKeys.event(projectId, eventId))
                    .append("projectId", projectId).append("eventId", eventId).append("since", Date.from(since)));
        } catch (MongoWriteException e) {
            if (!EventStore.isDuplicateKey(e)) {
                throw e;
            }
        }
    }

    public void removePending(String projectId, String eventId) {
        store.pendingPins().deleteOne(eq("_id", StoreKeys.event(projectId, eventId)));
    }

    /** Pending entries older than {@code before}: a background scan of a collection that stays small. */
    public List<Document> pendingBefore(Instant before, int limit) {
        return store.pendingPins().find(lt("since", Date.from(before))).limit(limit).into(new ArrayList<>());
    }

    private static BsonDocument toDocument(EventRecord e) {
        return new BsonDocument("_id", new BsonString(StoreKeys.event(e.projectId(), e.eventId())))
                .append("projectId", new BsonString(e.projectId()))
                .append("eventId", new BsonString(e.eventId()))
                .append("type", new BsonString(e.type()))
                .append("typeVersion", EventStore.int32(e.typeVersion()))
                .append("createdAt", EventStore.date(e.createdAt()))
                .append("occurredAt", EventStore.date(e.occurredAt()))
                .append("concerns", EventStore.strings(e.concerns()))
                .append("metaData", EventStore.string(e.metaData()))
                .append("pins", new BsonArray())
                .append("keyed", BsonBoolean.valueOf(e.keyed()));
    }

    private static EventRecord toRecord(Document doc) {
        List<EventRecord.Pin> pins = new ArrayList<>();
        for (Document pin : doc.getList("pins", Document.class)) {
            pins.add(new EventRecord.Pin(pin.getString("objectId"), ((Number) pin.get("seq")).longValue()));
        }
        Date occurred = doc.getDate("occurredAt");
        return new EventRecord(doc.getString("projectId"), doc.getString("eventId"), doc.getString("type"),
                doc.getInteger("typeVersion"),
                doc.getDate("createdAt").toInstant(), occurred == null ? null : occurred.toInstant(),
                doc.getList("concerns", String.class), doc.getString("metaData"), pins, doc.getBoolean("keyed", false));
    }
}
