package io.padic.api.analytics;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.padic.api.analytics.Deltas.Bucket;
import io.padic.api.analytics.anomalies.Share;
import io.padic.api.store.EventStore;
import io.padic.api.store.StoreKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * {@code analytics_flags}: per project generation and local day, one document {@code <scope>/<date>} holding the
 * anomaly flags of that day's hour and day buckets under computed keys ({@code <series>|<interval>|<bucket start>},
 * escaped), so two processes that flag the same bucket write one flag, a check again replaces its verdict, and a list
 * reads a range's days by id (docs/design.md#analytics).
 */
@ApplicationScoped
public class AnomalyFlags {

    private static final String PROJECT_ID = "projectId";
    private static final String FLAGS = "flags";
    private static final String SERIES = "series";
    private static final String INTERVAL = "interval";
    private static final String START = "start";
    private static final String END = "end";
    private static final String EXPECTED = "expected";
    private static final String ACTUAL = "actual";
    private static final String SCORE = "score";
    private static final String EXPLANATION = "explanation";
    private static final String SEGMENT = "segment";
    private static final String SHARE = "share";
    private static final String FLAGGED_AT = "flaggedAt";
    private static final int PAGE = 200;

    /** A flag: a series' value in one bucket against its seasonal baseline, and the segments that moved. */
    record Flag(String series, Interval interval, long start, long end, double expected, double actual, double score,
            List<Share> explanation, Instant flaggedAt) {

        String key() {
            return FieldNames.escape(series) + "|" + interval.json() + "|" + start;
        }

        Bucket bucket() {
            return new Bucket(interval, start);
        }
    }

    private final EventStore store;

    public AnomalyFlags(EventStore store) {
        this.store = store;
    }

    /**
     * Replaces the verdicts of the checked buckets: their flags become {@code flags} (a flag already there keeps the
     * time it was first raised), and any other flag of a checked bucket goes.
     */
    void replace(String scope, ZoneId zone, Collection<Bucket> checked, List<Flag> flags) {
        Map<String, List<Bucket>> bucketsByDay = new HashMap<>();
        for (Bucket bucket : checked) {
            bucketsByDay.computeIfAbsent(day(bucket.start(), zone), d -> new ArrayList<>()).add(bucket);
        }
        Map<String, List<Flag>> flagsByDay = new HashMap<>();
        for (Flag flag : flags) {
            flagsByDay.computeIfAbsent(day(flag.start(), zone), d -> new ArrayList<>()).add(flag);
        }
        Map<String, Map<String, Flag>> existing = read(scope, bucketsByDay.keySet());
        bucketsByDay.forEach((day, buckets) -> {
            Set<Bucket> checkedHere = new HashSet<>(buckets);
            Map<String, Flag> before = existing.getOrDefault(day, Map.of());
            List<Bson> updates = new ArrayList<>();
            Set<String> kept = new HashSet<>();
            for (Flag flag : flagsByDay.getOrDefault(day, List.of())) {
                Flag old = before.get(flag.key());
                Flag next = old == null ? flag : new Flag(flag.series(), flag.interval(), flag.start(), flag.end(),
                        flag.expected(), flag.actual(), flag.score(), flag.explanation(), old.flaggedAt());
                kept.add(flag.key());
                if (!next.equals(old)) {
                    updates.add(Updates.set(FLAGS + "." + flag.key(), encode(next)));
                }
            }
            before.forEach((key, flag) -> {
                if (checkedHere.contains(flag.bucket()) && !kept.contains(key)) {
                    updates.add(Updates.unset(FLAGS + "." + key));
                }
            });
            if (!updates.isEmpty()) {
                updates.add(Updates.set(PROJECT_ID, scope));
                store.analyticsFlags().updateOne(eq("_id", StoreKeys.analyticsFlags(scope, day)),
                        Updates.combine(updates), new UpdateOptions().upsert(true));
            }
        });
    }

    /** The flags of these local days. */
    List<Flag> list(String scope, Collection<LocalDate> days) {
        List<Flag> out = new ArrayList<>();
        read(scope, days.stream().map(LocalDate::toString).toList()).values().forEach(byKey -> out.addAll(byKey.values()));
        return out;
    }

    private Map<String, Map<String, Flag>> read(String scope, Collection<String> days) {
        List<String> ids = days.stream().map(day -> StoreKeys.analyticsFlags(scope, day)).toList();
        Map<String, Map<String, Flag>> out = new HashMap<>();
        for (int from = 0; from < ids.size(); from += PAGE) {
            for (Document doc : store.analyticsFlags().find(in("_id", ids.subList(from, Math.min(ids.size(), from + PAGE))))) {
                String id = doc.getString("_id");
                Map<String, Flag> byKey = new HashMap<>();
                Document flags = doc.get(FLAGS, Document.class);
                if (flags != null) {
                    flags.forEach((key, flag) -> byKey.put(key, decode((Document) flag)));
                }
                out.put(id.substring(id.lastIndexOf('/') + 1), byKey);
            }
        }
        return out;
    }

    static String day(long start, ZoneId zone) {
        return Instant.ofEpochSecond(start).atZone(zone).toLocalDate().toString();
    }

    private static Document encode(Flag flag) {
        List<Document> explanation = new ArrayList<>();
        for (Share share : flag.explanation()) {
            explanation.add(new Document(SEGMENT, share.segment()).append(SHARE, share.share()));
        }
        return new Document(SERIES, flag.series()).append(INTERVAL, flag.interval().json()).append(START, flag.start())
                .append(END, flag.end()).append(EXPECTED, flag.expected()).append(ACTUAL, flag.actual())
                .append(SCORE, flag.score()).append(EXPLANATION, explanation)
                .append(FLAGGED_AT, Date.from(flag.flaggedAt()));
    }

    private static Flag decode(Document doc) {
        List<Share> explanation = new ArrayList<>();
        for (Document share : doc.getList(EXPLANATION, Document.class, List.of())) {
            explanation.add(new Share(share.getString(SEGMENT), ((Number) share.get(SHARE)).doubleValue()));
        }
        return new Flag(doc.getString(SERIES), Interval.parse(doc.getString(INTERVAL)).orElseThrow(),
                ((Number) doc.get(START)).longValue(), ((Number) doc.get(END)).longValue(),
                ((Number) doc.get(EXPECTED)).doubleValue(), ((Number) doc.get(ACTUAL)).doubleValue(),
                ((Number) doc.get(SCORE)).doubleValue(), explanation, doc.getDate(FLAGGED_AT).toInstant());
    }
}
