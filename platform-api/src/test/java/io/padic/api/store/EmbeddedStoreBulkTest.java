package io.padic.api.store;

import static com.mongodb.client.model.Filters.in;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import io.padic.embedded.EmbeddedMongo;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The batch writer relies on ordered {@code insertMany} stopping at the first duplicate and reporting its
 * index, so that the documents before it are in and none after it is (FACTS.md warns that the embedded
 * store miscounts unordered batches). This pins that behaviour of the store the tests and the embedded
 * default run on.
 */
class EmbeddedStoreBulkTest {

    private static EmbeddedMongo mongo;
    private static MongoClient client;

    @BeforeAll
    static void start() {
        mongo = EmbeddedMongo.inMemory("127.0.0.1", 0);
        client = MongoClients.create(mongo.connectionString());
    }

    @AfterAll
    static void stop() {
        client.close();
        mongo.close();
    }

    @Test
    void anOrderedInsertManyStopsAtTheFirstDuplicateAndNamesItsIndex() {
        MongoCollection<Document> pins = client.getDatabase("bulk").getCollection("pins");
        pins.insertOne(new Document("_id", "p/o/000000000004"));
        List<Document> batch = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int seq = 1; seq <= 8; seq++) {
            String id = "p/o/" + String.format("%012d", seq);
            ids.add(id);
            batch.add(new Document("_id", id).append("seq", seq));
        }

        MongoBulkWriteException failure = assertThrows(MongoBulkWriteException.class,
                () -> pins.insertMany(batch, new InsertManyOptions().ordered(true)));

        assertEquals(1, failure.getWriteErrors().size(), "only the first duplicate is reported");
        assertEquals(3, failure.getWriteErrors().get(0).getIndex(), "seq 4 is item 3 of the batch");
        assertEquals(ErrorCategory.DUPLICATE_KEY,
                ErrorCategory.fromErrorCode(failure.getWriteErrors().get(0).getCode()));
        List<Integer> inserted = new ArrayList<>();
        pins.find(in("_id", ids)).map(d -> d.getInteger("seq")).into(new ArrayList<>()).stream()
                .filter(Objects::nonNull).sorted().forEach(inserted::add);
        assertEquals(List.of(1, 2, 3), inserted, "the items before the duplicate went in, none after it");
    }
}
