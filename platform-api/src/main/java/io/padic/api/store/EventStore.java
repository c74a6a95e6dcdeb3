package io.padic.api.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The collections that grow with events and objects (docs/design.md#storage-layout), and their unique indexes. Every
 * unique index starts with the shard key {projectId, objectId}.
 */
@ApplicationScoped
public class EventStore {

    /**
     * The unique (project, object, event) index on pins of earlier versions. Pinning once per event and object
     * is kept by pin claims now (see {@code PinRepository}), for the events that more than one writer may pin;
     * maintaining this index cost every pin a second unique-index insert.
     */
    static final String RETIRED_PIN_INDEX = "pin_once_per_event";

    private final MongoDatabase database;

    public EventStore(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String databaseName) {
        this.database = client.getDatabase(databaseName);
    }

    public void dropRetiredIndexes(@Observes StartupEvent start) {
        for (Document index : pins().listIndexes()) {
            if (RETIRED_PIN_INDEX.equals(index.getString("name"))) {
                pins().dropIndex(RETIRED_PIN_INDEX);
            }
        }
    }

    public MongoCollection<Document> objects() {
        return database.getCollection("objects");
    }

    public MongoCollection<Document> pins() {
        return database.getCollection("pins");
    }

    public MongoCollection<Document> events() {
        return database.getCollection("events");
    }

    public MongoCollection<Document> idempotency() {
        return database.getCollection("idempotency");
    }

    /** Multi-concern events whose pinning has not completed yet: small, so the repair sweep may scan it. */
    public MongoCollection<Document> pendingPins() {
        return database.getCollection("pending_pins");
    }

    public MongoCollection<Document> directory() {
        return database.getCollection("directory");
    }

    /**
     * Computed states at every N-th seq of an object, per access level and reducerVersion
     * (docs/design.md#cache-and-snapshots).
     */
    public MongoCollection<Document> snapshots() {
        return database.getCollection("snapshots");
    }

    public static boolean isDuplicateKey(MongoWriteException e) {
        return e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }

    /** A collection written with {@link org.bson.BsonDocument}s: they encode without a codec lookup per value. */
    public static MongoCollection<org.bson.BsonDocument> raw(MongoCollection<Document> collection) {
        return collection.withDocumentClass(org.bson.BsonDocument.class);
    }

    public static org.bson.BsonValue string(String value) {
        return value == null ? org.bson.BsonNull.VALUE : new org.bson.BsonString(value);
    }

    public static org.bson.BsonValue int32(Integer value) {
        return value == null ? org.bson.BsonNull.VALUE : new org.bson.BsonInt32(value);
    }

    public static org.bson.BsonValue date(java.time.Instant value) {
        return value == null ? org.bson.BsonNull.VALUE : new org.bson.BsonDateTime(value.toEpochMilli());
    }

    public static org.bson.BsonArray strings(java.util.List<String> values) {
        java.util.List<org.bson.BsonValue> out = new java.util.ArrayList<>(values.size());
        for (String value : values) {
            out.add(new org.bson.BsonString(value));
        }
        return new org.bson.BsonArray(out);
    }
}
