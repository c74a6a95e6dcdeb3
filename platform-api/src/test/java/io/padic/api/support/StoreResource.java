package io.padic.api.support;

import io.padic.embedded.EmbeddedMongo;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A real MongoDB-wire server (mongo-java-server, in memory) in the test JVM, on a free port. */
public class StoreResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedMongo mongo;

    @Override
    public Map<String, String> start() {
        mongo = EmbeddedMongo.inMemory("127.0.0.1", 0);
        return Map.of("quarkus.mongodb.connection-string", mongo.connectionString(),
                "quarkus.mongodb.database", "padic-test");
    }

    @Override
    public void stop() {
        if (mongo != null) {
            mongo.close();
        }
    }

    public static String connectionString() {
        return mongo.connectionString();
    }
}
