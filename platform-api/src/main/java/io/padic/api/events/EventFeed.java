package io.padic.api.events;

import io.padic.api.common.ApiProblem;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XAddArgs;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The project's live tail of stored events: a Redis stream {@code feed:{<projectId>}} capped at about
 * {@link #CAP} entries (DESIGN §3), holding event ids only; the events themselves are read by id. Appending
 * happens in the background so that ingest never waits for Redis and never fails because of it; an event
 * whose append is lost (Redis down or far behind) is stored all the same and only missing from this tail.
 */
@ApplicationScoped
public class EventFeed {

    public static final int CAP = 1000;
    static final int MAX_WAITING = 10_000;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(EventFeed.class);

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

    /**
     * Adds a stored event to its project's tail, in the background. The appends are sent one after the other
     * (a pooled client would let a burst overtake itself and mix up the order); when Redis falls behind by
     * {@link #MAX_WAITING} events, further ones are left out of the tail.
     */
    public void append(EventRecord event) {
        if (waiting.incrementAndGet() > MAX_WAITING) {
            waiting.decrementAndGet();
            appendFailed(new IllegalStateException(MAX_WAITING + " events are waiting to be added"));
            return;
        }
        synchronized (this) {
            last = last.thenCompose(ignored -> send(event));
        }
    }

    private CompletableFuture<Void> send(EventRecord event) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        try {
            streams.xadd(key(event.projectId()), new XAddArgs().maxlen((long) CAP).nearlyExactTrimming(),
                    Map.of("id", event.eventId(), "pins", pinsField(event.pins())))
                    .subscribe().with(id -> {
                        failing.set(false);
                        done(sent);
                    }, e -> {
                        appendFailed(e);
                        done(sent);
                    });
        } catch (RuntimeException e) {
            appendFailed(e);
            done(sent);
        }
        return sent;
    }

    private void done(CompletableFuture<Void> sent) {
        waiting.decrementAndGet();
        sent.complete(null);
    }

    /** An event in the tail, with the pins it got (a single-concern event's stored record has none). */
    public record Entry(String eventId, List<EventRecord.Pin> pins) {
    }

    /** The project's newest events, newest first. */
    public List<Entry> newest(String projectId, int limit) {
        List<StreamMessage<String, String, String>> messages;
        try {
            messages = streams.xrevrange(key(projectId), StreamRange.of("+", "-"), limit).await().atMost(READ_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.debugf(e, "Reading the event feed of %s failed", projectId);
            throw new ApiProblem(503, "feed-unavailable", "Recent events are unavailable",
                    "The cache (Redis) that keeps the recent events does not answer; events are still stored "
                            + "and objects can still be read. Try again when it is back.");
        }
        // A retried request that finishes a died attempt's event may have appended it twice.
        Set<String> ids = new LinkedHashSet<>();
        List<Entry> entries = new ArrayList<>(messages.size());
        for (StreamMessage<String, String, String> message : messages) {
            String id = message.payload().get("id");
            if (id != null && ids.add(id)) {
                entries.add(new Entry(id, parsePins(message.payload().get("pins"))));
            }
        }
        return entries;
    }

    // "objectId=seq,objectId=seq": neither sign belongs to the object id alphabet.
    static String pinsField(List<EventRecord.Pin> pins) {
        StringBuilder out = new StringBuilder();
        for (EventRecord.Pin pin : pins) {
            out.append(out.isEmpty() ? "" : ",").append(pin.objectId()).append('=').append(pin.seq());
        }
        return out.toString();
    }

    static List<EventRecord.Pin> parsePins(String field) {
        List<EventRecord.Pin> pins = new ArrayList<>();
        if (field != null && !field.isEmpty()) {
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
            LOG.warnf("Events are stored, but the recent-events feed cannot be updated: %s", e.toString());
        }
    }
}
