package io.padic.api.analytics;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.padic.api.store.EventStore;
import io.padic.api.store.StoreKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * {@code analytics_funnels}: per object type, event type and UTC day, the objects whose first event of that type
 * fell on that day, each with the first time of every event type it has ({@link ObjectActivity#firsts}), spread
 * over {@link #SHARDS} documents by object id so that no document grows past a sixteenth of the day. A funnel
 * reads the days of its range for its first step by computed ids; an object is written under each of its event
 * types' days, and moved when a late event moves a first time to another day (docs/design.md#analytics). Writes
 * set and unset whole entries, so writing the same change twice (a recovery) changes nothing.
 */
@ApplicationScoped
public class FunnelEntries {

    private static final String PROJECT_ID = "projectId";
    private static final String OBJECTS = "o";
    private static final long DAY_MILLIS = 86_400_000L;
    /**
     * Documents per day: each write rewrites a whole document, so smaller ones keep a busy day cheap to write (and
     * a day of 800,000 new objects within the 16 MB of a document); a read asks for all of them, mostly missing.
     */
    static final int SHARDS = 16;

    /** An object's first times before and after a flush. */
    record Change(String objectType, String objectId, Map<String, Long> before, Map<String, Long> after) {
    }

    private final EventStore store;

    public FunnelEntries(EventStore store) {
        this.store = store;
    }

    static long day(long millis) {
        return Math.floorDiv(millis, DAY_MILLIS);
    }

    void apply(String scope, Collection<Change> changes) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (Change change : changes) {
            String field = OBJECTS + "." + FieldNames.escape(change.objectId());
            Document entry = new Document();
            change.after().forEach((type, millis) -> entry.append(FieldNames.escape(type), millis));
            change.after().forEach((type, millis) -> writes.add(new UpdateOneModel<>(
                    eq("_id", id(scope, change.objectType(), type, day(millis), change.objectId())),
                    Updates.combine(Updates.set(PROJECT_ID, scope), Updates.set(field, entry)),
                    new UpdateOptions().upsert(true))));
            change.before().forEach((type, millis) -> {
                Long now = change.after().get(type);
                if (now == null || day(now) != day(millis)) {
                    writes.add(new UpdateOneModel<>(
                            eq("_id", id(scope, change.objectType(), type, day(millis), change.objectId())),
                            Updates.unset(field)));
                }
            });
        }
        if (!writes.isEmpty()) {
            store.analyticsFunnels().bulkWrite(writes, new BulkWriteOptions().ordered(true));
        }
    }

    /** The first times of the objects whose first {@code eventType} fell on one of these UTC days. */
    List<Map<String, Long>> entered(String scope, String objectType, String eventType, List<Long> days) {
        List<String> ids = new ArrayList<>(days.size() * SHARDS);
        for (long day : days) {
            for (int shard = 0; shard < SHARDS; shard++) {
                ids.add(StoreKeys.analyticsFunnel(scope, objectType, eventType, day, shard));
            }
        }
        List<Map<String, Long>> out = new ArrayList<>();
        for (Document doc : store.analyticsFunnels().find(in("_id", ids))) {
            Document objects = doc.get(OBJECTS, Document.class);
            if (objects == null) {
                continue;
            }
            objects.forEach((objectId, entry) -> {
                Map<String, Long> firsts = new HashMap<>();
                ((Document) entry).forEach((type, millis) -> firsts.put(FieldNames.unescape(type),
                        ((Number) millis).longValue()));
                out.add(firsts);
            });
        }
        return out;
    }

    /** String.hashCode is specified, so every process puts an object in the same shard. */
    private static String id(String scope, String objectType, String eventType, long day, String objectId) {
        return StoreKeys.analyticsFunnel(scope, objectType, eventType, day, Math.floorMod(objectId.hashCode(), SHARDS));
    }
}
