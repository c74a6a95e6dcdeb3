package io.padic.api.violations;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.padic.api.common.ApiProblem.FieldError;
import io.padic.api.journal.EventRecord;
import io.padic.api.store.EventStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What flagged events violated, newest first, and how many per type and day. Exact keys only
 * (docs/design.md#storage-layout): entries are numbered per project, so a page is an {@code $in} of computed ids;
 * counts are rollup documents {@code <project>/<day>/<type>} raised with {@code $inc}.
 */
@ApplicationScoped
public class ViolationLog {

    public static final int MAX_PAGE = 200;

    public record Entry(long number, String eventId, String type, Integer typeVersion, Date createdAt,
            List<FieldError> violations) {
    }

    public record Page(List<Entry> violations, String next) {
    }

    public record DayCount(String day, String type, long count) {
    }

    private final MongoDatabase database;

    public ViolationLog(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String databaseName) {
        this.database = client.getDatabase(databaseName);
    }

    private MongoCollection<Document> entries() {
        return database.getCollection("violations");
    }

    private MongoCollection<Document> rollups() {
        return database.getCollection("violation_counts");
    }

    /**
     * Records an event's violations once, even when a retry records the same event again; false if it was
     * recorded before.
     */
    public boolean record(EventRecord event, List<FieldError> violations) {
        String projectId = event.projectId();
        try {
            entries().insertOne(new Document("_id", projectId + "/event/" + event.eventId()));
        } catch (MongoWriteException e) {
            if (EventStore.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
        List<Document> items = new ArrayList<>();
        for (FieldError violation : violations) {
            items.add(new Document("field", violation.field()).append("message", violation.message()));
        }
        // The embedded store can hand one counter value to two concurrent writers: a taken number is
        // skipped (pages tolerate holes) and the next one taken.
        for (int attempt = 0; ; attempt++) {
            Document counter = rollups().findOneAndUpdate(eq("_id", projectId + "/entries"), Updates.inc("n", 1L),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
            long number = ((Number) counter.get("n")).longValue();
            try {
                entries().insertOne(new Document("_id", entryId(projectId, number)).append("projectId", projectId)
                        .append("number", number).append("eventId", event.eventId()).append("type", event.type())
                        .append("typeVersion", event.typeVersion()).append("createdAt", Date.from(event.createdAt()))
                        .append("violations", items));
                break;
            } catch (MongoWriteException e) {
                if (!EventStore.isDuplicateKey(e) || attempt >= 20) {
                    throw e;
                }
            }
        }
        String day = LocalDate.ofInstant(event.createdAt(), ZoneOffset.UTC).toString();
        rollups().updateOne(eq("_id", projectId + "/" + day + "/" + event.type()),
                Updates.combine(Updates.inc("count", 1L), Updates.setOnInsert("day", day),
                        Updates.setOnInsert("type", event.type())),
                new UpdateOptions().upsert(true));
        rollups().updateOne(eq("_id", projectId + "/types"), Updates.addToSet("types", event.type()),
                new UpdateOptions().upsert(true));
        return true;
    }

    /** Newest first, {@code limit} at a time; the cursor is the number below which to continue. */
    public Page newest(String projectId, Long before, int limit) {
        Document counter = rollups().find(eq("_id", projectId + "/entries")).first();
        long top = counter == null ? 0 : ((Number) counter.get("n")).longValue();
        long from = before == null ? top : Math.min(top, before - 1);
        long to = Math.max(1, from - limit + 1);
        List<String> ids = new ArrayList<>();
        for (long n = from; n >= to; n--) {
            ids.add(entryId(projectId, n));
        }
        Map<Long, Entry> found = new HashMap<>();
        if (!ids.isEmpty()) {
            for (Document doc : entries().find(in("_id", ids))) {
                Entry entry = toEntry(doc);
                found.put(entry.number(), entry);
            }
        }
        List<Entry> page = new ArrayList<>();
        for (long n = from; n >= to; n--) {
            if (found.containsKey(n)) {
                page.add(found.get(n));
            }
        }
        return new Page(page, to > 1 && from >= 1 ? Long.toString(to) : null);
    }

    /** Counts per type for each of the last {@code days} days (UTC), zero days left out. */
    public List<DayCount> counts(String projectId, int days, LocalDate today) {
        Document types = rollups().find(eq("_id", projectId + "/types")).first();
        List<String> known = types == null ? List.of() : types.getList("types", String.class);
        List<String> ids = new ArrayList<>();
        for (int back = days - 1; back >= 0; back--) {
            for (String type : known) {
                ids.add(projectId + "/" + today.minusDays(back) + "/" + type);
            }
        }
        List<DayCount> counts = new ArrayList<>();
        if (!ids.isEmpty()) {
            for (Document doc : rollups().find(in("_id", ids))) {
                counts.add(new DayCount(doc.getString("day"), doc.getString("type"),
                        ((Number) doc.get("count")).longValue()));
            }
        }
        counts.sort(Comparator.comparing(DayCount::day).thenComparing(DayCount::type));
        return counts;
    }

    private static String entryId(String projectId, long number) {
        return projectId + "/" + String.format("%012d", number);
    }

    private static Entry toEntry(Document doc) {
        List<FieldError> violations = new ArrayList<>();
        for (Document v : doc.getList("violations", Document.class)) {
            violations.add(new FieldError(v.getString("field"), v.getString("message")));
        }
        return new Entry(((Number) doc.get("number")).longValue(), doc.getString("eventId"), doc.getString("type"),
                doc.getInteger("typeVersion"), doc.getDate("createdAt"), violations);
    }
}
