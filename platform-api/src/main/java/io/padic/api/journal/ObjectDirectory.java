package io.padic.api.journal;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.padic.api.store.EventStore;
import io.padic.api.store.StoreKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.bson.Document;

/**
 * Lists objects by type without a filter on {@code type} (docs/design.md#storage-layout): each type has a counter
 * document and numbered pages of ids, so listing reads pages by computed id. {@link #ALL_TYPES} lists every object.
 */
@ApplicationScoped
public class ObjectDirectory {

    public static final String ALL_TYPES = "*";
    public static final int PAGE_SIZE = 200;

    private final EventStore store;

    public ObjectDirectory(EventStore store) {
        this.store = store;
    }

    public void add(String projectId, String type, String objectId) {
        Document counter = store.directory().findOneAndUpdate(
                eq("_id", StoreKeys.directoryCounter(projectId, type)), Updates.inc("count", 1L),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        long position = ((Number) counter.get("count")).longValue() - 1;
        store.directory().updateOne(eq("_id", StoreKeys.directoryPage(projectId, type, position / PAGE_SIZE)),
                Updates.push("ids", objectId), new UpdateOptions().upsert(true));
    }

    /** How many entries the type's directory has handed out; pages beyond it do not exist. */
    public long count(String projectId, String type) {
        Document counter = store.directory().find(eq("_id", StoreKeys.directoryCounter(projectId, type))).first();
        return counter == null ? 0 : ((Number) counter.get("count")).longValue();
    }

    public List<String> page(String projectId, String type, long page) {
        Document doc = store.directory().find(eq("_id", StoreKeys.directoryPage(projectId, type, page))).first();
        return doc == null ? List.of() : doc.getList("ids", String.class);
    }
}
