package io.padic.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.bson.Document;
import java.util.function.Supplier;

/**
 * mongo-java-server answers {@code findAndModify} with the document object that its update left in the
 * collection, and encodes that answer after it has let go of the collection: an update that another client
 * makes to the same document in between changes the answer. Two callers of {@code $inc} then read the same
 * number (StoreAtomicityTest; PAdic's object directory lost entries this way). Here the command runs holding
 * the collection's own lock, the one its updates take, and answers a deep copy made before letting go.
 */
final class FindAndModifyReplies {

    private FindAndModifyReplies() {
    }

    static boolean concerns(String command) {
        return "findandmodify".equalsIgnoreCase(command);
    }

    static Document run(MongoBackend backend, String database, String command, Document query,
            Supplier<Document> handle) {
        MongoCollection<?> collection = existing(backend.resolveDatabase(database), String.valueOf(query.get(command)));
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
