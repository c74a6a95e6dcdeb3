package io.padic.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store file shrinks back to its live data when the store opens again, with every live document kept. */
class StoreCompactionTest {

    private static final String PAD = "x".repeat(400);

    @TempDir
    Path dataDir;

    @Test
    void deadPagesAreGivenBackWhenTheStoreOpens() throws Exception {
        StoreFileStats grown;
        try (EmbeddedMongo mongo = EmbeddedMongo.onDisk(dataDir, "127.0.0.1", 0);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> things = client.getDatabase("padic").getCollection("things");
            for (int round = 0; round < 40; round++) {
                List<Document> batch = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    batch.add(new Document("_id", round * 1000 + i).append("pad", PAD));
                }
                things.insertMany(batch);
            }
            things.deleteMany(Filters.gte("_id", 2000));
            grown = mongo.fileStats();
            assertTrue(grown.fileBytes() >= StoreCompaction.MIN_FILE_BYTES, "the test grew the file: " + grown);
            assertTrue(grown.livePercent() < StoreCompaction.MIN_LIVE_PERCENT, "most of it is dead: " + grown);
        }
        try (EmbeddedMongo mongo = EmbeddedMongo.onDisk(dataDir, "127.0.0.1", 0);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> things = client.getDatabase("padic").getCollection("things");
            assertEquals(1000, things.countDocuments(), "compaction keeps every live document");
            assertEquals(PAD, things.find(Filters.eq("_id", 1499)).first().getString("pad"));
            StoreFileStats compacted = mongo.fileStats();
            assertTrue(compacted.fileBytes() * 4 < grown.fileBytes(), grown + " then " + compacted);
            assertTrue(compacted.livePercent() >= StoreCompaction.MIN_LIVE_PERCENT, "mostly live now: " + compacted);
            // It stays usable: writes go on after the file was replaced.
            things.insertOne(new Document("_id", -1));
        }
        try (EmbeddedMongo mongo = EmbeddedMongo.onDisk(dataDir, "127.0.0.1", 0);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            assertEquals(1001, client.getDatabase("padic").getCollection("things").countDocuments());
        }
    }
}
