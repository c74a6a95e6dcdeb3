package io.padic.api.journal;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.InsertManyOptions;
import io.padic.api.store.EventStore;
import io.padic.api.store.StoreKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.Document;

/**
 * The {@code pins} collection: an object's history, one document per (object, seq), read by computed ids;
 * and, beside them, the pin claims of events that more than one writer may pin.
 *
 * <p>A claim {@code (event, object, attempt) → seq} names the one seq at which the event may be pinned to
 * the object. A writer pins such an event only at the seq of the newest attempt, and adds attempt k+1 only
 * after reading pin k's seq holding another event. Pins never change, so the event can never be at a seq
 * an attempt has left: however many writers race (a retry with the same idempotency key, the repair sweep,
 * a second hide), the event lands at most once per object. A claim goes into the same ordered
 * {@code insertMany} as its pin, right before it, so it costs no round trip of its own; and since every pin
 * before it in that insert went in first, the seq below a claim's always exists. Events that only one writer
 * can ever pin (single-object events without an idempotency key) take no claim.
 */
@ApplicationScoped
public class PinRepository {

    /** How many ids go into one {@code $in}: large enough to be cheap, small enough to stay light. */
    static final int PAGE = 500;
    /** Attempts read per round trip; contention beyond the first is rare. */
    private static final int CLAIM_PAGE = 8;
    /** A claim's attempt number (the other fields of a claim are the event document's). */
    private static final String ATTEMPT = "attempt";
    /** Pins read per round trip while looking for an event from its creation time. */
    private static final int SCAN_PAGE = 100;

    private final EventStore store;

    public PinRepository(EventStore store) {
        this.store = store;
    }

    /**
     * A pin to insert; {@code claimAttempt} is null for an event that takes no claim, else the attempt to
     * add before the pin, with the pin's seq.
     */
    public record Placed(String objectId, PinnedEvent pin, Integer claimAttempt) {

        public Placed(String objectId, PinnedEvent pin) {
            this(objectId, pin, null);
        }
    }

    /** The newest attempt of a claim. */
    public record Claim(int attempt, long seq) {
    }

    /**
     * How far an ordered insert got: {@code placed} pins went in; if one did not, {@code claimAdded} says
     * whether its claim (if it takes one) went in before its pin was refused.
     */
    public record Inserted(int placed, boolean claimAdded) {
    }

    /** Inserts one pin (and its claim, if it takes one); false if the seq is taken. */
    public boolean insert(String projectId, Placed placed) {
        return insertInOrder(projectId, List.of(placed)).placed() == 1;
    }

    /**
     * Inserts the pins (each after its claim, if any) in their order, in one ordered {@code insertMany}: the
     * first taken seq or existing claim stops the rest, so the pins of one object still go in seq order and
     * a pin never exists without the one before it. EmbeddedStoreBulkTest checks that the embedded store
     * behaves so.
     */
    public Inserted insertInOrder(String projectId, List<Placed> placed) {
        List<BsonDocument> docs = new ArrayList<>(placed.size());
        int[] placedOf = new int[placed.size() * 2];
        for (int i = 0; i < placed.size(); i++) {
            Placed p = placed.get(i);
            if (p.claimAttempt() != null) {
                placedOf[docs.size()] = i;
                docs.add(claimDocument(projectId, p.objectId(), p.pin().eventId(), p.claimAttempt(), p.pin().seq()));
            }
            placedOf[docs.size()] = i;
            docs.add(EventDocument.pin(projectId, p.objectId(), p.pin()));
        }
        try {
            EventStore.raw(store.earlierStep(store.pins())).insertMany(docs, new InsertManyOptions().ordered(true));
            return new Inserted(placed.size(), false);
        } catch (MongoBulkWriteException e) {
            BulkWriteError first = e.getWriteErrors().isEmpty() ? null : e.getWriteErrors().get(0);
            if (first == null || !EventStore.isDuplicateKey(first)) {
                throw e;
            }
            int failed = first.getIndex();
            int item = placedOf[failed];
            boolean claimAdded = placed.get(item).claimAttempt() != null && failed > 0 && placedOf[failed - 1] == item;
            return new Inserted(item, claimAdded);
        }
    }

