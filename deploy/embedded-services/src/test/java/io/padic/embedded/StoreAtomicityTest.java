package io.padic.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An update operator is atomic on its document, and findOneAndUpdate answers the document its own update
 * made, however many clients change the same document at once: a counter handed out by {@code $inc} gives
 * each caller its own number (PAdic's object directory hands out positions this way).
 */
class StoreAtomicityTest {

    @Test
    void aCounterSharedByConcurrentFindOneAndUpdatesGivesEachCallerItsOwnNumber(@TempDir Path dir) throws Exception {
        try (EmbeddedMongo mongo = EmbeddedMongo.onDisk(dir, "127.0.0.1", 0, StoreSync.WRITE);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            assertEachCallerGetsItsOwnNumber(client.getDatabase("atomic").getCollection("counters"));
        }
    }

    @Test
    void theSameInMemory() throws Exception {
        try (EmbeddedMongo mongo = EmbeddedMongo.inMemory("127.0.0.1", 0);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            assertEachCallerGetsItsOwnNumber(client.getDatabase("atomic").getCollection("counters"));
        }
    }

    @Test
    void aReaderNeverSeesHalfOfAnUpdate(@TempDir Path dir) throws Exception {
        try (EmbeddedMongo mongo = EmbeddedMongo.onDisk(dir, "127.0.0.1", 0, StoreSync.WRITE);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> docs = client.getDatabase("atomic").getCollection("pairs");
            docs.insertOne(new Document("_id", "p").append("a", 0L).append("b", 0L).append("list", List.of()));
            int writers = 4;
            int readers = 8;
            int updates = 400;
            List<Callable<String>> tasks = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                tasks.add(() -> {
                    for (int i = 0; i < updates; i++) {
                        // One update that changes two fields and grows a list: a reader sees all of it or none.
                        docs.updateOne(Filters.eq("_id", "p"), Updates.combine(Updates.inc("a", 1L),
                                Updates.inc("b", 1L), Updates.push("list", i)));
                    }
                    return null;
                });
            }
            for (int r = 0; r < readers; r++) {
                tasks.add(() -> {
                    for (int i = 0; i < updates; i++) {
                        Document seen = docs.find(Filters.eq("_id", "p")).first();
                        long a = ((Number) seen.get("a")).longValue();
                        long b = ((Number) seen.get("b")).longValue();
                        int listed = seen.getList("list", Object.class).size();
                        if (a != b || a != listed) {
                            return "a reader saw a=" + a + ", b=" + b + ", " + listed + " list entries";
                        }
                    }
                    return null;
                });
            }
            List<String> torn = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(writers + readers)) {
                for (Future<String> future : pool.invokeAll(tasks)) {
                    if (future.get() != null) {
                        torn.add(future.get());
                    }
                }
            }
            assertEquals(List.of(), torn);
        }
    }

    private static void assertEachCallerGetsItsOwnNumber(MongoCollection<Document> counters) throws Exception {
        int callers = 16;
        int each = 300;
        List<Callable<List<Long>>> tasks = new ArrayList<>();
        for (int t = 0; t < callers; t++) {
            tasks.add(() -> {
                List<Long> mine = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    Document after = counters.findOneAndUpdate(Filters.eq("_id", "c"), Updates.inc("count", 1L),
                            new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
                    mine.add(((Number) after.get("count")).longValue());
                }
                return mine;
            });
        }
        Set<Long> handedOut = new HashSet<>();
        int answers = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            for (Future<List<Long>> future : pool.invokeAll(tasks)) {
                for (long n : future.get()) {
                    answers++;
                    handedOut.add(n);
                }
            }
        }
        assertEquals(callers * each, answers);
        assertEquals(callers * each, handedOut.size(), "numbers handed out twice");
        assertEquals(callers * each, ((Number) counters.find(Filters.eq("_id", "c")).first().get("count")).longValue());
    }
}
