package io.padic.api.analytics;

import static com.mongodb.client.model.Filters.in;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.padic.api.analytics.Deltas.Bucket;
import io.padic.api.analytics.SegmentDocument.Segments;
import io.padic.api.store.EventStore;
import io.padic.api.store.StoreKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * {@code analytics_segments}: one document per project generation, hour or day bucket ({@link SegmentDocument}), read by
 * computed ids. A flush's changes are added once, as to {@code analytics_counts} ({@link CounterRepository}): at the
 * revision the document was read at (unique index {@link EventStore#ANALYTICS_SEGMENTS_REVISION}), skipped where the
 * flush is listed in {@code applied}. The capped parts are rewritten per event type they change (the caps need the
 * counts already there), the others raised with {@code $inc}.
 */
@ApplicationScoped
public class SegmentRepository {

    private static final String REV = "rev";
    private static final String BUCKET = "bucket";
    private static final int PAGE = 200;
    private static final int MAX_ATTEMPTS = 50;

    private final EventStore store;

    public SegmentRepository(EventStore store) {
        this.store = store;
    }

    /** Adds flush {@code flushId}'s changes (fields {@link SegmentDocument#owns owned} by this collection). */
    void apply(String scope, String flushId, Map<Bucket, Map<String, Long>> changes) {
        Map<Bucket, Map<String, Long>> left = new HashMap<>(changes);
        for (int attempt = 1; !left.isEmpty(); attempt++) {
            if (attempt > MAX_ATTEMPTS) {
                throw new IllegalStateException("The segments of " + left.size() + " bucket(s) of project " + scope
                        + " changed under flush " + flushId + " " + MAX_ATTEMPTS + " times in a row");
            }
            Map<Bucket, Document> docs = read(scope, left.keySet());
            List<WriteModel<Document>> writes = new ArrayList<>(left.size());
            List<Bucket> written = new ArrayList<>(left.size());
            for (Map.Entry<Bucket, Map<String, Long>> change : left.entrySet()) {
                Bucket bucket = change.getKey();
                Document doc = docs.get(bucket);
                if (doc != null && doc.getList(CounterDocument.APPLIED, String.class, List.of()).contains(flushId)) {
                    continue;
                }
                written.add(bucket);
                writes.add(doc == null ? new InsertOneModel<>(created(scope, bucket, flushId, change.getValue()))
                        : new UpdateOneModel<>(revision(scope, bucket, ((Number) doc.get(REV)).longValue()),
                                update(doc, flushId, change.getValue())));
            }
            if (writes.isEmpty() || writeAll(writes) == writes.size()) {
                return;
            }
            left.keySet().retainAll(written); // changed by another writer since read: read again, add what is missing
        }
    }

    /** The segments of these buckets of one interval, by bucket start; missing buckets hold none. */
    Map<Long, Segments> segments(String scope, Interval interval, List<Long> starts) {
        Map<Long, Segments> out = new HashMap<>();
        read(scope, starts.stream().map(start -> new Bucket(interval, start)).toList())
                .forEach((bucket, doc) -> out.put(bucket.start(), SegmentDocument.read(doc)));
        return out;
    }

    private Map<Bucket, Document> read(String scope, Iterable<Bucket> buckets) {
        Map<String, Bucket> byId = new HashMap<>();
        for (Bucket bucket : buckets) {
            byId.put(StoreKeys.analyticsCount(scope, bucket.interval().json(), bucket.start()), bucket);
        }
        List<String> ids = new ArrayList<>(byId.keySet());
        Map<Bucket, Document> out = new HashMap<>();
        for (int from = 0; from < ids.size(); from += PAGE) {
            for (Document doc : store.analyticsSegments().find(in("_id", ids.subList(from, Math.min(ids.size(), from + PAGE))))) {
                out.put(byId.get(doc.getString("_id")), doc);
            }
        }
        return out;
    }

    private int writeAll(List<WriteModel<Document>> writes) {
        try {
            var result = store.analyticsSegments().bulkWrite(writes, new BulkWriteOptions().ordered(false));
            return result.getInsertedCount() + result.getMatchedCount();
        } catch (MongoBulkWriteException e) {
            return -1;
        }
    }

    /** The changes split by part: the capped ones as trees (type → key → value → n), the rest as fields to raise. */
    private record Split(Map<String, Map<String, Map<String, Map<String, Long>>>> trees, Map<String, Long> increments) {

        static Split of(Map<String, Long> fields) {
            Map<String, Map<String, Map<String, Map<String, Long>>>> trees = new HashMap<>();
            Map<String, Long> increments = new HashMap<>();
            fields.forEach((field, n) -> {
                String[] parts = field.split("\\.");
                if (SegmentDocument.capped(parts[0])) {
                    trees.computeIfAbsent(parts[0], p -> new HashMap<>()).computeIfAbsent(parts[1], t -> new HashMap<>())
                            .computeIfAbsent(parts[2], k -> new HashMap<>()).merge(parts[3], n, Long::sum);
                } else {
                    increments.put(field, n);
                }
            });
            return new Split(trees, increments);
        }
    }

    private static Map<String, Map<String, Map<String, Long>>> merged(Map<String, Map<String, Map<String, Long>>> into,
            Map<String, Map<String, Map<String, Long>>> added) {
        added.forEach((type, keys) -> keys.forEach((key, values) -> values.forEach((value, n) ->
                into.computeIfAbsent(type, t -> new HashMap<>()).computeIfAbsent(key, k -> new HashMap<>())
                        .merge(value, n, Long::sum))));
        return into;
    }

    private static Bson update(Document doc, String flushId, Map<String, Long> fields) {
        Split split = Split.of(fields);
        List<Bson> updates = new ArrayList<>();
        split.increments().forEach((field, n) -> updates.add(Updates.inc(field, n)));
        split.trees().forEach((part, added) -> {
            Map<String, Map<String, Map<String, Long>>> before = SegmentDocument.tree(doc, part);
            Map<String, Map<String, Map<String, Long>>> after = SegmentDocument.cap(part,
                    merged(SegmentDocument.tree(doc, part), added));
            after.forEach((type, keys) -> {
                if (!keys.equals(before.get(type))) {
                    updates.add(Updates.set(part + "." + type, SegmentDocument.document(keys)));
                }
            });
            before.keySet().stream().filter(type -> !after.containsKey(type))
                    .forEach(type -> updates.add(Updates.unset(part + "." + type)));
        });
        updates.add(Updates.inc(REV, 1L));
        updates.add(Updates.pushEach(CounterDocument.APPLIED, List.of(flushId),
                new PushOptions().slice(-CounterRepository.APPLIED_KEPT)));
        return Updates.combine(updates);
    }

    private static Document revision(String scope, Bucket bucket, long rev) {
        return new Document("_id", StoreKeys.analyticsCount(scope, bucket.interval().json(), bucket.start()))
                .append(REV, rev);
    }

    private static String bucketKey(Bucket bucket) {
        return bucket.interval().json() + "/" + bucket.start();
    }

    private static Document created(String scope, Bucket bucket, String flushId, Map<String, Long> fields) {
        Document doc = new Document("_id", StoreKeys.analyticsCount(scope, bucket.interval().json(), bucket.start()))
                .append(CounterDocument.PROJECT_ID, scope).append(BUCKET, bucketKey(bucket))
                .append(CounterDocument.INTERVAL, bucket.interval().json()).append(CounterDocument.START, bucket.start())
                .append(REV, 1L).append(CounterDocument.APPLIED, new ArrayList<>(List.of(flushId)));
        Split split = Split.of(fields);
        split.trees().forEach((part, added) -> {
            Document partDoc = new Document();
            SegmentDocument.cap(part, added).forEach((type, keys) -> partDoc.append(type, SegmentDocument.document(keys)));
            doc.append(part, partDoc);
        });
        split.increments().forEach((path, n) -> FieldNames.putPath(doc, path, n));
        return doc;
    }
}
