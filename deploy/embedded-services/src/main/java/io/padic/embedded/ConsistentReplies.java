package io.padic.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.bson.Document;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * mongo-java-server answers a query or a {@code findAndModify} with the document objects that the collection
 * holds, and encodes the answer after it has let go of the collection, while an update changes a stored
 * document in place, field by field. A reader could then see half of an update (one field changed, the next
 * not yet), and two callers of {@code $inc} through findAndModify the same number (StoreAtomicityTest;
 * PAdic's object directory lost entries this way). Here those commands run holding the collection's own
 * lock, the one its updates take, and answer a deep copy made before letting go: each document is read
 * whole, as MongoDB promises.
 */
final class ConsistentReplies {

    /** The commands whose answers carry stored documents. Compared in lower case. */
    private static final Set<String> ANSWERED_WITH_DOCUMENTS = Set.of("findandmodify", "find", "getmore");

    private ConsistentReplies() {
    }

    static boolean concerns(String command) {
        return ANSWERED_WITH_DOCUMENTS.contains(command.toLowerCase(Locale.ROOT));
    }

    static Document run(MongoBackend backend, String database, String command, Document query,
            Supplier<Document> handle) {
        MongoDatabase db = backend.resolveDatabase(database);
        MongoCollection<?> collection = switch (command.toLowerCase(Locale.ROOT)) {
            case "findandmodify" -> existing(db, String.valueOf(query.get(command)));
            case "getmore" -> db.resolveCollection(String.valueOf(query.get("collection")), false);
            default -> db.resolveCollection(String.valueOf(query.get(command)), false);
        };
        if (collection == null) {
            // A read of a collection that does not exist holds no stored document.
            return handle.get();
        }
        synchronized (collection) {
            return handle.get().cloneDeeply();
        }
    }

    /**
     * The collection, created first if this command is the first to use it (as the command would), under
     * the database's lock, the one the server's own implicit creation takes.
     */
    private static MongoCollection<?> existing(MongoDatabase database, String name) {
        synchronized (database) {
            MongoCollection<?> collection = database.resolveCollection(name, false);
            return collection != null ? collection : database.createCollectionOrThrowIfExists(name);
        }
    }
}
