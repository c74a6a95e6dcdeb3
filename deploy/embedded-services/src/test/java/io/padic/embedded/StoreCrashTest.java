package io.padic.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store on its file, in a JVM of its own, killed with SIGKILL while clients write (and, every
 * other round, while online compaction steps run): every insert, batch and counter increment it
 * acknowledged is in the file when it is opened again (docs/design.md#i2-durability
 * at the store's level; the whole stack's crash test is the launcher's {@code CrashRestartIT}), and so is a write
 * answered once applied ({@code j: false}) that the same client followed with an acknowledged one.
 */
class StoreCrashTest {

    private static final int WRITERS = 6;
    private static final int ROUNDS = 3;
    /** What platform-api sends for the steps before an event's last write on this store: answered once applied. */
    private static final WriteConcern APPLIED = WriteConcern.W1.withJournal(false);

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedWriteSurvivesKillMinus9() throws Exception {
        long seed = System.nanoTime();
        System.out.println("StoreCrashTest seed " + seed);
        Random random = new Random(seed);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<String, Integer> counters = new ConcurrentHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            // Every other round, online compaction steps run throughout, so the kill may land inside one.
            Process store = startStore(round % 2 == 1);
            int port = awaitPort(store);
            int killAfter = 300 + random.nextInt(700);
            writeUntilKilled(store, port, round, killAfter, acknowledged, counters);
            assertTrue(acknowledged.size() >= killAfter, "writes were acknowledged before the kill");

            try (EmbeddedMongo reopened = EmbeddedMongo.onDisk(dataDir, "127.0.0.1", 0);
                    MongoClient client = MongoClients.create(reopened.connectionString())) {
                Set<String> stored = new HashSet<>();
                things(client).find().forEach(doc -> stored.add(doc.getString("_id")));
                List<String> lost = acknowledged.stream().filter(id -> !stored.contains(id)).sorted().toList();
                assertEquals(0, lost.size(), lost.size() + " of " + acknowledged.size() + " acknowledged writes"
                        + " missing after kill -9 in round " + round + ", e.g. " + lost.subList(0, Math.min(10,
                        lost.size())) + " (seed " + seed + ")");
                for (Map.Entry<String, Integer> counter : counters.entrySet()) {
                    Document doc = client.getDatabase("padic").getCollection("counters")
                            .find(Filters.eq("_id", counter.getKey())).first();
                    int value = doc == null ? 0 : doc.getInteger("n");
                    assertTrue(value >= counter.getValue(), counter.getKey() + " was acknowledged at "
                            + counter.getValue() + " but reads " + value + " (seed " + seed + ")");
                }
            }
        }
    }

    @Test
    void aWriteAnsweredOnceAppliedIsCommittedWithTheNextDurableOne() {
        try (EmbeddedMongo store = EmbeddedMongo.onDisk(dataDir, "127.0.0.1", 0);
                MongoClient client = MongoClients.create(store.connectionString())) {
            things(client).insertOne(new Document("_id", "first"));
            long committed = store.store().getCurrentVersion();

            things(client).withWriteConcern(APPLIED).insertOne(new Document("_id", "applied"));
            assertEquals(committed, store.store().getCurrentVersion(), "answered before any commit");
            assertTrue(store.store().hasUnsavedChanges(), "applied, not yet on file");

            things(client).insertOne(new Document("_id", "durable"));
            assertTrue(store.store().getCurrentVersion() > committed, "the durable write waited for a commit");
            assertFalse(store.store().hasUnsavedChanges(), "which took the write answered before it along");
        }
    }

    /**
     * A reader that sees a write answered once applied is answered only once that write is on file: whatever it does
     * with what it read (a duplicate request that finds a claimed key) cannot outlive a kill that takes the write back.
     */
    @Test
    void aReadThatSeesAWriteAnsweredOnceAppliedWaitsUntilItIsOnFile() {
        try (EmbeddedMongo store = EmbeddedMongo.onDisk(dataDir, "127.0.0.1", 0);
                MongoClient writer = MongoClients.create(store.connectionString());
                MongoClient reader = MongoClients.create(store.connectionString())) {
            things(writer).insertOne(new Document("_id", "first"));
            long committed = store.store().getCurrentVersion();
            things(writer).withWriteConcern(APPLIED).insertOne(new Document("_id", "applied"));
            assertTrue(store.store().hasUnsavedChanges(), "applied, not yet on file");

            assertEquals("applied", things(reader).find(new Document("_id", "applied")).first().getString("_id"));
            assertTrue(store.store().getCurrentVersion() > committed, "the read waited for a commit");
            assertFalse(store.store().hasUnsavedChanges(), "which put the write it saw on file");
        }
    }

    private void writeUntilKilled(Process store, int port, int round, int killAfter, Set<String> acknowledged,
            Map<String, Integer> counters) throws InterruptedException {
        AtomicInteger acks = new AtomicInteger();
        CountDownLatch enough = new CountDownLatch(1);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port
                + "/?serverSelectionTimeoutMS=2000&connectTimeoutMS=2000&socketTimeoutMS=5000")) {
            MongoCollection<Document> things = things(client);
            MongoCollection<Document> counterDocs = client.getDatabase("padic").getCollection("counters");
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.submit(() -> {
                    String counter = "c" + writer;
                    for (int i = 0; ; i++) {
                        String id = "r" + round + "-w" + writer + "-" + i;
                        try {
                            if (i % 10 == 9) {
                                List<Document> batch = new ArrayList<>();
                                for (int b = 0; b < 20; b++) {
                                    batch.add(new Document("_id", id + "-b" + b));
                                }
                                things.insertMany(batch);
                                batch.forEach(doc -> acknowledged.add(doc.getString("_id")));
                            } else if (i % 10 == 7) {
                                // platform-api's earlier steps: answered once applied, made durable by the next.
                                things.withWriteConcern(APPLIED)
                                        .insertOne(new Document("_id", id + "-applied"));
                                things.insertOne(new Document("_id", id));
                                acknowledged.add(id + "-applied");
                                acknowledged.add(id);
                            } else if (i % 10 == 5) {
                                Document after = counterDocs.findOneAndUpdate(Filters.eq("_id", counter),
                                        Updates.inc("n", 1), new FindOneAndUpdateOptions().upsert(true)
                                                .returnDocument(ReturnDocument.AFTER));
                                counters.merge(counter, after.getInteger("n"), Math::max);
                            } else {
                                things.insertOne(new Document("_id", id).append("round", round));
                                acknowledged.add(id);
                            }
                        } catch (MongoException e) {
                            return; // the store is gone
                        }
                        if (acks.incrementAndGet() >= killAfter) {
                            enough.countDown();
                        }
                    }
                });
            }
            assertTrue(enough.await(120, TimeUnit.SECONDS), "the store acknowledged " + acks + " writes");
            store.destroyForcibly(); // SIGKILL: no shutdown hook, no close of the file
            assertTrue(store.waitFor(30, TimeUnit.SECONDS));
            writers.shutdown();
            assertTrue(writers.awaitTermination(60, TimeUnit.SECONDS), "writers stop once the store is gone");
        } finally {
            writers.shutdownNow();
        }
    }

    private Process startStore(boolean compacting) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx512m", "-cp", classPath,
                StoreProcess.class.getName(), dataDir.toString()));
        if (compacting) {
            command.add(StoreProcess.COMPACTING);
        }
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static int awaitPort(Process store) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(store.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(StoreProcess.READY)) {
                int port = Integer.parseInt(line.substring(StoreProcess.READY.length()).trim());
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                return port;
            }
            System.out.println("store: " + line);
        }
        throw new IllegalStateException("the store process exited with " + store.exitValue() + " before it was ready");
    }

    private static MongoCollection<Document> things(MongoClient client) {
        return client.getDatabase("padic").getCollection("things");
    }
}
