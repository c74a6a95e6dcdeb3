package io.padic.bench;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;

/**
 * The baselines that bypass platform-api: the MongoDB sync driver (platform-api's version) writing straight
 * into scratch collections of the same embedded store. Documents have the shape and size of the ones an
 * ingest writes, so the difference to the HTTP path is PAdic's own cost.
 */
final class RawStore implements AutoCloseable {

    private static final String DATABASE = "padic_bench";
    private static final String PROJECT = "prj_bench_raw";

    /** How many store calls {@link #ingestRoundTrips(int)} makes per event. */
    static final int INGEST_ROUND_TRIPS = 7;

    private final MongoClient client;
    private final MongoDatabase database;

    RawStore(String connectionString) {
        this.client = MongoClients.create(connectionString);
        this.database = client.getDatabase(DATABASE);
    }

    /** {@code insertOne} of one pin-shaped document with a fresh {@code _id}: the store's plain write rate. */
    LoadRunner.Operation insertOne() {
        Scratch scratch = new Scratch("raw_insert_one");
        return (client, n) -> scratch.next(1).insertOne(pin("obj-" + client, n, "evt_raw_" + n));
    }

    /**
     * {@code insertMany} of {@code batch} pin-shaped documents with fresh {@code _id}s, the driver's default
     * (ordered): the store's plain bulk write rate, to compare a batch ingest of the same size with.
     */
    LoadRunner.Operation insertMany(int batch) {
        Scratch scratch = new Scratch("raw_insert_many");
        return (client, n) -> {
            List<Document> documents = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                long seq = n * batch + i;
                documents.add(pin("obj-" + client, seq, "evt_raw_many_" + seq));
            }
            scratch.next(batch).insertMany(documents);
        };
    }

    /**
     * The in-memory store keeps every document in this JVM's heap, and a store with a bigger live set is
     * slower (the garbage collector marks and scans it): at ~120,000 documents/s a baseline of a minute
     * would fill the default heap and end up measuring the collector. Writes go to a collection that is
     * replaced every {@link #GENERATION} documents, the one before the previous being dropped, so a baseline
     * holds 0.5-1 million documents at most: about what a PAdic phase writes into the same store.
     */
    private final class Scratch {

        static final long GENERATION = 500_000;

        private final String name;
        private final AtomicLong written = new AtomicLong();

        Scratch(String name) {
            this.name = name;
        }

        MongoCollection<Document> next(int documents) {
            long before = written.getAndAdd(documents);
            long generation = before / GENERATION;
            if (generation >= 2 && (before + documents) / GENERATION != (before - documents) / GENERATION) {
                database.getCollection(name + "_" + (generation - 2)).drop();
            }
            return database.getCollection(name + "_" + generation);
        }
    }

    /**
     * The store round trips of one single-concern {@code POST /v1/events} as platform-api made them before its
     * write path was cut to three ({@link #INGEST_ROUND_TRIPS}), in the same order, on collections shaped like
     * its own; one object per client, so no seq is contended. Kept as a reference row.
     */
    LoadRunner.Operation ingestRoundTrips(int clients) {
        MongoCollection<Document> keys = database.getCollection("raw_api_keys");
        MongoCollection<Document> typeHeads = database.getCollection("raw_event_type_heads");
        MongoCollection<Document> objects = database.getCollection("raw_objects");
        MongoCollection<Document> events = database.getCollection("raw_events");
        MongoCollection<Document> pins = database.getCollection("raw_pins");
        String keyId = "0".repeat(64);
        keys.insertOne(new Document("_id", keyId).append("keyId", "key_raw").append("projectId", PROJECT)
                .append("tenantId", "tnt_raw").append("scopes", List.of("events:write"))
                .append("accessLevel", "public"));
        typeHeads.insertOne(new Document("_id", PROJECT).append("reducerVersion", "0".repeat(64))
                .append("types", List.of(new Document("name", PadicClient.EVENT_TYPE).append("version", 1)
                        .append("hasCode", false))));
        long[] heads = new long[clients];
        for (int c = 0; c < clients; c++) {
            Date now = new Date();
            objects.insertOne(new Document("_id", PROJECT + "/obj-" + c).append("projectId", PROJECT)
                    .append("objectId", "obj-" + c).append("type", "order").append("createdAt", now)
                    .append("head", 0L).append("lastCreatedAt", now));
        }
        return (client, n) -> {
            String objectId = "obj-" + client;
            String eventId = "evt_raw_" + n;
            String eventKey = PROJECT + "/" + eventId;
            keys.find(eq("_id", keyId)).first();                                          // Caller.apiKey
            objects.find(in("_id", List.of(PROJECT + "/" + objectId))).first();           // requireObjects
            typeHeads.find(eq("_id", PROJECT)).first();                                   // SchemaGate.check
            Document event = pin(objectId, n, eventId);
            event.put("_id", eventKey);
            event.remove("seq");
            event.put("pins", List.of());
            events.insertOne(event);                                                      // insertOrGet
            long seq = ++heads[client];
            Document pin = pin(objectId, seq, eventId);
            pins.insertOne(pin);                                                          // pins.insert
            objects.updateOne(eq("_id", PROJECT + "/" + objectId), Updates.combine(       // raiseHead
                    Updates.max("head", seq), Updates.max("lastCreatedAt", pin.getDate("createdAt"))));
            events.updateOne(eq("_id", eventKey), Updates.set("pins",                     // markPinned
                    List.of(new Document("objectId", objectId).append("seq", seq))));
        };
    }

    /** A document like platform-api's pin: computed {@code _id}, the event's fields, metaData as JSON text. */
    private static Document pin(String objectId, long seq, String eventId) {
        return new Document("_id", PROJECT + "/" + objectId + "/" + String.format("%012d", seq))
                .append("projectId", PROJECT)
                .append("objectId", objectId)
                .append("seq", seq)
                .append("eventId", eventId)
                .append("type", PadicClient.EVENT_TYPE)
                .append("createdAt", new Date())
                .append("concerns", List.of(objectId))
                .append("metaData", PadicClient.metaDataJson(seq));
    }

    /** Drops the baselines' scratch collections and lets the heap shed them before the next phase. */
    void dropScratch() {
        database.drop();
        System.gc();
    }

    @Override
    public void close() {
        client.close();
    }
}
