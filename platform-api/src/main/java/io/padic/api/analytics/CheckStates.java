package io.padic.api.analytics;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.MongoWriteException;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.padic.api.analytics.Deltas.Bucket;
import io.padic.api.store.EventStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * {@code analytics_checks}: per project generation, how far the anomaly check went (the next hour and day bucket it
 * checks), the closed buckets that flushes changed since ({@code dirty}: bucket → when last changed, to check again
 * once settled), and which process checks it now ({@code owner} until {@code until}), taken with a compare-and-set so
 * that one process at a time does a project's checks. One small document per project: the claim's filter names
 * {@code _id} and the owner, a scan only of this small collection, like {@code analytics_projects}.
 */
@ApplicationScoped
public class CheckStates {

    private static final String PROJECT_ID = "projectId";
    private static final String HOUR = "hour";
    private static final String DAY = "day";
    private static final String DIRTY = "dirty";
    private static final String OWNER = "owner";
    private static final String UNTIL = "until";
    private static final String REV = "rev";
    private static final int FINISH_ATTEMPTS = 5;
    /** Buckets older than this cannot change a check: they are no peer of a bucket of the last 8 weeks. */
    static final Duration DIRTY_HORIZON = Duration.ofDays(7L * (AnomalyChecks.WEEKS * 2 + 1));

    /** A project's check state as claimed: the next buckets of each interval (null: never checked) and the dirty ones. */
    record State(long rev, Map<Interval, Long> next, Map<Bucket, Long> dirty) {
    }

    private final EventStore store;

    public CheckStates(EventStore store) {
        this.store = store;
    }

    /**
     * Notes the closed hour and day buckets (of the last weeks) that a flush changed, so the check looks at them again;
     * a flush that changed none writes nothing. Called after the flush added its counters.
     */
    void touched(String scope, ZoneId zone, Collection<Bucket> buckets, Instant now) {
        List<Bson> updates = new ArrayList<>();
        long horizon = now.minus(DIRTY_HORIZON).getEpochSecond();
        for (Bucket bucket : buckets) {
            if (ObjectActivity.SEGMENT_INTERVALS.contains(bucket.interval()) && bucket.start() >= horizon
                    && bucket.interval().next(bucket.start(), zone) <= now.getEpochSecond()) {
                updates.add(Updates.max(DIRTY + "." + key(bucket), now.toEpochMilli()));
            }
        }
        if (updates.isEmpty()) {
            return;
        }
        updates.add(Updates.set(PROJECT_ID, scope));
        updates.add(Updates.inc(REV, 1L));
        store.analyticsChecks().updateOne(eq("_id", scope), Updates.combine(updates), new UpdateOptions().upsert(true));
    }

    /** Makes {@code processId} the checker of the project until {@code until}, if no other process is; its state. */
    Optional<State> claim(String scope, String processId, Instant now, Instant until) {
        Bson claimable = and(eq("_id", scope), or(eq(OWNER, null), eq(OWNER, processId), lt(UNTIL, Date.from(now))));
        Bson claim = Updates.combine(Updates.set(OWNER, processId), Updates.set(UNTIL, Date.from(until)));
        if (store.analyticsChecks().updateOne(claimable, claim).getModifiedCount() == 1) {
            return read(scope);
        }
        try {
            // Never checked (nor changed by a late event): this process starts it, claimed.
            store.analyticsChecks().insertOne(new Document("_id", scope).append(PROJECT_ID, scope).append(REV, 0L)
                    .append(DIRTY, new Document()).append(OWNER, processId).append(UNTIL, Date.from(until)));
            return read(scope);
        } catch (MongoWriteException e) {
            if (!EventStore.isDuplicateKey(e)) {
                throw e;
            }
            return Optional.empty(); // another process holds it
        }
    }

    /** The state as it is, without claiming it: whether there is anything to check at all. */
    Optional<State> read(String scope) {
        Document doc = store.analyticsChecks().find(eq("_id", scope)).first();
        if (doc == null) {
            return Optional.empty();
        }
        Map<Interval, Long> next = new HashMap<>();
        for (Interval interval : ObjectActivity.SEGMENT_INTERVALS) {
            Number start = (Number) doc.get(interval == Interval.HOUR ? HOUR : DAY);
            if (start != null) {
                next.put(interval, start.longValue());
            }
        }
        Map<Bucket, Long> dirty = new HashMap<>();
        Document dirtyDoc = doc.get(DIRTY, Document.class);
        if (dirtyDoc != null) {
            dirtyDoc.forEach((key, at) -> dirty.put(bucket(key), ((Number) at).longValue()));
        }
        Number rev = (Number) doc.get(REV);
        return Optional.of(new State(rev == null ? 0 : rev.longValue(), next, dirty));
    }

    /**
     * Ends a claim: the next buckets to check, and the dirty marks checked ({@code done}, with the time they were read
     * at) removed unless a flush marked them again meanwhile. False if another process took the claim over.
     */
    boolean finish(String scope, String processId, State read, Map<Interval, Long> next, Map<Bucket, Long> done) {
        State state = read;
        for (int attempt = 0; attempt < FINISH_ATTEMPTS; attempt++) {
            List<Bson> updates = new ArrayList<>();
            next.forEach((interval, start) -> updates.add(Updates.set(interval == Interval.HOUR ? HOUR : DAY, start)));
            State current = state;
            done.forEach((bucket, at) -> {
                if (at.equals(current.dirty().get(bucket))) {
                    updates.add(Updates.unset(DIRTY + "." + key(bucket)));
                }
            });
            updates.add(Updates.unset(OWNER));
            updates.add(Updates.unset(UNTIL));
            updates.add(Updates.inc(REV, 1L));
            if (store.analyticsChecks().updateOne(and(eq("_id", scope), eq(OWNER, processId), eq(REV, state.rev())),
                    Updates.combine(updates)).getModifiedCount() == 1) {
                return true;
            }
            Document doc = store.analyticsChecks().find(eq("_id", scope)).first();
            if (doc == null || !processId.equals(doc.getString(OWNER))) {
                return false;
            }
            state = read(scope).orElseThrow(); // a flush marked buckets meanwhile: keep its marks
        }
        return false;
    }

    private static String key(Bucket bucket) {
        return bucket.interval().json() + ":" + bucket.start();
    }

    private static Bucket bucket(String key) {
        int colon = key.indexOf(':');
        return new Bucket(Interval.parse(key.substring(0, colon)).orElseThrow(), Long.parseLong(key.substring(colon + 1)));
    }
}
