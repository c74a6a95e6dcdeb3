package io.padic.api.it;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import io.padic.testkit.ApiClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;

/**
 * The store's documents, for what the API neither does nor shows: writing exactly what a platform-api leaves
 * behind when it dies in the middle of a multi-concern event (EventWriter.write), and reading the pending
 * markers and recorded pins. The documents have the layout of StoreKeys and the fields of EventRepository,
 * PinRepository, ObjectRepository and IdempotencyRepository; if those change, the tests that use this class
 * fail and it has to follow.
 */
final class RawStore {

    private final MongoDatabase store;

    RawStore(MongoDatabase store) {
        this.store = store;
    }

    /** An event id of the server's shape ({@code evt_} and lowercase letters and digits). */
    static String newEventId() {
        return "evt_dead" + UUID.randomUUID().toString().replace("-", "");
    }

    /** The request digest the server stored with an Idempotency-Key. */
    String requestDigest(String projectId, String key) {
        return store.getCollection("idempotency").find(eq("_id", projectId + "/" + key)).first().getString("digest");
    }

    /** What IngestService stores before it writes anything else: the key, the request digest, the event id. */
    void claimIdempotencyKey(String projectId, String key, String requestDigest, String eventId) {
        store.getCollection("idempotency").insertOne(new Document("_id", projectId + "/" + key)
                .append("digest", requestDigest).append("eventId", eventId).append("createdAt", new Date()));
    }

    /**
     * Writes the event as EventWriter does and stops, as if killed, right after the first object's pin and
     * head: the pending marker, the event without pins, the pin's claim (unless {@code asBeforeClaims}: as
     * versions before pin claims did), one pin. Returns the seq taken on {@code concerns[0]}.
     */
    long leaveHalfWritten(String projectId, String eventId, String type, List<String> concerns,
            Map<String, ?> metaData, boolean asBeforeClaims) {
        Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String metaDataJson = ApiClient.write(metaData);
        String id = projectId + "/" + eventId;
        store.getCollection("pending_pins").insertOne(new Document("_id", id).append("projectId", projectId)
                .append("eventId", eventId).append("since", Date.from(createdAt)));
        store.getCollection("events").insertOne(new Document("_id", id)
                .append("projectId", projectId)
                .append("eventId", eventId)
                .append("type", type)
                .append("createdAt", Date.from(createdAt))
                .append("occurredAt", null)
                .append("concerns", concerns)
                .append("metaData", metaDataJson)
                .append("pins", List.of()));

        String objectId = concerns.get(0);
        String objectKey = projectId + "/" + objectId;
        Document object = store.getCollection("objects").find(eq("_id", objectKey)).first();
        long seq = ((Number) object.get("head")).longValue() + 1;
        // As the protocol does: createdAt never goes back along the object's seqs (I1).
        Instant lastCreatedAt = object.getDate("lastCreatedAt").toInstant();
        Instant pinnedAt = createdAt.isAfter(lastCreatedAt) ? createdAt : lastCreatedAt;
        if (!asBeforeClaims) {
            store.getCollection("pins").insertOne(new Document("_id", objectKey + "/claim/" + eventId + "/0")
                    .append("projectId", projectId).append("objectId", objectId).append("eventId", eventId)
                    .append("attempt", 0).append("seq", seq));
        }
        store.getCollection("pins").insertOne(new Document("_id", objectKey + "/" + String.format("%012d", seq))
                .append("projectId", projectId)
                .append("objectId", objectId)
                .append("seq", seq)
                .append("eventId", eventId)
                .append("type", type)
                .append("createdAt", Date.from(pinnedAt))
                .append("occurredAt", null)
                .append("concerns", concerns)
                .append("metaData", metaDataJson));
        store.getCollection("objects").updateOne(eq("_id", objectKey),
                Updates.combine(Updates.max("head", seq), Updates.max("lastCreatedAt", Date.from(pinnedAt))));
        return seq;
    }

    /** The pins the canonical event records, object id to seq in concerns order; empty while unfinished. */
    Map<String, Long> recordedPins(String projectId, String eventId) {
        Document event = store.getCollection("events").find(eq("_id", projectId + "/" + eventId)).first();
        Map<String, Long> pins = new LinkedHashMap<>();
        for (Document pin : event.getList("pins", Document.class)) {
            pins.put(pin.getString("objectId"), ((Number) pin.get("seq")).longValue());
        }
        return pins;
    }

    /** The event id stored with an Idempotency-Key; null if the key is not there. */
    String idempotentEventId(String projectId, String key) {
        Document claim = store.getCollection("idempotency").find(eq("_id", projectId + "/" + key)).first();
        return claim == null ? null : claim.getString("eventId");
    }

    /** The object's head as its document records it: the highest seq pinned to it. */
    long head(String projectId, String objectId) {
        Document object = store.getCollection("objects").find(eq("_id", projectId + "/" + objectId)).first();
        return ((Number) object.get("head")).longValue();
    }

    boolean isPending(String projectId, String eventId) {
        return store.getCollection("pending_pins").find(eq("_id", projectId + "/" + eventId)).first() != null;
    }

    long pendingCount() {
        return store.getCollection("pending_pins").countDocuments();
    }
}
