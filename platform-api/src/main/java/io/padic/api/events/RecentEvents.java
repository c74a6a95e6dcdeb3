package io.padic.api.events;

import static com.mongodb.client.model.Filters.in;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.padic.api.common.ApiProblem;
import io.padic.api.journal.EventRecord;
import io.padic.api.projects.ProjectScope;
import io.padic.api.store.EventStore;
import io.padic.api.store.StoreKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/** The project's most recent events: ids from the {@link EventFeed}, events by a {@code $in} of computed ids. */
@ApplicationScoped
public class RecentEvents {

    public static final int DEFAULT_LIMIT = 50;

    private final EventFeed feed;
    private final EventStore store;

    public RecentEvents(EventFeed feed, EventStore store) {
        this.feed = feed;
        this.store = store;
    }

    /** A stored event as the recent-events view shows it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Recent(String id, String type, Integer typeVersion, Instant createdAt, Instant occurredAt,
            List<String> concerns, @JsonRawValue String metaData, List<EventRecord.Pin> pins) {
    }

    /** Newest first; at most {@code limit} (1 to {@link EventFeed#CAP}). */
    public List<Recent> newest(ProjectScope scope, int limit) {
        if (limit < 1 || limit > EventFeed.CAP) {
            throw ApiProblem.invalid("limit", "must be between 1 and " + EventFeed.CAP);
        }
        List<EventFeed.FedEvent> fed = feed.newest(scope.projectId(), limit);
        if (fed.isEmpty()) {
            return List.of();
        }
        List<String> keys = fed.stream().map(e -> StoreKeys.event(scope.projectId(), e.eventId())).toList();
        Map<String, Document> found = new HashMap<>();
        for (Document doc : store.events().find(in("_id", keys))) {
            found.put(doc.getString("eventId"), doc);
        }
        // Single-object events of a batch have no document of their own: their pin is the record.
        List<String> pinKeys = new ArrayList<>();
        for (EventFeed.FedEvent fedEvent : fed) {
            if (!found.containsKey(fedEvent.eventId()) && !fedEvent.pins().isEmpty()) {
                EventRecord.Pin pin = fedEvent.pins().get(0);
                pinKeys.add(StoreKeys.pin(scope.projectId(), pin.objectId(), pin.seq()));
            }
        }
        Map<String, Document> pinned = new HashMap<>();
        if (!pinKeys.isEmpty()) {
            for (Document doc : store.pins().find(in("_id", pinKeys))) {
                pinned.put(doc.getString("eventId"), doc);
            }
        }
        List<Recent> events = new ArrayList<>(fed.size());
        for (EventFeed.FedEvent fedEvent : fed) {
            Document doc = found.get(fedEvent.eventId());
            if (doc != null) {
                events.add(toRecent(doc, fedEvent.pins()));
            } else if (pinned.containsKey(fedEvent.eventId())) {
                events.add(toRecent(pinned.get(fedEvent.eventId()), fedEvent.pins()));
            }
        }
        return events;
    }

    private static Recent toRecent(Document doc, List<EventRecord.Pin> fedPins) {
        List<EventRecord.Pin> pins = new ArrayList<>();
        for (Document pin : doc.getList("pins", Document.class, List.of())) {
            pins.add(new EventRecord.Pin(pin.getString("objectId"), ((Number) pin.get("seq")).longValue()));
        }
        Date occurred = doc.getDate("occurredAt");
        return new Recent(doc.getString("eventId"), doc.getString("type"), doc.getInteger("typeVersion"),
                doc.getDate("createdAt").toInstant(), occurred == null ? null : occurred.toInstant(),
                doc.getList("concerns", String.class), doc.getString("metaData"), pins.isEmpty() ? fedPins : pins);
    }
}
