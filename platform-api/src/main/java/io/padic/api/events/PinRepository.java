package io.padic.api.events;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.MongoWriteException;
import io.padic.api.store.EventStore;
import io.padic.api.store.StoreKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    public InsertResult insert(String projectId, String objectId, PinnedEvent pin) {
        try {
            store.pins().insertOne(new Document("_id", StoreKeys.pin(projectId, objectId, pin.seq()))
                    .append("projectId", projectId)
                    .append("objectId", objectId)
                    .append("seq", pin.seq())
                    .append("eventId", pin.eventId())
                    .append("type", pin.type())
                    .append("typeVersion", pin.typeVersion())
                    .append("createdAt", Date.from(pin.createdAt()))
                    .append("occurredAt", pin.occurredAt() == null ? null : Date.from(pin.occurredAt()))
                    .append("concerns", pin.concerns())
                    .append("metaData", pin.metaData()));
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

    private static PinnedEvent toPin(Document doc) {
        Date occurredAt = doc.getDate("occurredAt");
        return new PinnedEvent(((Number) doc.get("seq")).longValue(), doc.getString("eventId"), doc.getString("type"),
                doc.getInteger("typeVersion"), doc.getDate("createdAt").toInstant(), occurredAt == null ? null : occurredAt.toInstant(),
                doc.getList("concerns", String.class), doc.getString("metaData"));
    }
}
