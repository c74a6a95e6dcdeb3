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
 * {@code analytics_funnels}: per object type, event type and UTC week (weeks of the epoch: seven-day spans from
 * 1970-01-01), the objects whose first event of that type fell in that week, each with the first time of every
 * event type it has ({@link ObjectActivity#firsts}), spread over {@link #SHARDS} documents by object id so that no
 * document grows past a sixteenth of the week. A funnel reads the weeks of its range for its first step by computed
 * ids (14 weeks × 16 for 90 days: weeks rather than days, since the embedded store's cost is per document found);
 * an object is written under each of its event types' weeks, and moved when a late event moves a first time to
 * another week (docs/design.md#analytics). Writes set and unset whole entries, so writing the same change twice (a
 * recovery) changes nothing.
 */
@ApplicationScoped
public class FunnelEntries {

    private static final String PROJECT_ID = "projectId";
    private static final String OBJECTS = "o";
    private static final long WEEK_MILLIS = 7 * 86_400_000L;
    /**
     * Documents per week: each write rewrites a whole document, so smaller ones keep a busy week cheap to write (and
     * a week of 800,000 new objects within the 16 MB of a document); a read asks for all of them.
     */
    static final int SHARDS = 16;

    /** An object's first times before and after a flush. */
    record Change(String objectType, String objectId, Map<String, Long> before, Map<String, Long> after) {
    }

    private final EventStore store;

    public FunnelEntries(EventStore store) {
        this.store = store;
    }

    static long week(long millis) {
        return Math.floorDiv(millis, WEEK_MILLIS);
    }

    void apply(String scope, Collection<Change> changes) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (Change change : changes) {
            String field = OBJECTS + "." + FieldNames.escape(change.objectId());
            Document entry = new Document();
            change.after().forEach((type, millis) -> entry.append(FieldNames.escape(type), millis));
            change.after().forEach((type, millis) -> writes.add(new UpdateOneModel<>(
                    eq("_id", id(scope, change.objectType(), type, week(millis), change.objectId())),
                    Updates.combine(Updates.set(PROJECT_ID, scope), Updates.set(field, entry)),
                    new UpdateOptions().upsert(true))));
            change.before().forEach((type, millis) -> {
                Long now = change.after().get(type);
                if (now == null || week(now) != week(millis)) {
                    writes.add(new UpdateOneModel<>(
                            eq("_id", id(scope, change.objectType(), type, week(millis), change.objectId())),
                            Updates.unset(field)));
                }
            });
        }
        if (!writes.isEmpty()) {
            store.analyticsFunnels().bulkWrite(writes, new BulkWriteOptions().ordered(true));
        }
    }

    /** The first times of the objects whose first {@code eventType} fell in one of these weeks. */
    List<Map<String, Long>> entered(String scope, String objectType, String eventType, List<Long> weeks) {
        List<String> ids = new ArrayList<>(weeks.size() * SHARDS);
        for (long week : weeks) {
            for (int shard = 0; shard < SHARDS; shard++) {
                ids.add(StoreKeys.analyticsFunnel(scope, objectType, eventType, week, shard));
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
    private static String id(String scope, String objectType, String eventType, long week, String objectId) {
        return StoreKeys.analyticsFunnel(scope, objectType, eventType, week, Math.floorMod(objectId.hashCode(), SHARDS));
    }
}
