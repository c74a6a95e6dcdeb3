package io.padic.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Field;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.Binary;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's own types for documents and index keys (StoreTypes), and files written before them. */
class StoreTypesTest {

    private static final Document ALL_KINDS = new Document("_id", "d1")
            .append("text", "héllo").append("int", 7).append("long", 1L << 40).append("double", 2.5)
            .append("yes", true).append("nothing", null).append("when", new Date(1_700_000_000_123L))
            .append("bytes", new Binary(new byte[] {1, 2, 3})).append("list", List.of(1, "two", List.of(3.0)))
            .append("nested", new Document("a", new Document("b", List.of(new Document("c", 1L)))));

    @Test
    void everyKindOfValueAndUniqueKeyOutlivesARestart(@TempDir Path dataDir) {
        try (EmbeddedMongo mongo = EmbeddedMongo.onDisk(dataDir, "127.0.0.1", 0);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> things = things(client);
            things.createIndex(Indexes.ascending("key"), new IndexOptions().unique(true));
            things.insertOne(ALL_KINDS);
            things.insertMany(List.of(new Document("_id", "s").append("key", "k"), new Document("_id", "i")
                    .append("key", 41), new Document("_id", "l").append("key", 1L << 33), new Document("_id", "f")
                    .append("key", 0.5), new Document("_id", "b").append("key", false)));
        }
        try (EmbeddedMongo mongo = EmbeddedMongo.onDisk(dataDir, "127.0.0.1", 0);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            assertTrue(StoreTypes.of(mongo.store()), "a fresh file is written with the store's types");
            MongoCollection<Document> things = things(client);
            assertEquals(ALL_KINDS, things.find(Filters.eq("_id", "d1")).first());
            for (Object key : List.of("k", 41, 1L << 33, 0.5, false)) {
                assertEquals(key, things.find(Filters.eq("key", key)).first().get("key"));
                assertThrows(MongoWriteException.class, () -> things.insertOne(new Document("key", key)),
                        "the unique index still holds " + key);
            }
            things.insertOne(new Document("_id", "t").append("key", "k2"));
            assertEquals(7, things.countDocuments());
        }
    }

    /**
     * Every kind of write the store takes, over many commits, on documents that earlier commits wrote and reads brought
     * into memory: a restart reads exactly what the last reads saw. mongo-java-server changes a stored document in place
     * before storing it again, so anything that keeps a document's encoding beside it (tried for cheaper commits, see
     * docs/benchmarks.md) fails here unless it is told.
     */
    @Test
    void whatEveryKindOfWriteLeftIsWhatARestartReads(@TempDir Path dataDir) {
        List<Document> before;
        try (EmbeddedMongo mongo = EmbeddedMongo.onDisk(dataDir, "127.0.0.1", 0);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> things = things(client);
            things.createIndex(Indexes.ascending("key"), new IndexOptions().unique(true));
            for (int i = 0; i < 200; i++) {
                things.insertOne(new Document("_id", "t" + i).append("key", "k" + i).append("n", i)
                        .append("tags", new ArrayList<>(List.of("a")))
                        .append("nested", new Document("count", 0).append("list", List.of(new Document("x", i)))));
            }
            things.find().into(new ArrayList<>()); // every document read once, so later writes meet them
            things.updateMany(Filters.lt("n", 50), Updates.combine(Updates.inc("n", 1000), Updates.push("tags", "b"),
                    Updates.set("nested.count", 7)));
            things.updateOne(Filters.eq("_id", "t60"), Updates.combine(Updates.unset("key"), Updates.max("n", 5000),
                    Updates.addToSet("tags", "c"), Updates.set("nested.list.0.x", "changed")));
            things.findOneAndUpdate(Filters.eq("_id", "t70"), Updates.pull("tags", "a"));
            things.replaceOne(Filters.eq("_id", "t80"), new Document("key", "k80").append("replaced", true));
            things.updateOne(Filters.eq("_id", "new"), Updates.combine(Updates.set("n", -1), Updates.set("key", "knew")),
                    new UpdateOptions().upsert(true));
            things.deleteMany(Filters.and(Filters.gte("n", 190), Filters.lt("n", 1000)));
            things.aggregate(List.of(Aggregates.addFields(new Field<>("n", 0)), Aggregates.sort(Sorts.descending("n")),
                    Aggregates.project(Projections.include("tags")))).into(new ArrayList<>());
            things.find().projection(Projections.include("tags", "nested")).sort(Sorts.ascending("key")).into(new ArrayList<>());
            things.updateMany(Filters.gte("n", 1000), Updates.inc("nested.count", 1));
            before = things.find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
            assertEquals(List.of("a", "b"), things.find(Filters.eq("_id", "t3")).first().getList("tags", String.class));
        }
        try (EmbeddedMongo mongo = EmbeddedMongo.onDisk(dataDir, "127.0.0.1", 0);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            assertEquals(before, things(client).find().sort(Sorts.ascending("_id")).into(new ArrayList<>()));
        }
    }

    @Test
    void aFileWrittenBeforeTheStoresTypesIsReadWithH2sDefaultOnes(@TempDir Path dataDir) throws Exception {
        MVStore old = new MVStore.Builder().fileName(dataDir.resolve(EmbeddedMongo.STORE_FILE).toString()).open();
        MongoServer server = new MongoServer(new H2Backend(old));
        try {
            try (MongoClient client = MongoClients.create("mongodb://" + hostAndPort(server.bind()))) {
                MongoCollection<Document> things = things(client);
                things.createIndex(Indexes.ascending("key"), new IndexOptions().unique(true));
                things.insertOne(new Document(ALL_KINDS).append("key", "k"));
            }
        } finally {
            server.shutdownNow();
        }
        try (EmbeddedMongo mongo = EmbeddedMongo.onDisk(dataDir, "127.0.0.1", 0);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            assertFalse(StoreTypes.of(mongo.store()), "the file keeps the types it was written with");
            MongoCollection<Document> things = things(client);
            assertEquals("héllo", things.find(Filters.eq("key", "k")).first().getString("text"));
            assertThrows(MongoWriteException.class, () -> things.insertOne(new Document("key", "k")));
            things.insertOne(new Document("_id", "new").append("key", "k2"));
            assertEquals(2, things.countDocuments());
        }
    }

    private static MongoCollection<Document> things(MongoClient client) {
        return client.getDatabase("padic").getCollection("things");
    }

    private static String hostAndPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
