package io.padic.api.analytics;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.padic.api.store.EventStore;
import io.padic.api.store.StoreKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;

/**
 * {@code analytics_objects} (each object's {@link ObjectActivity} and the counter changes of its last flush
 * until they are applied) and {@code analytics_pending} (the flushes whose changes may not be applied yet).
 * A state is replaced only at the seq it was read at: the filter {_id, seq} equals the unique index
 * {@link EventStore#ANALYTICS_WATERMARK}, an exact key for the embedded store and one for a cluster sharded on
 * {@code _id} (docs/design.md#analytics). Every document is keyed
 * under the {@link AnalyticsScope#key() scope} of the rollups it belongs to, which its {@code projectId} field holds.
 */
@ApplicationScoped
public class ActivityRepository {

    static final String PROJECT_ID = "projectId";
    static final String OBJECT_ID = "objectId";
    static final String SEQ = "seq";
    private static final String TYPE = "type";
    private static final String ZONE = "zone";
    private static final String ACTIVE = "active";
    private static final String PENDING = "pending";
    private static final String FLUSH_ID = "flushId";
    private static final String OBJECTS = "objects";
    private static final String SINCE = "since";
    private static final String LAST = "last";
    private static final String LAST_TYPE = "type";
    private static final String LAST_AT = "at";
    private static final String FIRSTS = "firsts";
    private static final String FROM_SEQ = "fromSeq";
    private static final String TYPES = "types";
    private static final String MASKS = "masks";
    /** States read per query: a state holds every active hour of its object. */
    private static final int PAGE = 200;

    /**
     * A stored state, with the flush whose changes may not be added yet, if any, and the seq the state was at before
     * it ({@code pendingFromSeq}): the changes are those of counting pins {@code pendingFromSeq + 1 .. seq}, which a
     * recovery counts again rather than the state carrying them (they can be megabytes for a long history).
     */
    record Stored(ObjectActivity activity, String pendingFlush, long pendingFromSeq) {
    }

    /** A state to write: {@code readSeq} is the seq it was read at, null if the object had none. */
    record Save(String objectId, Long readSeq, ObjectActivity activity) {
    }

    /** A flush's marker: its project, the objects it wrote and when it started. */
    record Marker(String scope, String flushId, List<String> objectIds, Instant since) {
    }

    private final EventStore store;

    public ActivityRepository(EventStore store) {
        this.store = store;
    }

    /** The states of these objects that exist, by object id: one {@code $in} of computed ids. */
    Map<String, Stored> find(String scope, Collection<String> objectIds) {
        List<String> ids = new ArrayList<>(objectIds.size());
        for (String objectId : objectIds) {
            ids.add(StoreKeys.analyticsObject(scope, objectId));
        }
        Map<String, Stored> found = new HashMap<>();
        for (int from = 0; from < ids.size(); from += PAGE) {
            for (Document doc : store.analyticsObjects().find(in("_id", ids.subList(from, Math.min(ids.size(), from + PAGE))))) {
                found.put(doc.getString(OBJECT_ID), decode(doc));
            }
        }
        return found;
    }

    /**
     * Writes the new states, each only if its object is still at the seq it was read at, with their changes
     * marked as pending for {@code flushId}. Returns the objects whose state was written.
     */
    Set<String> save(String scope, String flushId, List<Save> saves) {
        List<WriteModel<Document>> writes = new ArrayList<>(saves.size());
        for (Save save : saves) {
            Document pending = new Document(FLUSH_ID, flushId)
                    .append(FROM_SEQ, save.readSeq() == null ? 0L : save.readSeq());
            Document doc = encode(scope, save.objectId(), save.activity()).append(PENDING, pending);
            writes.add(save.readSeq() == null ? new InsertOneModel<>(doc)
                    : new ReplaceOneModel<>(watermark(scope, save.objectId(), save.readSeq()), doc));
        }
        int written;
        try {
            BulkWriteResult result = store.analyticsObjects().bulkWrite(writes, new BulkWriteOptions().ordered(false));
            written = result.getInsertedCount() + result.getMatchedCount();
        } catch (MongoBulkWriteException e) {
            // Another process inserted a state first: those objects are retried; the rest went in.
            written = -1;
        }
        Set<String> saved = new HashSet<>();
        if (written == saves.size()) {
            saves.forEach(s -> saved.add(s.objectId()));
            return saved;
        }
        find(scope, saves.stream().map(Save::objectId).toList()).forEach((objectId, stored) -> {
            if (flushId.equals(stored.pendingFlush())) {
                saved.add(objectId);
            }
        });
        return saved;
    }

