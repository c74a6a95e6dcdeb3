package io.padic.api.support;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.BsonDocument;

/**
 * Test-only: remembers, for each write command and collection the app sends to the store, the write concern
 * the driver sent with it (or "none"). Registered with the driver like every {@link CommandListener} bean; it
 * keeps one entry per distinct (command, collection, concern), so it stays small across the whole suite.
 */
@ApplicationScoped
public class WriteConcernRecorder implements CommandListener {

    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findAndModify");

    private final Map<String, Set<String>> concernsByWrite = new ConcurrentHashMap<>();

    @Override
    public void commandStarted(CommandStartedEvent event) {
        if (!WRITES.contains(event.getCommandName())) {
            return;
        }
        BsonDocument command = event.getCommand();
        String collection = command.getString(event.getCommandName()).getValue();
        BsonDocument concern = command.getDocument("writeConcern", null);
        concernsByWrite.computeIfAbsent(event.getCommandName() + " " + collection, k -> ConcurrentHashMap.newKeySet())
                .add(concern == null ? "none" : concern.toJson());
    }

    /** "insert pins" → the write concerns seen on it, as JSON. */
    public Map<String, Set<String>> concernsByWrite() {
        return Map.copyOf(concernsByWrite);
    }
}
