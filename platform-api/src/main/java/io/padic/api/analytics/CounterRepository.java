package io.padic.api.analytics;

import static com.mongodb.client.model.Filters.in;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.model.Projections;
import io.padic.api.analytics.CounterDocument.BucketCounts;
import io.padic.api.analytics.CounterDocument.LifecycleCounts;
import io.padic.api.analytics.Deltas.Bucket;
import io.padic.api.store.EventStore;
import io.padic.api.store.StoreKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;

/**
 * {@code analytics_counts} and {@code analytics_lifecycle} (and, through {@link SegmentRepository},
 * {@code analytics_segments}): one document each per project, interval and bucket,
 * read by computed ids. A flush's
 * changes are added once: each document lists the last {@link #APPLIED_KEPT} flushes added to it, and is
 * changed only at the revision it was read at (the filter {_id, rev} is the unique index
 * {@link EventStore#ANALYTICS_REVISION}), so two processes adding the same flush, or a recovery adding a
 * flush again, add it once (docs/design.md#analytics).
 */
@ApplicationScoped
public class CounterRepository {

    /** How many of the last flushes a bucket remembers; a recovery comes far sooner than that many flushes. */
    static final int APPLIED_KEPT = 1000;
    private static final String REV = "rev";
    private static final String BUCKET = "bucket";
    private static final int PAGE = 500;
    /** Rounds of read-and-write before giving up; the flush is then retried later, from its marker. */
    private static final int MAX_ATTEMPTS = 50;
    private static final String LIFECYCLE_PREFIX = CounterDocument.LIFECYCLE + ".";

    private final EventStore store;
    private final SegmentRepository segments;

    public CounterRepository(EventStore store, SegmentRepository segments) {
        this.store = store;
        this.segments = segments;
    }

    /**
     * Adds the changes of flush {@code flushId} to the counters, unless a bucket has them already: the lifecycle's to
     * {@code analytics_lifecycle}, the rest to {@code analytics_counts}, so that the charts' documents stay as small
     * as their figures however many distinct times the lifecycle counts.
     */
    void apply(String scope, String flushId, Deltas deltas) {
        Map<Bucket, Map<String, Long>> counts = new HashMap<>();
        Map<Bucket, Map<String, Long>> lifecycle = new HashMap<>();
        Map<Bucket, Map<String, Long>> segmentChanges = new HashMap<>();
        deltas.byBucket().forEach((bucket, fields) -> fields.forEach((field, n) ->
                (field.startsWith(LIFECYCLE_PREFIX) ? lifecycle : SegmentDocument.owns(field) ? segmentChanges : counts)
                        .computeIfAbsent(bucket, b -> new HashMap<>()).put(field, n)));
        apply(store.analyticsCounts(), scope, flushId, counts, false);
        apply(store.analyticsLifecycle(), scope, flushId, lifecycle, true);
        segments.apply(scope, flushId, segmentChanges);
    }

    /**
     * {@code withTimes}: the changes name transitions' time keys, merged into each transition's {@link TimeCounts}
     * binary as read at the document's revision (so the whole document is read, not only its revision).
     */
    private void apply(MongoCollection<Document> collection, String scope, String flushId,
            Map<Bucket, Map<String, Long>> changes, boolean withTimes) {
        Map<Bucket, Map<String, Long>> left = new HashMap<>(changes);
        for (int attempt = 1; !left.isEmpty(); attempt++) {
            if (attempt > MAX_ATTEMPTS) {
                throw new IllegalStateException("The counters of " + left.size() + " bucket(s) of project " + scope
                        + " changed under flush " + flushId + " " + MAX_ATTEMPTS + " times in a row");
            }
            Map<Bucket, Document> docs = read(collection, scope, left.keySet(),
                    withTimes ? null : Projections.include(CounterDocument.APPLIED, REV));
            List<WriteModel<Document>> writes = new ArrayList<>(left.size());
            List<Bucket> written = new ArrayList<>(left.size());
            for (Map.Entry<Bucket, Map<String, Long>> change : left.entrySet()) {
                Bucket bucket = change.getKey();
                Document doc = docs.get(bucket);
                if (doc != null && doc.getList(CounterDocument.APPLIED, String.class, List.of()).contains(flushId)) {
                    continue;
                }
                written.add(bucket);
                Map<String, Long> increments = new HashMap<>(change.getValue());
                Map<String, Object> sets = withTimes ? mergedTimes(doc, increments) : Map.of();
                writes.add(doc == null ? new InsertOneModel<>(created(scope, bucket, flushId, increments, sets))
                        : new UpdateOneModel<>(revision(scope, bucket, ((Number) doc.get(REV)).longValue()),
                                increments(flushId, increments, sets)));
            }
            if (writes.isEmpty()) {
                return;
            }
            if (writeAll(collection, writes) == writes.size()) {
                return;
            }
            // Another writer changed some buckets since they were read: read those again and add what is missing.
            left.keySet().retainAll(written);
        }
    }

    private static int writeAll(MongoCollection<Document> collection, List<WriteModel<Document>> writes) {
        try {
            BulkWriteResult result = collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
            return result.getInsertedCount() + result.getMatchedCount();
        } catch (MongoBulkWriteException e) {
            return -1;
        }
    }

