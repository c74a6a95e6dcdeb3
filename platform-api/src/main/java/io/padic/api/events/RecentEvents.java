package io.padic.api.events;

import static com.mongodb.client.model.Filters.in;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.padic.api.common.ApiProblem;
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
    private final PinRepository pins;

    public RecentEvents(EventFeed feed, EventStore store, PinRepository pins) {
        this.feed = feed;
        this.store = store;
        this.pins = pins;
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
        List<String> ids = feed.newest(scope.projectId(), limit);
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> keys = ids.stream().map(id -> StoreKeys.event(scope.projectId(), id)).toList();
        Map<String, Document> found = new HashMap<>();
        for (Document doc : store.events().find(in("_id", keys))) {
            found.put(doc.getString("eventId"), doc);
        }
        List<Recent> events = new ArrayList<>(ids.size());
        for (String id : ids) {
            Document doc = found.get(id);
            if (doc != null) {
                events.add(toRecent(doc, scope.projectId()));
            }
        }
        return events;
    }

    private Recent toRecent(Document doc, String projectId) {
        List<EventRecord.Pin> pinned = new ArrayList<>();
        for (Document pin : doc.getList("pins", Document.class, List.of())) {
            pinned.add(new EventRecord.Pin(pin.getString("objectId"), ((Number) pin.get("seq")).longValue()));
        }
        List<String> concerns = doc.getList("concerns", String.class);
        if (pinned.isEmpty() && concerns != null && concerns.size() == 1) {
            // A single-concern event does not list its pin on itself (EventWriter): its one pin is found by
            // the unique (project, object, event) index.
            pins.findByEvent(projectId, concerns.get(0), doc.getString("eventId"))
                    .ifPresent(pin -> pinned.add(new EventRecord.Pin(concerns.get(0), pin.seq())));
        }
        Date occurred = doc.getDate("occurredAt");
        return new Recent(doc.getString("eventId"), doc.getString("type"), doc.getInteger("typeVersion"),
                doc.getDate("createdAt").toInstant(), occurred == null ? null : occurred.toInstant(),
                concerns, doc.getString("metaData"), pinned);
    }
}