    /** The newest attempt of the event's claim on the object, if it has one. */
    public Optional<Claim> claim(String projectId, String objectId, String eventId) {
        Claim newest = null;
        for (int from = 0; ; from += CLAIM_PAGE) {
            List<String> ids = new ArrayList<>(CLAIM_PAGE);
            for (int attempt = from; attempt < from + CLAIM_PAGE; attempt++) {
                ids.add(StoreKeys.pinClaim(projectId, objectId, eventId, attempt));
            }
            int found = 0;
            for (Document doc : store.pins().find(in(EventDocument.ID, ids))) {
                found++;
                Claim claim = new Claim(doc.getInteger(ATTEMPT), EventDocument.seq(doc));
                if (newest == null || claim.attempt() > newest.attempt()) {
                    newest = claim;
                }
            }
            if (found < CLAIM_PAGE) {
                return Optional.ofNullable(newest);
            }
        }
    }

    /** The pins at these places that exist, by event id: one {@code $in} of computed ids. */
    public Map<String, PinnedEvent> findAll(String projectId, List<EventRecord.Pin> places) {
        List<String> ids = places.stream().map(p -> StoreKeys.pin(projectId, p.objectId(), p.seq())).toList();
        Map<String, PinnedEvent> found = new HashMap<>();
        for (Document doc : store.pins().find(in(EventDocument.ID, ids))) {
            PinnedEvent pin = EventDocument.toPin(doc);
            found.put(pin.eventId(), pin);
        }
        return found;
    }

    public Optional<PinnedEvent> find(String projectId, String objectId, long seq) {
        return Optional.ofNullable(store.pins().find(eq(EventDocument.ID, StoreKeys.pin(projectId, objectId, seq))).first())
                .map(EventDocument::toPin);
    }

    /**
     * Where the event is pinned to the object, if it is: at its claim's seq if it took one; otherwise among
     * the pins from the first one created at or after {@code createdAt} (pins never run backwards in time,
     * and a pin is never older than its event), read forward to the end of the object's history.
     */
    public Optional<PinnedEvent> findByEvent(String projectId, String objectId, String eventId, Instant createdAt,
            long head) {
        Optional<Claim> claim = claim(projectId, objectId, eventId);
        if (claim.isPresent()) {
            return find(projectId, objectId, claim.get().seq()).filter(pin -> pin.eventId().equals(eventId));
        }
        return findFromTime(projectId, objectId, eventId, createdAt, head);
    }

    /**
     * Where an event that took no claim is pinned to the object, if it is: among the pins from the first one
     * created at or after {@code createdAt}, read forward to the end of the object's history.
     */
    public Optional<PinnedEvent> findFromTime(String projectId, String objectId, String eventId, Instant createdAt,
            long head) {
        long from = lastSeqAtOrBefore(projectId, objectId, head, createdAt.minusMillis(1)) + 1;
        while (true) {
            Map<Long, PinnedEvent> page = page(projectId, objectId, from, from + SCAN_PAGE - 1);
            for (long seq = from; seq < from + SCAN_PAGE; seq++) {
                PinnedEvent pin = page.get(seq);
                if (pin == null) {
                    return Optional.empty(); // the end of the history
                }
                if (pin.eventId().equals(eventId)) {
                    return Optional.of(pin);
                }
            }
            from += SCAN_PAGE;
        }
    }

    /** The largest seq (0 if none) whose pin was created at or before {@code at}: a binary search by id. */
    public long lastSeqAtOrBefore(String projectId, String objectId, long head, Instant at) {
        long low = 0;
        long high = head;
        while (low < high) {
            long mid = (low + high + 1) / 2;
            Instant created = find(projectId, objectId, mid).orElseThrow().createdAt();
            if (created.isAfter(at)) {
                high = mid - 1;
            } else {
                low = mid;
            }
        }
        return low;
    }

