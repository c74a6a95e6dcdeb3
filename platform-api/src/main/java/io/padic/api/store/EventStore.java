package io.padic.api.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.WriteConcern;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The collections that grow with events and objects (docs/design.md#storage-layout), and their unique indexes. Every
 * unique index starts with its collection's shard key, {@code _id} (docs/design.md#shard-keys).
 */
@ApplicationScoped
public class EventStore {

    /**
     * The unique (project, object, event) index on pins of earlier versions. Pinning once per event and object
     * is kept by pin claims now (see {@code PinRepository}), for the events that more than one writer may pin;
     * maintaining this index cost every pin a second unique-index insert.
     */
    static final String RETIRED_PIN_INDEX = "pin_once_per_event";

    /**
     * The unique {_id, seq} index of {@code analytics_objects}: a state is replaced only at the seq it was read at,
     * and the embedded store finds a document by an exact key only through {@code _id} or a unique index whose
     * fields the filter names exactly (docs/design.md#analytics). It starts with the shard key, {@code _id}, as a
     * unique index on a sharded collection must (docs/design.md#shard-keys).
     */
    public static final String ANALYTICS_WATERMARK = "analytics_id_seq";
    /** The unique {_id, rev} index of {@code analytics_counts}, for the same reason. */
    public static final String ANALYTICS_REVISION = "analytics_counts_id_rev";
    /** The same index on {@code analytics_lifecycle}. */
    public static final String ANALYTICS_LIFECYCLE_REVISION = "analytics_lifecycle_id_rev";
    /** The same index on {@code analytics_segments}. */
    public static final String ANALYTICS_SEGMENTS_REVISION = "analytics_segments_id_rev";

    /** An index the app creates at startup; {@code deploy/mongodb/indexes.js} creates the same ones. */
    public record StoreIndex(String collection, String name, List<String> fields, boolean unique) {
    }

    /** Every index of these collections; the control plane adds {@code users.user_email}. */
    public static final List<StoreIndex> INDEXES = List.of(
            new StoreIndex("analytics_objects", ANALYTICS_WATERMARK, List.of("_id", "seq"), true),
            new StoreIndex("analytics_counts", ANALYTICS_REVISION, List.of("_id", "rev"), true),
            new StoreIndex("analytics_lifecycle", ANALYTICS_LIFECYCLE_REVISION, List.of("_id", "rev"), true),
            new StoreIndex("analytics_segments", ANALYTICS_SEGMENTS_REVISION, List.of("_id", "rev"), true));

    /**
     * Indexes of earlier versions, dropped at startup: {@link #RETIRED_PIN_INDEX}, and the analytics indexes that
     * started with {projectId, ...}, a key a cluster sharded on {@code _id} cannot keep unique.
     */
    static final Map<String, String> RETIRED_INDEXES = Map.of(RETIRED_PIN_INDEX, "pins",
            "analytics_watermark", "analytics_objects", "analytics_revision", "analytics_counts",
            "analytics_lifecycle_revision", "analytics_lifecycle", "analytics_segments_revision", "analytics_segments");

    /**
     * A write answered once the store applied it, before it is on disk: only for a step that a later write of the same
     * request makes durable (see {@link #earlierStep}).
     */
    private static final WriteConcern APPLIED = WriteConcern.W1.withJournal(false);

    private final MongoDatabase database;
    private final boolean durableInOrder;

    /** {@code durableInOrder}: padic.store.durable-in-order, read by name (common depends on store, not back). */
    public EventStore(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String databaseName,
            @ConfigProperty(name = "padic.store.durable-in-order") boolean durableInOrder) {
        this.database = client.getDatabase(databaseName);
        this.durableInOrder = durableInOrder;
    }

    /**
     * {@code collection} for a step of writing events that a later write of the same request always follows before the
     * answer (keys' claims, the events' documents and their pins, which the heads follow:
     * docs/design.md#writing-an-event). On a store that makes writes durable in order
     * ({@code padic.store.durable-in-order}, the embedded one) the step is answered once applied, and the last write's commit
     * makes it durable with it: one wait for the disk per event or group instead of three. Elsewhere the collection as
     * it is, every write durable on its own.
     */
    public <T> MongoCollection<T> earlierStep(MongoCollection<T> collection) {
        return durableInOrder ? collection.withWriteConcern(APPLIED) : collection;
    }

    public void dropRetiredIndexes(@Observes StartupEvent start) {
        RETIRED_INDEXES.forEach((name, collection) -> {
            for (Document index : database.getCollection(collection).listIndexes()) {
                if (name.equals(index.getString("name"))) {
                    database.getCollection(collection).dropIndex(name);
                }
            }
        });
    }

    /** Creating an index that exists with the same keys and options does nothing. */
    public void createIndexes(@Observes StartupEvent start) {
        for (StoreIndex index : INDEXES) {
            database.getCollection(index.collection()).createIndex(Indexes.ascending(index.fields()),
                    new IndexOptions().unique(index.unique()).name(index.name()));
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

    /** Per object: what analytics have counted of it, up to which seq (docs/design.md#analytics). */
    public MongoCollection<Document> analyticsObjects() {
        return database.getCollection("analytics_objects");
    }

    /** Per project, interval and bucket: the analytics counters, raised with {@code $inc}. */
    public MongoCollection<Document> analyticsCounts() {
        return database.getCollection("analytics_counts");
    }

    /**
     * Per project, interval and bucket: the lifecycle counters (starts, transitions and their times), apart from
     * {@link #analyticsCounts} so that the charts' documents do not grow with the distinct times counted.
     */
    public MongoCollection<Document> analyticsLifecycle() {
        return database.getCollection("analytics_lifecycle");
    }

    /** Flushes whose counters may not all be applied yet: small, so the recovery sweep may scan it. */
    public MongoCollection<Document> analyticsPending() {
        return database.getCollection("analytics_pending");
    }

    /**
     * Per project, hour or day bucket: the segment counters anomaly flags are explained with and field drift is read
     * from, apart from {@link #analyticsCounts} so that the charts' documents stay as small as their figures.
     */
    public MongoCollection<Document> analyticsSegments() {
        return database.getCollection("analytics_segments");
    }

    /** Per project generation: how far anomalies are checked, the buckets to check again, and who checks now. */
    public MongoCollection<Document> analyticsChecks() {
        return database.getCollection("analytics_checks");
    }

    /** Per project generation and local day: the anomaly flags of that day's buckets. */
    public MongoCollection<Document> analyticsFlags() {
        return database.getCollection("analytics_flags");
    }

    /**
     * Per project: which generation of analytics rollups is current (a rebuild starts the next one), in which time
     * zone, and whether it is still being built; small, one document per project.
     */
    public MongoCollection<Document> analyticsProjects() {
        return database.getCollection("analytics_projects");
    }

    /**
     * Per object type, event type and UTC day: the objects whose first event of that type fell on that day, with
     * the first time of each of their event types, for funnels (docs/design.md#analytics).
     */
    public MongoCollection<Document> analyticsFunnels() {
        return database.getCollection("analytics_funnels");
    }

    /** One lease per running platform-api: its flusher's heartbeat and how far it has counted; small. */
    public MongoCollection<Document> analyticsProcesses() {
        return database.getCollection("analytics_processes");
    }

    /**
     * One document per platform-api process that could not raise a head noted in Redis and holds its
     * acknowledgements until every process stops trusting the notes (docs/design.md#warm-reads-without-the-store);
     * empty while all is well.
     */
    public MongoCollection<Document> cacheFences() {
        return database.getCollection("cache_fences");
    }

    public static boolean isDuplicateKey(MongoWriteException e) {
        return e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }

    public static boolean isDuplicateKey(BulkWriteError error) {
        return ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY;
    }

    /**
     * The positions of an unordered bulk write's items refused because their key was taken; rethrows {@code e} when
     * any item failed otherwise.
     */
    public static Set<Integer> duplicateKeyIndexes(MongoBulkWriteException e) {
        Set<Integer> taken = new HashSet<>();
        for (BulkWriteError error : e.getWriteErrors()) {
            if (!isDuplicateKey(error)) {
                throw e;
            }
            taken.add(error.getIndex());
        }
        return taken;
    }

    /** A collection written with {@link org.bson.BsonDocument}s: they encode without a codec lookup per value. */
    public static MongoCollection<BsonDocument> raw(MongoCollection<Document> collection) {
        return collection.withDocumentClass(BsonDocument.class);
    }

    public static BsonValue string(String value) {
        return value == null ? BsonNull.VALUE : new BsonString(value);
    }

    public static BsonValue int32(Integer value) {
        return value == null ? BsonNull.VALUE : new BsonInt32(value);
    }

    public static BsonValue date(Instant value) {
        return value == null ? BsonNull.VALUE : new BsonDateTime(value.toEpochMilli());
    }

    public static BsonArray strings(List<String> values) {
        List<BsonValue> out = new ArrayList<>(values.size());
        for (String value : values) {
            out.add(new BsonString(value));
        }
        return new BsonArray(out);
    }
}
