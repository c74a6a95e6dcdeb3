package io.padic.api.journal;

import io.padic.api.store.EventStore;
import io.padic.api.store.StoreKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.Document;

/**
 * The one codec of an event as the store keeps it: its own document in {@code events} and its copy in each
 * pin (docs/design.md#storage-layout). Both hold the same body, written and read here only; the field
 * names are these constants, so a reader and a writer cannot disagree.
 */
final class EventDocument {

    static final String ID = "_id";
    static final String PROJECT_ID = "projectId";
    static final String OBJECT_ID = "objectId";
    static final String SEQ = "seq";
    static final String EVENT_ID = "eventId";
    static final String TYPE = "type";
    static final String TYPE_VERSION = "typeVersion";
    static final String CREATED_AT = "createdAt";
    static final String OCCURRED_AT = "occurredAt";
    static final String CONCERNS = "concerns";
    static final String META_DATA = "metaData";
    /** On an event's own document: where it is pinned, filled once every pin is written. */
    static final String PINS = "pins";
    /** On an event's own document: it was sent with an idempotency key. */
    static final String KEYED = "keyed";

    private EventDocument() {
    }

    /** An event's own document, with no pins yet. */
    static BsonDocument event(EventRecord e) {
        BsonDocument doc = new BsonDocument(ID, new BsonString(StoreKeys.event(e.projectId(), e.eventId())))
                .append(PROJECT_ID, new BsonString(e.projectId()));
        appendBody(doc, e.eventId(), e.type(), e.typeVersion(), e.createdAt(), e.occurredAt(), e.concerns(),
                e.metaData());
        return doc.append(PINS, new BsonArray()).append(KEYED, BsonBoolean.valueOf(e.keyed()));
    }

    /** The event pinned at {@code pin.seq()} of one object. */
    static BsonDocument pin(String projectId, String objectId, PinnedEvent pin) {
        BsonDocument doc = new BsonDocument(ID, new BsonString(StoreKeys.pin(projectId, objectId, pin.seq())))
                .append(PROJECT_ID, new BsonString(projectId))
                .append(OBJECT_ID, new BsonString(objectId))
                .append(SEQ, new BsonInt64(pin.seq()));
        appendBody(doc, pin.eventId(), pin.type(), pin.typeVersion(), pin.createdAt(), pin.occurredAt(),
                pin.concerns(), pin.metaData());
        return doc;
    }

    private static void appendBody(BsonDocument doc, String eventId, String type, Integer typeVersion,
            Instant createdAt, Instant occurredAt, List<String> concerns, String metaData) {
        doc.append(EVENT_ID, new BsonString(eventId))
                .append(TYPE, new BsonString(type))
                .append(TYPE_VERSION, EventStore.int32(typeVersion))
                .append(CREATED_AT, EventStore.date(createdAt))
                .append(OCCURRED_AT, EventStore.date(occurredAt))
                .append(CONCERNS, EventStore.strings(concerns))
                .append(META_DATA, EventStore.string(metaData));
    }

    /** The value of {@link #PINS} once every pin of the event is written. */
    static List<Document> pinList(List<EventRecord.Pin> pins) {
        List<Document> out = new ArrayList<>(pins.size());
        for (EventRecord.Pin pin : pins) {
            out.add(new Document(OBJECT_ID, pin.objectId()).append(SEQ, pin.seq()));
        }
        return out;
    }

    static EventRecord toRecord(Document doc) {
        List<EventRecord.Pin> pins = new ArrayList<>();
        for (Document pin : doc.getList(PINS, Document.class)) {
            pins.add(new EventRecord.Pin(pin.getString(OBJECT_ID), seq(pin)));
        }
        return new EventRecord(doc.getString(PROJECT_ID), doc.getString(EVENT_ID), doc.getString(TYPE),
                doc.getInteger(TYPE_VERSION), doc.getDate(CREATED_AT).toInstant(), occurredAt(doc),
                doc.getList(CONCERNS, String.class), doc.getString(META_DATA), pins, doc.getBoolean(KEYED, false));
    }

    static PinnedEvent toPin(Document doc) {
        return new PinnedEvent(seq(doc), doc.getString(EVENT_ID), doc.getString(TYPE), doc.getInteger(TYPE_VERSION),
                doc.getDate(CREATED_AT).toInstant(), occurredAt(doc), doc.getList(CONCERNS, String.class),
                doc.getString(META_DATA));
    }

    static long seq(Document doc) {
        return ((Number) doc.get(SEQ)).longValue();
    }

    private static Instant occurredAt(Document doc) {
        Date occurred = doc.getDate(OCCURRED_AT);
        return occurred == null ? null : occurred.toInstant();
    }
}
