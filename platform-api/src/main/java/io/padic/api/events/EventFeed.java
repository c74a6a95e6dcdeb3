package io.padic.api.events;

import io.padic.api.common.ApiProblem;
import io.padic.api.journal.EventRecord;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XAddArgs;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The project's live tail of stored events: a Redis stream {@code feed:{<projectId>}}
 * (docs/design.md#cache-and-snapshots), holding event ids and pins only; the events themselves are read by id. One
 * stream entry holds one written group: a single event, or all events a batch wrote together, so a batch of 1000 costs
 * one XADD, not 1000. Appending happens in the background so that ingest never waits for Redis and never fails because
 * of it; events whose append is lost (Redis down or far behind) are stored all the same and only missing from this
 * tail. The first after-write consumer: every written group is appended, flagged or not.
 */
@ApplicationScoped
@Priority(200)
public class EventFeed implements AfterWrite {

    /** The tail holds at least the last CAP events (as many as appended), the most a read asks for. */
    public static final int CAP = 1000;
    /** Counted in events, not entries: what waits is each event's id and pins, whatever entry it goes into. */
    static final int MAX_WAITING = 10_000;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    private final ReactiveStreamCommands<String, String, String> streams;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicInteger waiting = new AtomicInteger();
    // The last append sent or queued; the next one starts when it is done. Guarded by this.
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    public EventFeed(ReactiveRedisDataSource redis) {
        this.streams = redis.stream(String.class);
    }

    public static String key(String projectId) {
        return "feed:{" + projectId + "}";
    }

    /** Adds a written group to its project's tail as one entry, in the background (see {@link #appendAll}). */
    @Override
    public void accept(WrittenGroup group) {
        appendAll(group.records());
    }

    /**
     * Adds stored events to their project's tail as one entry, in their order, in the background. Entries are
     * sent one after the other (a pooled client would let a burst overtake itself and mix up the order); when
     * Redis falls behind by {@link #MAX_WAITING} events, further ones are left out of the tail.
     */
    public void appendAll(List<EventRecord> events) {
        // A written group is always of one project; grouping costs nothing then and keeps any other list right.
        Map<String, List<EventRecord>> byProject = events.stream().collect(
                Collectors.groupingBy(EventRecord::projectId, LinkedHashMap::new, Collectors.toList()));
        byProject.forEach((projectId, group) -> {
            int size = group.size();
            if (waiting.addAndGet(size) > MAX_WAITING) {
                waiting.addAndGet(-size);
                appendFailed(new IllegalStateException(MAX_WAITING + " events are waiting to be added"));
                return;
            }
            // Encoded now, so that what waits is a few short strings, not the events with their metaData.
            Map<String, String> fields = fields(group);
            synchronized (this) {
                last = last.thenCompose(ignored -> send(key(projectId), fields, size));
            }
        });
    }

    private CompletableFuture<Void> send(String key, Map<String, String> fields, int events) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        try {
            streams.xadd(key, new XAddArgs().maxlen(maxEntries(events)).nearlyExactTrimming(), fields)
                    .subscribe().with(id -> {
                        failing.set(false);
                        done(sent, events);
                    }, e -> {
                        appendFailed(e);
                        done(sent, events);
                    });
        } catch (RuntimeException e) {
            appendFailed(e);
            done(sent, events);
        }
        return sent;
    }

    /**
     * The {@code MAXLEN ~} of an entry of {@code events} events: it holds those, and each older entry at least one,
     * so {@code 1 + (CAP - events)} entries hold at least CAP events: CAP entries after a single event, only the
     * new one after a full batch. A plain {@code MAXLEN ~ CAP} would keep 1000 entries of a batch-fed project, a
     * million ids (about 50 MB of Redis, measured) where 1000 are ever read; this keeps at most about 250,000
     * (1 + CAP - n entries of n events each, largest for groups of 500).
     */
    static long maxEntries(int events) {
        return 1 + Math.max(0, CAP - events);
    }

    private void done(CompletableFuture<Void> sent, int events) {
        waiting.addAndGet(-events);
        sent.complete(null);
    }

    /** An event in the tail, with the pins it got (a single-concern event's stored record has none). */
    public record FedEvent(String eventId, List<EventRecord.Pin> pins) {
    }

    /**
     * The project's newest events, newest first, at most {@code limit}. Entries hold 1 to 1000 events, so they
     * are read in rounds: one entry first, then as many as the events per entry seen so far say are still
     * needed. A tail of full batches then costs one small read, not {@code limit} entries of 1000 ids each.
     */
    public List<FedEvent> newest(String projectId, int limit) {
        // A retried request that finishes a died attempt's event may have appended it twice: the newest counts.
        Set<String> seen = new HashSet<>();
        List<FedEvent> newest = new ArrayList<>(Math.min(limit, CAP));
        String end = "+";
        int count = 1;
        long entries = 0;
        long events = 0;
        while (true) {
            List<StreamMessage<String, String, String>> page = read(projectId, end, count);
            for (StreamMessage<String, String, String> message : page) {
                if (newest.size() == limit) {
                    break;
                }
                List<FedEvent> entry = decode(message.payload());
                for (int i = entry.size() - 1; i >= 0 && newest.size() < limit; i--) {
                    if (seen.add(entry.get(i).eventId())) {
                        newest.add(entry.get(i));
                    }
                }
                entries++;
                events += entry.size();
            }
            int missing = limit - newest.size();
            if (page.size() < count || missing == 0) {
                break;
            }
            end = "(" + page.get(page.size() - 1).id();
            count = Math.clamp(events == 0 ? missing : Math.ceilDiv(missing * entries, events), 1, missing);
        }
        return newest;
    }

    private List<StreamMessage<String, String, String>> read(String projectId, String end, int count) {
        try {
            return streams.xrevrange(key(projectId), StreamRange.of(end, "-"), count).await().atMost(READ_TIMEOUT);
        } catch (RuntimeException e) {
            Log.debugf(e, "Reading the event feed of %s failed", projectId);
            throw new ApiProblem(503, "feed-unavailable", "Recent events are unavailable",
                    "The cache (Redis) that keeps the recent events does not answer; events are still stored "
                            + "and objects can still be read. Try again when it is back.");
        }
    }

    /**
     * One entry's fields: {@code ids} "id,id,…" and {@code pins} "objectId=seq,objectId=seq;objectId=seq;…", one
     * pin list per id (possibly empty), both in the events' order. None of {@code , ; =} occurs in an event id
     * ({@code evt_<ULID>}, {@code hide_<id>}, maybe a {@code .<n>} suffix) or an object id.
     */
    static Map<String, String> fields(List<EventRecord> events) {
        StringBuilder ids = new StringBuilder(events.size() * 32);
        StringBuilder pins = new StringBuilder(events.size() * 16);
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                ids.append(',');
                pins.append(';');
            }
            ids.append(events.get(i).eventId());
            List<EventRecord.Pin> eventPins = events.get(i).pins();
            for (int p = 0; p < eventPins.size(); p++) {
                EventRecord.Pin pin = eventPins.get(p);
                pins.append(p > 0 ? "," : "").append(pin.objectId()).append('=').append(pin.seq());
            }
        }
        return Map.of("ids", ids.toString(), "pins", pins.toString());
    }

    /**
     * The events of one entry, in the order they were added. Also reads entries written before a group shared
     * an entry: {@code id} and {@code pins} of one event, which is the same encoding for a single event.
     */
    static List<FedEvent> decode(Map<String, String> fields) {
        String ids = fields.getOrDefault("ids", fields.get("id"));
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        String[] eventIds = ids.split(",");
        String[] pinLists = fields.getOrDefault("pins", "").split(";", -1);
        List<FedEvent> events = new ArrayList<>(eventIds.length);
        for (int i = 0; i < eventIds.length; i++) {
            events.add(new FedEvent(eventIds[i], parsePins(i < pinLists.length ? pinLists[i] : "")));
        }
        return events;
    }

    private static List<EventRecord.Pin> parsePins(String field) {
        List<EventRecord.Pin> pins = new ArrayList<>();
        if (!field.isEmpty()) {
            for (String pin : field.split(",")) {
                int sign = pin.lastIndexOf('=');
                pins.add(new EventRecord.Pin(pin.substring(0, sign), Long.parseLong(pin.substring(sign + 1))));
            }
        }
        return pins;
    }

    /** Logged once per outage, not once per event. */
    private void appendFailed(Throwable e) {
        if (failing.compareAndSet(false, true)) {
            Log.warnf("Events are stored, but the recent-events feed cannot be updated: %s", e.toString());
        }
    }
}
