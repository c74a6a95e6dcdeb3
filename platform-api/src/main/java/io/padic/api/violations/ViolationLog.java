package io.padic.api.violations;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.padic.api.common.ApiProblem.FieldError;
import io.padic.api.journal.EventLookup;
import io.padic.api.journal.EventRecord;
import io.padic.api.store.EventStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What flagged events violated, newest first, and how many per type and day. Exact keys only
 * (docs/design.md#storage-layout): entries are numbered per project, so a page is an {@code $in} of computed ids;
 * counts are rollup documents {@code <project>/<day>/<type>} raised with {@code $inc}.
 */
@ApplicationScoped
public class ViolationLog {

    public static final int MAX_PAGE = 200;
    /**
     * How many entries one filtered page looks at, at most: a rare type or field can leave a page short (even
     * empty) with a {@code next} to continue from, rather than one request reading the whole log.
     */
    public static final int FILTER_SCAN = 2000;

    /**
     * A flagged event's violations, with where it was pinned ({@code pins}: each object and the seq there) and its
     * {@code metaData}, read from the journal when the page is read (null when the event is not found).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(long number, String eventId, String type, Integer typeVersion, Date createdAt,
            List<FieldError> violations, List<EventRecord.Pin> pins,
            @JsonRawValue @Schema(type = SchemaType.OBJECT) String metaData) {

        Entry withEvent(EventRecord event) {
            return event == null ? this : new Entry(number, eventId, type, typeVersion, createdAt, violations,
                    event.pins(), event.metaData());
        }

        /** Of this type (any when null) and with a violation of this field (any when null). */
        boolean matches(String wantedType, String wantedField) {
            if (wantedType != null && !wantedType.equals(type)) {
                return false;
            }
            return wantedField == null || violations.stream().anyMatch(v -> v.field().equals(wantedField)
                    || v.field().equals("metaData." + wantedField));
        }
    }

    public record Page(List<Entry> violations, String next) {
    }

    public record DayCount(String day, String type, long count) {
    }

    private final MongoDatabase database;
    private final EventLookup lookup;

    public ViolationLog(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String databaseName,
            EventLookup lookup) {
        this.database = client.getDatabase(databaseName);
        this.lookup = lookup;
    }

    private MongoCollection<Document> entries() {
        return database.getCollection("violations");
    }

    private MongoCollection<Document> rollups() {
        return database.getCollection("violation_counts");
    }

    /** A flagged event and what it violated, to record. */
    public record Flagged(EventRecord event, List<FieldError> violations) {
    }

    /**
     * Records the violations of one project's flagged events once each, even when a retry records the same events
     * again, and returns those recorded for the first time, in order. One written group costs four round trips
     * however many events it flags: the events' markers in one unordered {@code insertMany} (a duplicate is an
     * event recorded before), their numbers reserved with one {@code $inc} of the counter, the entries in one
     * {@code insertMany}, the counts in one {@code bulkWrite}.
     */
    public List<Flagged> recordAll(String projectId, List<Flagged> flagged) {
        if (flagged.isEmpty()) {
            return List.of();
        }
        List<Flagged> fresh = markFirstSightings(projectId, flagged);
        if (fresh.isEmpty()) {
            return fresh;
        }
        insertNumbered(projectId, fresh);
        raiseCounts(projectId, fresh);
        return fresh;
    }

    /** Inserts each event's marker; the ones already there were recorded before (a retry) and are left out. */
    private List<Flagged> markFirstSightings(String projectId, List<Flagged> flagged) {
        List<Document> markers = new ArrayList<>(flagged.size());
        for (Flagged f : flagged) {
            markers.add(new Document("_id", projectId + "/event/" + f.event().eventId()));
        }
        Set<Integer> seen = Set.of();
        try {
            entries().insertMany(markers, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            seen = EventStore.duplicateKeyIndexes(e);
        }
        List<Flagged> fresh = new ArrayList<>(flagged.size() - seen.size());
        for (int i = 0; i < flagged.size(); i++) {
            if (!seen.contains(i)) {
                fresh.add(flagged.get(i));
            }
        }
        return fresh;
    }

    /**
     * Numbers the entries from one reserved range and inserts them together. The embedded store can hand
     * overlapping ranges to two concurrent writers: an entry whose number was taken is numbered again from a
     * fresh range (pages tolerate holes).
     */
    private void insertNumbered(String projectId, List<Flagged> fresh) {
        List<Flagged> left = fresh;
        for (int attempt = 0; !left.isEmpty(); attempt++) {
            Document counter = rollups().findOneAndUpdate(eq("_id", projectId + "/entries"),
                    Updates.inc("n", (long) left.size()),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
            long first = ((Number) counter.get("n")).longValue() - left.size() + 1;
            List<Document> docs = new ArrayList<>(left.size());
            for (int i = 0; i < left.size(); i++) {
                docs.add(entryDocument(projectId, first + i, left.get(i)));
            }
            try {
                entries().insertMany(docs, new InsertManyOptions().ordered(false));
                return;
            } catch (MongoBulkWriteException e) {
                Set<Integer> taken = EventStore.duplicateKeyIndexes(e);
                if (attempt >= 20) {
                    throw e;
                }
                List<Flagged> again = new ArrayList<>(taken.size());
                for (int index : new TreeSet<>(taken)) {
                    again.add(left.get(index));
                }
                left = again;
            }
        }
    }

    private static Document entryDocument(String projectId, long number, Flagged flagged) {
        EventRecord event = flagged.event();
        List<Document> items = new ArrayList<>();
        for (FieldError violation : flagged.violations()) {
            items.add(new Document("field", violation.field()).append("message", violation.message()));
        }
        return new Document("_id", entryId(projectId, number)).append("projectId", projectId)
                .append("number", number).append("eventId", event.eventId()).append("type", event.type())
                .append("typeVersion", event.typeVersion()).append("createdAt", Date.from(event.createdAt()))
                .append("violations", items).append("pins", pinsOf(event));
    }

    private record DayAndType(String day, String type) {
    }

    /** The counts per day and type, and the types seen, in one bulk write. */
    private void raiseCounts(String projectId, List<Flagged> fresh) {
        Map<DayAndType, Long> perDayAndType = new LinkedHashMap<>();
        Set<String> types = new LinkedHashSet<>();
        for (Flagged f : fresh) {
            String day = LocalDate.ofInstant(f.event().createdAt(), ZoneOffset.UTC).toString();
            perDayAndType.merge(new DayAndType(day, f.event().type()), 1L, Long::sum);
            types.add(f.event().type());
        }
        List<WriteModel<Document>> writes = new ArrayList<>();
        perDayAndType.forEach((key, count) -> writes.add(new UpdateOneModel<>(
                eq("_id", projectId + "/" + key.day() + "/" + key.type()),
                Updates.combine(Updates.inc("count", count), Updates.setOnInsert("day", key.day()),
                        Updates.setOnInsert("type", key.type())),
                new UpdateOptions().upsert(true))));
        writes.add(new UpdateOneModel<>(eq("_id", projectId + "/types"),
                Updates.addEachToSet("types", new ArrayList<>(types)), new UpdateOptions().upsert(true)));
        rollups().bulkWrite(writes, new BulkWriteOptions().ordered(false));
    }

    /**
     * Newest first, {@code limit} at a time, of {@code type} and with a violation of {@code field} when they are
     * not null (a field by its path, {@code metaData.x}, or by its name under metaData, {@code x}); the cursor is
     * the number below which to continue. Filtered, a page looks at {@link #FILTER_SCAN} entries at most.
     */
    public Page newest(String projectId, Long before, int limit, String type, String field) {
        Document counter = rollups().find(eq("_id", projectId + "/entries")).first();
        long top = counter == null ? 0 : ((Number) counter.get("n")).longValue();
        long from = before == null ? top : Math.min(top, before - 1);
        boolean filtered = type != null || field != null;
        long budget = filtered ? Math.max(limit, FILTER_SCAN) : limit;
        int batch = filtered ? Math.max(limit, MAX_PAGE) : limit;
        List<Entry> page = new ArrayList<>();
        long next = from; // the next number to look at
        while (next >= 1 && page.size() < limit && from - next < budget) {
            long low = Math.max(1, Math.max(next - batch + 1, from - budget + 1));
            Map<Long, Entry> found = load(projectId, next, low);
            for (long n = next; n >= low && page.size() < limit; n--) {
                Entry entry = found.get(n);
                if (entry != null && entry.matches(type, field)) {
                    page.add(entry);
                }
                next = n - 1;
            }
        }
        return new Page(withEvents(projectId, page), next >= 1 ? Long.toString(next + 1) : null);
    }

    /** Which of these events were flagged (recorded here): one read of their exact keys. */
    public Set<String> flaggedAmong(String projectId, Collection<String> eventIds) {
        Set<String> flagged = new HashSet<>();
        if (eventIds.isEmpty()) {
            return flagged;
        }
        String prefix = projectId + "/event/";
        List<String> ids = eventIds.stream().map(id -> prefix + id).toList();
        for (Document doc : entries().find(in("_id", ids)).projection(new Document("_id", 1))) {
            flagged.add(doc.getString("_id").substring(prefix.length()));
        }
        return flagged;
    }

    private Map<Long, Entry> load(String projectId, long from, long to) {
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
        return found;
    }

    /** The entries with their events' pins and metaData, in one look-up of the journal. */
    private List<Entry> withEvents(String projectId, List<Entry> page) {
        Map<String, List<EventRecord.Pin>> known = new LinkedHashMap<>();
        for (Entry entry : page) {
            known.put(entry.eventId(), entry.pins() == null ? List.of() : entry.pins());
        }
        Map<String, EventRecord> events = lookup.findAll(projectId, known);
        return page.stream().map(entry -> entry.withEvent(events.get(entry.eventId()))).toList();
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

    private static List<Document> pinsOf(EventRecord event) {
        List<Document> pins = new ArrayList<>();
        if (event.pins() != null) {
            for (EventRecord.Pin pin : event.pins()) {
                pins.add(new Document("objectId", pin.objectId()).append("seq", pin.seq()));
            }
        }
        return pins;
    }

    private static String entryId(String projectId, long number) {
        return projectId + "/" + String.format("%012d", number);
    }

    private static Entry toEntry(Document doc) {
        List<FieldError> violations = new ArrayList<>();
        for (Document v : doc.getList("violations", Document.class)) {
            violations.add(new FieldError(v.getString("field"), v.getString("message")));
        }
        List<EventRecord.Pin> pins = new ArrayList<>();
        for (Document pin : doc.getList("pins", Document.class, List.of())) {
            pins.add(new EventRecord.Pin(pin.getString("objectId"), ((Number) pin.get("seq")).longValue()));
        }
        return new Entry(((Number) doc.get("number")).longValue(), doc.getString("eventId"), doc.getString("type"),
                doc.getInteger("typeVersion"), doc.getDate("createdAt"), violations, pins, null);
    }
}
