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
import io.padic.api.journal.EventRepository;
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
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What flagged events violated, newest first, and how many per type and day. Exact keys only
 * (docs/design.md#storage-layout): entries are stored {@link #BLOCK} to a document in blocks numbered per project,
 * so a page is an {@code $in} of computed ids; counts are rollup documents {@code <project>/<day>/<type>} raised with {@code $inc}.
 */
@ApplicationScoped
public class ViolationLog {

    public static final int MAX_PAGE = 200;
    /** Entries per stored document: a flagged batch of 500 events writes 8 of them, not 500. */
    public static final int BLOCK = 64;
    /**
     * How many entries one filtered page looks at, and how many blocks any page reads, at most: a rare type or
     * field can leave a page short (even empty) with a {@code next} to continue from, rather than one request
     * reading the whole log.
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
     * however many events it flags, and about one document per {@link #BLOCK} events besides its counts: the
     * markers in one unordered {@code insertMany} (one per event, or one per batch for a batch's members; a
     * duplicate is a marker written before, by an attempt this one retries), blocks of numbers reserved with one
     * {@code $inc} of the counter, the blocks of entries in one {@code insertMany}, the counts in one
     * {@code bulkWrite}.
     */
    public List<Flagged> recordAll(String projectId, List<Flagged> flagged) {
        if (flagged.isEmpty()) {
            return List.of();
        }
        List<Flagged> fresh = markFirstSightings(projectId, flagged);
        if (fresh.isEmpty()) {
            return fresh;
        }
        insertInBlocks(projectId, fresh);
        raiseCounts(projectId, fresh);
        return fresh;
    }

    /**
     * Marks each event as recorded and leaves out those marked before (a retry). A batch's members share one
     * marker, {@code <projectId>/batch/<batchId>} listing their numbers in the batch, so a flagged batch writes one
     * marker, not one per event; an event of its own (a single event, one of several objects or with a key) has
     * {@code <projectId>/event/<eventId>}. A batch's marker already there is rare (a batch's members carry no key,
     * so only {@link #recordAll} called again hands them over twice): it is then extended with {@code $addToSet}
     * and the members it already listed are left out.
     */
    private List<Flagged> markFirstSightings(String projectId, List<Flagged> flagged) {
        Map<String, Map<Integer, Integer>> membersByBatch = new LinkedHashMap<>(); // place in the batch -> index
        List<Document> markers = new ArrayList<>();
        List<Integer> markerOf = new ArrayList<>(); // the flagged event of each per-event marker
        for (int i = 0; i < flagged.size(); i++) {
            String eventId = flagged.get(i).event().eventId();
            Optional<EventRepository.MemberId> member = EventRepository.memberOf(eventId);
            if (member.isPresent()) {
                membersByBatch.computeIfAbsent(member.get().batchId(), b -> new LinkedHashMap<>())
                        .put(member.get().n(), i);
            } else {
                markers.add(new Document("_id", eventMarker(projectId, eventId)));
                markerOf.add(i);
            }
        }
        List<String> batches = new ArrayList<>(membersByBatch.keySet());
        for (String batchId : batches) {
            markers.add(new Document("_id", batchMarker(projectId, batchId))
                    .append("members", new ArrayList<>(membersByBatch.get(batchId).keySet())));
        }
        Set<Integer> seen = new HashSet<>();
        Set<Integer> taken = Set.of();
        try {
            entries().insertMany(markers, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            taken = EventStore.duplicateKeyIndexes(e);
        }
        for (int index : taken) {
            if (index < markerOf.size()) {
                seen.add(markerOf.get(index));
            } else {
                String batchId = batches.get(index - markerOf.size());
                seen.addAll(membersMarkedBefore(projectId, batchId, membersByBatch.get(batchId)));
            }
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
     * Adds these members (place in the batch -> index among the flagged) to their batch's marker and returns the
     * indexes of those it listed already.
     */
    private Set<Integer> membersMarkedBefore(String projectId, String batchId, Map<Integer, Integer> members) {
        Document before = entries().findOneAndUpdate(eq("_id", batchMarker(projectId, batchId)),
                Updates.addEachToSet("members", new ArrayList<>(members.keySet())),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE));
        Set<Integer> seen = new HashSet<>();
        if (before != null) {
            for (int place : before.getList("members", Integer.class)) {
                if (members.containsKey(place)) {
                    seen.add(members.get(place));
                }
            }
        }
        return seen;
    }

    /**
     * Stores the entries {@link #BLOCK} to a document, in blocks reserved together: the counter
     * {@code <projectId>/blocks} counts blocks, and an entry's number is its block × {@link #BLOCK} + its slot. A
     * block's document is its claim: the embedded store can hand overlapping ranges to two concurrent writers, and
     * the second to insert a block finds its key taken and stores those entries in a block reserved afresh. A
     * number is therefore never given twice, and numbers have holes (the slots a small group leaves free).
     */
    private void insertInBlocks(String projectId, List<Flagged> fresh) {
        List<List<Flagged>> left = new ArrayList<>();
        for (int from = 0; from < fresh.size(); from += BLOCK) {
            left.add(fresh.subList(from, Math.min(fresh.size(), from + BLOCK)));
        }
        for (int attempt = 0; !left.isEmpty(); attempt++) {
            Document counter = rollups().findOneAndUpdate(eq("_id", projectId + "/blocks"),
                    Updates.inc("n", (long) left.size()),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
            long first = ((Number) counter.get("n")).longValue() - left.size() + 1;
            List<Document> docs = new ArrayList<>(left.size());
            for (int b = 0; b < left.size(); b++) {
                docs.add(blockDocument(projectId, first + b, left.get(b)));
            }
            try {
                entries().insertMany(docs, new InsertManyOptions().ordered(false));
                return;
            } catch (MongoBulkWriteException e) {
                Set<Integer> taken = EventStore.duplicateKeyIndexes(e);
                if (attempt >= 20) {
                    throw e;
                }
                List<List<Flagged>> again = new ArrayList<>(taken.size());
                for (int index : new TreeSet<>(taken)) {
                    again.add(left.get(index));
                }
                left = again;
            }
        }
    }

    private static Document blockDocument(String projectId, long block, List<Flagged> entries) {
        List<Document> items = new ArrayList<>(entries.size());
        for (int slot = 0; slot < entries.size(); slot++) {
            items.add(entryDocument(block * BLOCK + slot, entries.get(slot)));
        }
        return new Document("_id", blockId(projectId, block)).append("projectId", projectId).append("block", block)
                .append("entries", items);
    }

    private static Document entryDocument(long number, Flagged flagged) {
        EventRecord event = flagged.event();
        List<Document> items = new ArrayList<>();
        for (FieldError violation : flagged.violations()) {
            items.add(new Document("field", violation.field()).append("message", violation.message()));
        }
        return new Document("number", number).append("eventId", event.eventId()).append("type", event.type())
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
     * the number below which to continue. A page reads blocks newest first by their exact keys, a few at first and
     * more each round, and {@link #FILTER_SCAN} blocks at most; filtered, it looks at {@link #FILTER_SCAN} entries
     * at most.
     */
    public Page newest(String projectId, Long before, int limit, String type, String field) {
        Document counter = rollups().find(eq("_id", projectId + "/blocks")).first();
        long top = counter == null ? 0 : ((Number) counter.get("n")).longValue();
        long next = before == null ? (top + 1) * BLOCK : Math.min((top + 1) * BLOCK, before); // look below this
        boolean filtered = type != null || field != null;
        List<Entry> page = new ArrayList<>();
        int looked = 0;
        int blocksRead = 0;
        int round = 2;
        scan:
        while (next > BLOCK && page.size() < limit && blocksRead < FILTER_SCAN) {
            long from = (next - 1) / BLOCK;
            long to = Math.max(1, from - Math.min(round, FILTER_SCAN - blocksRead) + 1);
            Map<Long, List<Entry>> blocks = load(projectId, from, to);
            for (long block = from; block >= to; block--) {
                for (Entry entry : blocks.getOrDefault(block, List.of())) {
                    if (entry.number() >= next) {
                        continue;
                    }
                    looked++;
                    next = entry.number();
                    if (entry.matches(type, field)) {
                        page.add(entry);
                    }
                    if (page.size() >= limit || (filtered && looked >= FILTER_SCAN)) {
                        break scan;
                    }
                }
                next = block * BLOCK;
                blocksRead++;
            }
            round = Math.min(MAX_PAGE, round * 4);
        }
        return new Page(withEvents(projectId, page), next > BLOCK ? Long.toString(next) : null);
    }

    /** Which of these events were flagged (recorded here): one read of their markers' exact keys. */
    public Set<String> flaggedAmong(String projectId, Collection<String> eventIds) {
        Set<String> flagged = new HashSet<>();
        if (eventIds.isEmpty()) {
            return flagged;
        }
        Set<String> keys = new LinkedHashSet<>();
        Map<String, EventRepository.MemberId> members = new HashMap<>();
        for (String eventId : eventIds) {
            keys.add(eventMarker(projectId, eventId));
            EventRepository.memberOf(eventId).ifPresent(member -> {
                members.put(eventId, member);
                keys.add(batchMarker(projectId, member.batchId()));
            });
        }
        Map<String, Document> markers = new HashMap<>();
        for (Document doc : entries().find(in("_id", keys))) {
            markers.put(doc.getString("_id"), doc);
        }
        for (String eventId : eventIds) {
            EventRepository.MemberId member = members.get(eventId);
            Document batch = member == null ? null : markers.get(batchMarker(projectId, member.batchId()));
            if (markers.containsKey(eventMarker(projectId, eventId))
                    || (batch != null && batch.getList("members", Integer.class).contains(member.n()))) {
                flagged.add(eventId);
            }
        }
        return flagged;
    }

    /** The entries of blocks {@code from} down to {@code to}, each block's newest first. */
    private Map<Long, List<Entry>> load(String projectId, long from, long to) {
        List<String> ids = new ArrayList<>();
        for (long block = from; block >= to; block--) {
            ids.add(blockId(projectId, block));
        }
        Map<Long, List<Entry>> found = new HashMap<>();
        for (Document doc : entries().find(in("_id", ids))) {
            List<Entry> entries = new ArrayList<>();
            for (Document entry : doc.getList("entries", Document.class)) {
                entries.add(toEntry(entry));
            }
            // Stored in slot order, so newest first is the list reversed.
            found.put(((Number) doc.get("block")).longValue(), entries.reversed());
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

    private static String blockId(String projectId, long block) {
        return projectId + "/block/" + String.format("%012d", block);
    }

    private static String eventMarker(String projectId, String eventId) {
        return projectId + "/event/" + eventId;
    }

    private static String batchMarker(String projectId, String batchId) {
        return projectId + "/batch/" + batchId;
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
