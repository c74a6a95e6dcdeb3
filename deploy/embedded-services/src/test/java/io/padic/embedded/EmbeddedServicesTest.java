package io.padic.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts both embedded services the way the launcher and the platform-api tests use them. */
class EmbeddedServicesTest {

    @Test
    void inMemoryStoreAnswersTheDriver() {
        try (EmbeddedMongo mongo = EmbeddedMongo.inMemory("127.0.0.1", 0)) {
            assertEquals("mongodb://127.0.0.1:" + mongo.port(), mongo.connectionString());
            assertEquals("b", insertThenFind(mongo.connectionString(), "x1").getString("a"));
        }
    }

    @Test
    void onDiskStoreKeepsDataAcrossRestart(@TempDir Path dir) {
        Path dataDir = dir.resolve("nested/store");
        try (EmbeddedMongo mongo = EmbeddedMongo.onDisk(dataDir, "127.0.0.1", 0)) {
            insertThenFind(mongo.connectionString(), "kept");
        }
        assertTrue(Files.isRegularFile(dataDir.resolve(EmbeddedMongo.STORE_FILE)));
        try (EmbeddedMongo mongo = EmbeddedMongo.onDisk(dataDir, "127.0.0.1", 0);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            Document found = collection(client).find(new Document("_id", "kept")).first();
            assertEquals("b", found.getString("a"));
        }
    }

    @Test
    void aStoreFileInUseIsRefusedWithAReason(@TempDir Path dataDir) {
        try (EmbeddedMongo first = EmbeddedMongo.onDisk(dataDir, "127.0.0.1", 0)) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> EmbeddedMongo.onDisk(dataDir, "127.0.0.1", 0));
            assertTrue(refused.getMessage().contains("another process"), refused.getMessage());
        }
    }

    @Test
    void redisAnswersPingAndComesBackAfterRestart() throws IOException {
        try (RedisProcess redis = RedisProcess.start("127.0.0.1", 0)) {
            assertEquals("redis://127.0.0.1:" + redis.port(), redis.url());
            assertEquals("+PONG", command(redis.port(), "PING"));
            // Persistence must be off, or a dump.rdb would land on every stop.
            assertEquals("*2\r\n$4\r\nsave\r\n$0", command(redis.port(), "CONFIG GET save", 4));

            redis.stop();
            assertThrows(IOException.class, () -> command(redis.port(), "PING"));

            redis.restart();
            assertEquals("+PONG", command(redis.port(), "PING"));
        }
    }

    private static Document insertThenFind(String connectionString, String id) {
        try (MongoClient client = MongoClients.create(connectionString)) {
            MongoCollection<Document> things = collection(client);
            things.insertOne(new Document("_id", id).append("a", "b"));
            return things.find(new Document("_id", id)).first();
        }
    }

    private static MongoCollection<Document> collection(MongoClient client) {
        return client.getDatabase("padic").getCollection("things");
    }

    private static String command(int port, String inline) throws IOException {
        return command(port, inline, 1);
    }

    /** Sends an inline command and returns the first {@code lines} lines of the reply. */
    private static String command(int port, String inline, int lines) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder reply = new StringBuilder();
            int seen = 0;
            while (seen < lines) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                reply.append((char) b);
                if (b == '\n') {
                    seen++;
                }
            }
            return reply.toString().stripTrailing();
        }
    }
}
