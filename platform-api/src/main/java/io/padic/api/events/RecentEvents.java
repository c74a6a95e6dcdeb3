package io.padic.api.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.padic.api.common.ApiProblem;
import io.padic.api.journal.EventLookup;
import io.padic.api.journal.EventRecord;
import io.padic.api.projects.ProjectScope;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The project's most recent events: ids from the {@link EventFeed}, the events from the journal by id. */
@ApplicationScoped
public class RecentEvents {

    public static final int DEFAULT_LIMIT = 50;

    private final EventFeed feed;
    private final EventLookup lookup;

    public RecentEvents(EventFeed feed, EventLookup lookup) {
        this.feed = feed;
        this.lookup = lookup;
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
        Map<String, List<EventRecord.Pin>> fedPins = new LinkedHashMap<>();
        for (EventFeed.FedEvent fedEvent : fed) {
            fedPins.put(fedEvent.eventId(), fedEvent.pins());
        }
        Map<String, EventRecord> found = lookup.findAll(scope.projectId(), fedPins);
        List<Recent> events = new ArrayList<>(fed.size());
        for (EventFeed.FedEvent fedEvent : fed) {
            EventRecord event = found.get(fedEvent.eventId());
            if (event != null) {
                events.add(new Recent(event.eventId(), event.type(), event.typeVersion(), event.createdAt(),
                        event.occurredAt(), event.concerns(), event.metaData(), event.pins()));
            }
        }
        return events;
    }
}
