package io.padic.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 database with {@link StoreTypes} for documents and index keys. It opens each map with those
 * types just before the H2 database opens it by name (H2 hands back the map already open), so the map names stay
 * the library's: {@code databases.<db>.<collection>} for documents, {@code <db>.<collection>._index_<name>} for a
 * unique index.
 */
final class TypedH2Database extends H2Database {

    // H2Database's constructor opens the existing collections, before a field of this class could be set.
    private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();
    private final MVStore store;

    private TypedH2Database(String databaseName, MVStore store, CursorRegistry cursors) {
        super(databaseName, store, cursors);
        this.store = store;
    }

    static TypedH2Database open(String databaseName, MVStore store, CursorRegistry cursors) {
        OPENING.set(store);
        try {
            return new TypedH2Database(databaseName, store, cursors);
        } finally {
            OPENING.remove();
        }
    }

    private MVStore store() {
        return store != null ? store : OPENING.get();
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        store().openMap("databases." + getFullCollectionNamespace(collectionName),
                new MVMap.Builder<Object, Document>().valueType(StoreTypes.DocumentType.INSTANCE));
        return super.openOrCreateCollection(collectionName, options);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
            boolean sparse) {
        store().openMap(getFullCollectionNamespace(collectionName) + "._index_" + indexName,
                new MVMap.Builder<KeyValue, Object>().keyType(StoreTypes.KeyValueType.INSTANCE));
        return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
    }
}
