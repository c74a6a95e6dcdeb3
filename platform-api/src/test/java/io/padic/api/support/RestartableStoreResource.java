package io.padic.api.support;

import io.padic.embedded.EmbeddedMongo;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real MongoDB-wire store (mongo-java-server over an H2 file, as the embedded default runs it) that a test
 * can stop and start again on the same port with its data, as when a MongoDB server goes down and comes back.
 * The app gives up on an unreachable store after two seconds instead of the driver's thirty.
 */
public class RestartableStoreResource implements QuarkusTestResourceLifecycleManager {

    private static final String HOST = "127.0.0.1";

    private static Path dataDir;
    private static int port;
    private static EmbeddedMongo mongo;

    @Override
    public Map<String, String> start() {
        try {
            dataDir = Files.createTempDirectory("padic-restartable-store");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        mongo = EmbeddedMongo.onDisk(dataDir, HOST, 0);
        port = mongo.port();
        return Map.of("quarkus.mongodb.connection-string", mongo.connectionString(),
                "quarkus.mongodb.database", "padic-test",
                "quarkus.mongodb.server-selection-timeout", "PT2S");
    }

    /** Closes every connection and the store file; requests fail until {@link #startStore()}. */
    public static synchronized void stopStore() {
        mongo.close();
    }

    /** Opens the same file on the same port again. */
    public static synchronized void startStore() {
        mongo = EmbeddedMongo.onDisk(dataDir, HOST, port);
    }

    @Override
    public void stop() {
        if (mongo != null) {
            mongo.close();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