    /**
     * The counters of these buckets of one interval, by bucket start, without the lifecycle (which only
     * {@link #lifecycle} reads, from its own collection) and without the retention cohorts (which only
     * {@link #countsWithRetention} reads: once objects come back day after day they are most of a bucket, and the
     * other routes' answers would grow with them); missing buckets count nothing.
     */
    Map<Long, BucketCounts> counts(String scope, Interval interval, List<Long> starts) {
        return counts(scope, interval, starts, Projections.exclude(CounterDocument.APPLIED, CounterDocument.RETENTION));
    }

    /** {@link #counts} with the retention cohorts. */
    Map<Long, BucketCounts> countsWithRetention(String scope, Interval interval, List<Long> starts) {
        return counts(scope, interval, starts, Projections.exclude(CounterDocument.APPLIED));
    }

    private Map<Long, BucketCounts> counts(String scope, Interval interval, List<Long> starts, Bson projection) {
        List<Bucket> buckets = starts.stream().map(start -> new Bucket(interval, start)).toList();
        Map<Long, BucketCounts> out = new HashMap<>();
        read(store.analyticsCounts(), scope, buckets, projection)
                .forEach((bucket, doc) -> out.put(bucket.start(), CounterDocument.read(doc)));
        return out;
    }

    /** One object type's lifecycle counters in these buckets (of any intervals). */
    List<LifecycleCounts> lifecycle(String scope, String objectType, List<Bucket> buckets) {
        List<LifecycleCounts> out = new ArrayList<>();
        read(store.analyticsLifecycle(), scope, buckets, Projections.include(CounterDocument.lifecycle(objectType)))
                .values().forEach(doc ->
                out.add(CounterDocument.read(doc).lifecycle().getOrDefault(objectType, LifecycleCounts.EMPTY)));
        return out;
    }

    private static Map<Bucket, Document> read(MongoCollection<Document> collection, String scope,
            Iterable<Bucket> buckets, Bson projection) {
        Map<String, Bucket> byId = new HashMap<>();
        for (Bucket bucket : buckets) {
            byId.put(id(scope, bucket), bucket);
        }
        List<String> ids = new ArrayList<>(byId.keySet());
        Map<Bucket, Document> out = new HashMap<>();
        for (int from = 0; from < ids.size(); from += PAGE) {
            for (Document doc : collection.find(in("_id", ids.subList(from, Math.min(ids.size(), from + PAGE))))
                    .projection(projection)) {
                out.put(byId.get(doc.getString("_id")), doc);
            }
        }
        return out;
    }

    private static String id(String scope, Bucket bucket) {
        return StoreKeys.analyticsCount(scope, bucket.interval().json(), bucket.start());
    }

    private static String bucketKey(Bucket bucket) {
        return bucket.interval().json() + "/" + bucket.start();
    }

    private static Document revision(String scope, Bucket bucket, long rev) {
        return new Document("_id", id(scope, bucket)).append(REV, rev);
    }

    /**
     * Takes the time keys out of {@code increments} and answers, per transition, its {@link TimeCounts} binary as in
     * {@code doc} (null: none yet) with them added.
     */
    private static Map<String, Object> mergedTimes(Document doc, Map<String, Long> increments) {
        Map<String, Map<Long, Long>> added = new HashMap<>();
        increments.entrySet().removeIf(change -> {
            Map.Entry<String, Long> timesAndKey = CounterDocument.timesAndKey(change.getKey());
            if (timesAndKey == null) {
                return false;
            }
            added.computeIfAbsent(timesAndKey.getKey(), path -> new HashMap<>())
                    .merge(timesAndKey.getValue(), change.getValue(), Long::sum);
            return true;
        });
        Map<String, Object> sets = new HashMap<>();
        added.forEach((path, keys) -> {
            Binary now = doc == null ? null : FieldNames.getPath(doc, path, Binary.class);
            TimeCounts before = now == null ? TimeCounts.EMPTY : TimeCounts.decode(now.getData());
            sets.put(path, new Binary(before.plus(keys).encode()));
        });
        return sets;
    }

    private static Bson increments(String flushId, Map<String, Long> fields, Map<String, Object> sets) {
        List<Bson> updates = new ArrayList<>(fields.size() + sets.size() + 2);
        fields.forEach((field, n) -> updates.add(Updates.inc(field, n)));
        sets.forEach((field, value) -> updates.add(Updates.set(field, value)));
        updates.add(Updates.inc(REV, 1L));
        updates.add(Updates.pushEach(CounterDocument.APPLIED, List.of(flushId), new PushOptions().slice(-APPLIED_KEPT)));
        return Updates.combine(updates);
    }

    private static Document created(String scope, Bucket bucket, String flushId, Map<String, Long> fields,
            Map<String, Object> sets) {
        Document doc = new Document("_id", id(scope, bucket)).append(CounterDocument.PROJECT_ID, scope)
                .append(BUCKET, bucketKey(bucket)).append(CounterDocument.INTERVAL, bucket.interval().json())
                .append(CounterDocument.START, bucket.start()).append(REV, 1L)
                .append(CounterDocument.APPLIED, new ArrayList<>(List.of(flushId)));
        fields.forEach((path, n) -> FieldNames.putPath(doc, path, n));
        sets.forEach((path, value) -> FieldNames.putPath(doc, path, value));
        return doc;
    }
}
