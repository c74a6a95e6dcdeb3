package io.padic.api.store;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Test-only shard-key audit (docs/design.md#shard-keys): checks every command the app sends to its database, in every
 * {@code @QuarkusTest}, against {@link ShardKeys}. A command on a sharded collection that does not name exact
 * {@code _id}s ({@link ShardKeyCheck}), unless a listed background job sent it, and any command on a collection the
 * table does not know, is a violation: written to {@link #VIOLATIONS}, where {@link ShardKeyAuditExtension} fails the
 * test class it happened in. The Quarkus MongoDB client registers every {@link CommandListener} bean with the driver.
 */
@ApplicationScoped
public class ShardKeyAudit implements CommandListener {

    /** Shared with the JUnit extension through a file: the app's classes and JUnit's are loaded apart. */
    static final Path VIOLATIONS = Path.of("target", "shard-key-audit", "violations.txt");

    private final String database;
    private final Map<String, LongAdder> routed = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> scans = new ConcurrentHashMap<>();
    private final Set<String> violations = ConcurrentHashMap.newKeySet();
    private final Set<String> indexes = ConcurrentHashMap.newKeySet();

    public ShardKeyAudit(@ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.database = database;
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        if (!database.equals(event.getDatabaseName())) {
            return;
        }
        String name = event.getCommandName();
        BsonDocument command = event.getCommand();
        if (name.equals("createIndexes")) {
            recordIndexes(command);
            return;
        }
        if (!ShardKeyCheck.DATA_COMMANDS.contains(name)) {
            return;
        }
        BsonValue target = command.get(name);
        String collection = target != null && target.isString() ? target.asString().getValue() : "?";
        if (ShardKeys.UNSHARDED.contains(collection)) {
            return;
        }
        List<String> problems = ShardKeys.sharded().contains(collection) ? ShardKeyCheck.problems(name, command)
                : List.of("collection not in ShardKeys: add it as sharded or unsharded (docs/design.md#shard-keys)");
        if (problems.isEmpty()) {
            routed.computeIfAbsent(collection, c -> new LongAdder()).increment();
            return;
        }
        Optional<String> origin = origin();
        if (origin.isEmpty()) {
            return; // a test's own look at the store, not the app's
        }
        String scanned = ShardKeys.BACKGROUND_SCANS.get(origin.get());
        if (scanned != null && (scanned.equals(collection) || scanned.equals("*"))) {
            scans.computeIfAbsent(collection + " " + origin.get(), c -> new LongAdder()).increment();
            return;
        }
        String where = name + " " + collection + " from " + origin.get();
        if (violations.add(where)) { // one line per command, collection and method, with its first example
            append(where + ": " + String.join("; ", problems));
        }
    }

    /** Commands that named exact shard-key values, by collection. */
    public Map<String, Long> routed() {
        return counts(routed);
    }

    /** Commands of listed background jobs that did not, by "collection Class#method". */
    public Map<String, Long> scans() {
        return counts(scans);
    }

    /** The violations since this app started, one per command, collection and method that sent it. */
    public Set<String> violations() {
        return Set.copyOf(violations);
    }

    /** Every index the app asked for, as {@code collection name {key} unique}. */
    public Set<String> indexes() {
        return Set.copyOf(indexes);
    }

    private void recordIndexes(BsonDocument command) {
        String collection = command.getString("createIndexes").getValue();
        for (BsonValue index : command.getArray("indexes", new BsonArray())) {
            BsonDocument spec = index.asDocument();
            indexes.add(indexLine(collection, spec.getString("name").getValue(), spec.getDocument("key"),
                    spec.getBoolean("unique", BsonBoolean.FALSE).getValue()));
        }
    }

    /** One index, spelled the same whether the app sent it or {@code deploy/mongodb/indexes.js} declares it. */
    static String indexLine(String collection, String name, BsonDocument key, boolean unique) {
        return collection + " " + name + " " + key.toJson() + (unique ? " unique" : "");
    }

    /**
     * The app's method that sent the command, as {@code Class#method} (lambdas named for their method), or empty when
     * a test class or test support sent it. Walked only for commands that fail the check.
     */
    private static Optional<String> origin() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> f.getClassName().startsWith("io.padic.")
                        && !f.getClassName().startsWith(ShardKeyAudit.class.getName()))
                .findFirst()
                .filter(f -> !isTestCode(f.getClassName()))
                .map(f -> f.getClassName().replaceAll("\\$.*", "") + "#"
                        + f.getMethodName().replaceAll("^lambda\\$(.*)\\$\\d+$", "$1")));
    }

    private static boolean isTestCode(String className) {
        String top = className.replaceAll("\\$.*", "");
        return top.startsWith("io.padic.api.support.") || top.startsWith("io.padic.api.it.") || top.endsWith("Test")
                || top.endsWith("IT");
    }

    private static Map<String, Long> counts(Map<String, LongAdder> adders) {
        Map<String, Long> out = new TreeMap<>();
        adders.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private static synchronized void append(String line) {
        try {
            Files.createDirectories(VIOLATIONS.getParent());
            Files.writeString(VIOLATIONS, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
