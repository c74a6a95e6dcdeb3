package io.padic.api.events;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.InsertManyOptions;
import io.padic.api.store.EventStore;
import io.padic.api.store.StoreKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.Document;

/**
 * The {@code pins} collection: an object's history, one document per (object, seq), read by computed ids.
 * A second unique index on (project, object, event) makes pinning one event to one object happen once.
 */
@ApplicationScoped
public class PinRepository {

    /** How many ids go into one {@code $in}: large enough to be cheap, small enough to stay light. */
    static final int PAGE = 500;

    public enum InsertResult { INSERTED, SEQ_TAKEN, ALREADY_PINNED }

    private final EventStore store;

    public PinRepository(EventStore store) {
        this.store = store;
    }

    /** A pin planned for one object: where it goes and what it holds. */
    public record Placed(String objectId, PinnedEvent pin) {
    }

    public InsertResult insert(String projectId, String objectId, PinnedEvent pin) {
        try {
            EventStore.raw(store.pins()).insertOne(toDocument(projectId, objectId, pin));
            return InsertResult.INSERTED;
        } catch (MongoWriteException e) {
            if (EventStore.isDuplicateOn(e, EventStore.PIN_ONCE_PER_EVENT)) {
                return InsertResult.ALREADY_PINNED;
            }
            if (EventStore.isDuplicateKey(e)) {
                return InsertResult.SEQ_TAKEN;
            }
            throw e;
        }
    }

    /**
     * Inserts the pins in their order, in one ordered {@code insertMany}, and returns how many went in: the
     * first taken seq (or event already pinned) stops the rest, so the pins of one object still go in
     * seq order and a pin never exists without the one before it. EmbeddedStoreBulkTest checks that the
     * embedded store behaves so.
     */
    public int insertInOrder(String projectId, List<Placed> placed) {
        List<BsonDocument> docs = new ArrayList<>(placed.size());
        for (Placed p : placed) {
            docs.add(toDocument(projectId, p.objectId(), p.pin()));
        }
        try {
            EventStore.raw(store.pins()).insertMany(docs, new InsertManyOptions().ordered(true));
            return docs.size();
        } catch (MongoBulkWriteException e) {
            BulkWriteError first = e.getWriteErrors().isEmpty() ? null : e.getWriteErrors().get(0);
            if (first == null || ErrorCategory.fromErrorCode(first.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return first.getIndex();
        }
    }

    public Optional<PinnedEvent> find(String projectId, String objectId, long seq) {
        return Optional.ofNullable(store.pins().find(eq("_id", StoreKeys.pin(projectId, objectId, seq))).first())
                .map(PinRepository::toPin);
    }

    /** The pin of one event on one object, through the unique (project, object, event) index. */
    public Optional<PinnedEvent> findByEvent(String projectId, String objectId, String eventId) {
        Document filter = new Document("projectId", projectId).append("objectId", objectId).append("eventId", eventId);
        return Optional.ofNullable(store.pins().find(filter).first()).map(PinRepository::toPin);
    }

    /** Pins {@code from..to} (inclusive) in seq order, fetched by computed ids in pages. */
    public List<PinnedEvent> range(String projectId, String objectId, long from, long to) {
        List<PinnedEvent> out = new ArrayList<>((int) Math.max(0, Math.min(to - from + 1, 1 << 20)));
        for (long start = from; start <= to; start += PAGE) {
            long end = Math.min(to, start + PAGE - 1);
            List<String> ids = new ArrayList<>((int) (end - start + 1));
            for (long seq = start; seq <= end; seq++) {
                ids.add(StoreKeys.pin(projectId, objectId, seq));
            }
            Map<Long, PinnedEvent> page = new HashMap<>();
            for (Document doc : store.pins().find(in("_id", ids))) {
                PinnedEvent pin = toPin(doc);
                page.put(pin.seq(), pin);
            }
            for (long seq = start; seq <= end; seq++) {
                PinnedEvent pin = page.get(seq);
                if (pin == null) {
                    throw new IllegalStateException("Pin " + StoreKeys.pin(projectId, objectId, seq)
                            + " is missing below the head: the store broke the prefix rule");
                }
                out.add(pin);
            }
        }
        return out;
    }

    private static BsonDocument toDocument(String projectId, String objectId, PinnedEvent pin) {
        return new BsonDocument("_id", new BsonString(StoreKeys.pin(projectId, objectId, pin.seq())))
                .append("projectId", new BsonString(projectId))
                .append("objectId", new BsonString(objectId))
                .append("seq", new BsonInt64(pin.seq()))
                .append("eventId", new BsonString(pin.eventId()))
                .append("type", new BsonString(pin.type()))
                .append("typeVersion", EventStore.int32(pin.typeVersion()))
                .append("createdAt", EventStore.date(pin.createdAt()))
                .append("occurredAt", EventStore.date(pin.occurredAt()))
                .append("concerns", EventStore.strings(pin.concerns()))
                .append("metaData", EventStore.string(pin.metaData()));
    }

    private static PinnedEvent toPin(Document doc) {
        Date occurredAt = doc.getDate("occurredAt");
        return new PinnedEvent(((Number) doc.get("seq")).longValue(), doc.getString("eventId"), doc.getString("type"),
                doc.getInteger("typeVersion"), doc.getDate("createdAt").toInstant(), occurredAt == null ? null : occurredAt.toInstant(),
                doc.getList("concerns", String.class), doc.getString("metaData"));
    }
}