    /** Removes the pending changes of {@code flushId} from these objects, where their state is still that flush's. */
    void clearPending(String scope, Map<String, Long> seqByObject) {
        List<WriteModel<Document>> writes = new ArrayList<>(seqByObject.size());
        seqByObject.forEach((objectId, seq) -> writes.add(
                new UpdateOneModel<>(watermark(scope, objectId, seq), Updates.unset(PENDING))));
        if (!writes.isEmpty()) {
            store.analyticsObjects().bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
    }

    void mark(String scope, String flushId, Collection<String> objectIds) {
        store.analyticsPending().insertOne(new Document("_id", StoreKeys.analyticsPending(scope, flushId))
                .append(PROJECT_ID, scope).append(FLUSH_ID, flushId)
                .append(OBJECTS, new ArrayList<>(objectIds)).append(SINCE, new Date()));
    }

    Optional<Marker> marker(String scope, String flushId) {
        return Optional.ofNullable(store.analyticsPending()
                .find(eq("_id", StoreKeys.analyticsPending(scope, flushId))).first()).map(ActivityRepository::marker);
    }

    void unmark(String scope, String flushId) {
        store.analyticsPending().deleteOne(eq("_id", StoreKeys.analyticsPending(scope, flushId)));
    }

    /** Markers older than {@code before}: a scan of the small {@code analytics_pending}, for the background sweep. */
    List<Marker> markersBefore(Instant before, int limit) {
        List<Marker> out = new ArrayList<>();
        for (Document doc : store.analyticsPending().find(lt(SINCE, Date.from(before))).limit(limit)) {
            out.add(marker(doc));
        }
        return out;
    }

    private static Marker marker(Document doc) {
        return new Marker(doc.getString(PROJECT_ID), doc.getString(FLUSH_ID), doc.getList(OBJECTS, String.class),
                doc.getDate(SINCE).toInstant());
    }

    private static Document watermark(String scope, String objectId, long seq) {
        return new Document("_id", StoreKeys.analyticsObject(scope, objectId)).append(SEQ, seq);
    }

    private static Document encode(String scope, String objectId, ObjectActivity activity) {
        Document active = new Document();
        activity.active().forEach((interval, buckets) -> active.append(interval.json(), new ArrayList<>(buckets)));
        Document doc = new Document("_id", StoreKeys.analyticsObject(scope, objectId))
                .append(PROJECT_ID, scope).append(OBJECT_ID, objectId).append(SEQ, activity.seq())
                .append(TYPE, activity.objectType()).append(ZONE, activity.zone().getId()).append(ACTIVE, active)
                .append(FIRSTS, encode(activity.firsts()));
        if (!activity.typeOrder().isEmpty()) {
            Document masks = new Document();
            activity.typeMasks().forEach((interval, byStart) -> {
                Document starts = new Document();
                byStart.forEach((start, mask) -> starts.append(Long.toString(start), mask));
                masks.append(interval.json(), starts);
            });
            doc.append(TYPES, new ArrayList<>(activity.typeOrder())).append(MASKS, masks);
        }
        if (activity.last() != null) {
            doc.append(LAST, new Document(LAST_TYPE, activity.last().type()).append(LAST_AT, activity.last().atMillis()));
        }
        return doc;
    }

    /** Event types as field names hold dots: a list of pairs instead. */
    private static List<Document> encode(Map<String, Long> firsts) {
        List<Document> out = new ArrayList<>(firsts.size());
        firsts.forEach((type, millis) -> out.add(new Document(LAST_TYPE, type).append(LAST_AT, millis)));
        return out;
    }

    private static Map<String, Long> decodeFirsts(List<Document> docs) {
        Map<String, Long> out = new HashMap<>();
        for (Document doc : docs) {
            out.put(doc.getString(LAST_TYPE), ((Number) doc.get(LAST_AT)).longValue());
        }
        return out;
    }

    private static Stored decode(Document doc) {
        Map<Interval, TreeSet<Long>> active = new EnumMap<>(Interval.class);
        Document activeDoc = doc.get(ACTIVE, Document.class);
        for (Interval interval : Interval.values()) {
            TreeSet<Long> buckets = new TreeSet<>();
            for (Object start : activeDoc.getList(interval.json(), Object.class, List.of())) {
                buckets.add(((Number) start).longValue());
            }
            active.put(interval, buckets);
        }
        Document lastDoc = doc.get(LAST, Document.class);
        ObjectActivity.LastEvent last = lastDoc == null ? null
                : new ObjectActivity.LastEvent(lastDoc.getString(LAST_TYPE), ((Number) lastDoc.get(LAST_AT)).longValue());
        // States written before segments were counted carry no masks: a rebuild counts those segments.
        Map<Interval, Map<Long, Long>> masks = new EnumMap<>(Interval.class);
        Document masksDoc = doc.get(MASKS, Document.class);
        if (masksDoc != null) {
            masksDoc.forEach((interval, starts) -> {
                Map<Long, Long> byStart = new HashMap<>();
                ((Document) starts).forEach((start, mask) -> byStart.put(Long.parseLong(start), ((Number) mask).longValue()));
                Interval.parse(interval).ifPresent(i -> masks.put(i, byStart));
            });
        }
        ObjectActivity activity = new ObjectActivity(doc.getString(TYPE), ZoneId.of(doc.getString(ZONE)),
                ((Number) doc.get(SEQ)).longValue(), active, last,
                decodeFirsts(doc.getList(FIRSTS, Document.class, List.of())),
                doc.getList(TYPES, String.class, List.of()), masks);
        Document pending = doc.get(PENDING, Document.class);
        if (pending == null) {
            return new Stored(activity, null, 0);
        }
        return new Stored(activity, pending.getString(FLUSH_ID), ((Number) pending.get(FROM_SEQ)).longValue());
    }
}
