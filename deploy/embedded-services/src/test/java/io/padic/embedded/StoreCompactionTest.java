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

/**
 * The store file stays near its live data: online steps make the space of mostly dead chunks reusable, so
 * the file stops growing under steady writes, and the store shrinks the file when it opens again; every live
 * document is kept.
 */
class StoreCompactionTest {

    private static final String PAD = "x".repeat(400);

    @TempDir
    Path dataDir;

    @Test
    void onlineStepsLetTheFileStopGrowingUnderSteadyWrites() {
        try (EmbeddedMongo mongo = EmbeddedMongo.onDisk(dataDir, "127.0.0.1", 0, StoreSync.WRITE);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> things = client.getDatabase("padic").getCollection("things");
            StoreFileStats fragmented = fragment(mongo, things);
            assertTrue(fragmented.fileBytes() >= StoreCompaction.MIN_FILE_BYTES, "the test grew the file: " + fragmented);

            mongo.compactWhileServing();
            StoreFileStats compacted = mongo.fileStats();
            assertTrue(compacted.chunksLivePercent() >= StoreCompaction.MIN_LIVE_PERCENT,
                    fragmented + " then " + compacted);

            // The same writes again, with a step after each quarter (as the store's timer runs one every few
            // seconds): they land in the space the steps free instead of growing the file as before.
            for (int quarter = 0; quarter < 4; quarter++) {
                rewriteEachAlone(things, 2, quarter * 1000, 1000);
                mongo.compactWhileServing();
            }
            StoreFileStats after = mongo.fileStats();
            long firstGrowth = fragmented.fileBytes();
            assertTrue(after.fileBytes() - compacted.fileBytes() < firstGrowth / 2,
                    "the file grew by " + (after.fileBytes() - compacted.fileBytes()) + " bytes for writes that first "
                            + "took " + firstGrowth + ": " + compacted + " then " + after);
            assertEquals(4000, things.countDocuments(Filters.eq("n", 2)), "every document kept its last write");
        }
    }

    @Test
    void theStoresTimerStepsInOnItsOwnWhenTheChunksAreMostlyDead() throws InterruptedException {
        try (EmbeddedMongo mongo = EmbeddedMongo.onDisk(dataDir, "127.0.0.1", 0, StoreSync.WRITE);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> things = client.getDatabase("padic").getCollection("things");
            StoreFileStats fragmented = fragment(mongo, things);

            mongo.holdOnlineSteps(false);
            // Checks every few seconds; a minute is far more than a step needs even on a busy machine.
            long deadline = System.nanoTime() + 60_000_000_000L;
            StoreFileStats now = mongo.fileStats();
            while (now.chunksLivePercent() < StoreCompaction.MIN_LIVE_PERCENT && System.nanoTime() < deadline) {
                Thread.sleep(200);
                now = mongo.fileStats();
            }
            assertTrue(now.chunksLivePercent() >= StoreCompaction.MIN_LIVE_PERCENT,
                    "the timer compacted " + fragmented + " to " + now);
            assertEquals(4000, things.countDocuments(Filters.eq("n", 1)), "every document kept its last write");
        }
    }

    /**
     * Writes 4,000 documents, then each once more alone, with the timer's steps held (the steps run when the test
     * says, not when a slow machine lets the timer in): chunks left mostly dead.
     */
    private static StoreFileStats fragment(EmbeddedMongo mongo, MongoCollection<Document> things) {
        mongo.holdOnlineSteps(true);
        List<Document> all = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            all.add(new Document("_id", i).append("pad", PAD).append("n", 0));
        }
        things.insertMany(all);
        rewriteEachAlone(things, 1, 0, 4000);
        StoreFileStats fragmented = mongo.fileStats();
        assertTrue(fragmented.chunksLivePercent() < StoreCompaction.MIN_LIVE_PERCENT,
                "single writes leave chunks mostly dead: " + fragmented);
        return fragmented;
    }

    /** One update command (so one commit) per document, in id order. */
    private static void rewriteEachAlone(MongoCollection<Document> things, int n, int from, int count) {
        for (int i = from; i < from + count; i++) {
            things.updateOne(Filters.eq("_id", i), new Document("$set", new Document("n", n)));
        }
    }

    @Test
    void deadPagesAreGivenBackWhenTheStoreOpens() throws Exception {
        StoreFileStats grown;
        try (EmbeddedMongo mongo = EmbeddedMongo.onDisk(dataDir, "127.0.0.1", 0);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> things = client.getDatabase("padic").getCollection("things");
            for (int round = 0; round < 80; round++) {
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