    /** Pins {@code from..to} (inclusive) in seq order, fetched by computed ids in pages. */
    public List<PinnedEvent> range(String projectId, String objectId, long from, long to) {
        List<PinnedEvent> out = new ArrayList<>((int) Math.max(0, Math.min(to - from + 1, 1 << 20)));
        for (long start = from; start <= to; start += PAGE) {
            long end = Math.min(to, start + PAGE - 1);
            Map<Long, PinnedEvent> page = page(projectId, objectId, start, end);
            for (long seq = start; seq <= end; seq++) {
                PinnedEvent pin = page.get(seq);
                if (pin == null) {
                    throw new IllegalStateException("Pin " + StoreKeys.pin(projectId, objectId, seq)
                            + " is missing below the head: the store broke the prefix rule");
                }
                out.add(pin);
            }
        }
        return out;
    }

    /** Seqs {@code from..to} (inclusive) of one object. */
    public record Span(String objectId, long from, long to) {
    }

    /**
     * The pins of several objects' spans, each in seq order, by object id: {@code $in}s of computed ids in
     * pages of {@link #PAGE} ids, however the spans are spread over the objects. Every span must lie below
     * its object's head (the prefix rule), or this throws.
     */
    public Map<String, List<PinnedEvent>> ranges(String projectId, List<Span> spans) {
        Map<String, PinnedEvent> byId = new HashMap<>();
        List<String> ids = new ArrayList<>(PAGE);
        for (Span span : spans) {
            for (long seq = span.from(); seq <= span.to(); seq++) {
                ids.add(StoreKeys.pin(projectId, span.objectId(), seq));
                if (ids.size() == PAGE) {
                    readInto(ids, byId);
                }
            }
        }
        readInto(ids, byId);
        Map<String, List<PinnedEvent>> out = new HashMap<>();
        for (Span span : spans) {
            List<PinnedEvent> pins = new ArrayList<>((int) Math.max(0, span.to() - span.from() + 1));
            for (long seq = span.from(); seq <= span.to(); seq++) {
                String id = StoreKeys.pin(projectId, span.objectId(), seq);
                PinnedEvent pin = byId.get(id);
                if (pin == null) {
                    throw new IllegalStateException("Pin " + id + " is missing below a seq known to exist");
                }
                pins.add(pin);
            }
            out.put(span.objectId(), pins);
        }
        return out;
    }

    private void readInto(List<String> ids, Map<String, PinnedEvent> byId) {
        if (ids.isEmpty()) {
            return;
        }
        for (Document doc : store.pins().find(in(EventDocument.ID, ids))) {
            byId.put(doc.getString(EventDocument.ID), EventDocument.toPin(doc));
        }
        ids.clear();
    }

    /** The pins among {@code from..to} that exist, by seq: one {@code $in} of computed ids. */
    private Map<Long, PinnedEvent> page(String projectId, String objectId, long from, long to) {
        List<String> ids = new ArrayList<>((int) (to - from + 1));
        for (long seq = from; seq <= to; seq++) {
            ids.add(StoreKeys.pin(projectId, objectId, seq));
        }
        Map<Long, PinnedEvent> page = new HashMap<>();
        for (Document doc : store.pins().find(in(EventDocument.ID, ids))) {
            PinnedEvent pin = EventDocument.toPin(doc);
            page.put(pin.seq(), pin);
        }
        return page;
    }

    private static BsonDocument claimDocument(String projectId, String objectId, String eventId, int attempt, long seq) {
        return new BsonDocument(EventDocument.ID, new BsonString(StoreKeys.pinClaim(projectId, objectId, eventId, attempt)))
                .append(EventDocument.PROJECT_ID, new BsonString(projectId))
                .append(EventDocument.OBJECT_ID, new BsonString(objectId))
                .append(EventDocument.EVENT_ID, new BsonString(eventId))
                .append(ATTEMPT, new BsonInt32(attempt))
                .append(EventDocument.SEQ, new BsonInt64(seq));
    }
}
