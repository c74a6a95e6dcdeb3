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
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
            List<String> concerns, @JsonRawValue @Schema(type = SchemaType.OBJECT) String metaData,
            List<EventRecord.Pin> pins) {
    }

    /** What a page of the tail asks for: at most {@code limit} events, of a type, about an object, older than one. */
    public record Filter(int limit, String type, String objectId, String before) {

        boolean narrows() {
            return type != null || objectId != null || before != null;
        }
    }

    /** A page of the tail, newest first; {@code next} (the last event's id) when older ones may follow. */
    public record Page(List<Recent> events, String next) {
    }

    /** Newest first; at most {@code limit} (1 to {@link EventFeed#CAP}). */
    public List<Recent> newest(ProjectScope scope, int limit) {
        return page(scope, new Filter(limit, null, null, null)).events();
    }

    /**
     * Newest first, filtered. Without a filter, the newest {@code limit} ids are read and looked up. With one, the
     * whole tail's ids ({@link EventFeed#CAP} at most) are read and looked up {@code limit} at a time until the page
     * is full: the tail keeps ids and pins only, so a type is known after the lookup; an object is known from the
     * pins and checked again on the event's concerns.
     */
    public Page page(ProjectScope scope, Filter filter) {
        int limit = filter.limit();
        if (limit < 1 || limit > EventFeed.CAP) {
            throw ApiProblem.invalid("limit", "must be between 1 and " + EventFeed.CAP);
        }
        List<EventFeed.FedEvent> fed = feed.newest(scope.projectId(), filter.narrows() ? EventFeed.CAP : limit);
        int start = 0;
        if (filter.before() != null) {
            while (start < fed.size() && !fed.get(start).eventId().equals(filter.before())) {
                start++;
            }
            start++; // past the cursor; past the whole tail when it has gone from it
        }
        List<Recent> events = new ArrayList<>(Math.min(limit, fed.size()));
        int position = start;
        while (position < fed.size() && events.size() < limit) {
            Map<String, List<EventRecord.Pin>> fedPins = new LinkedHashMap<>();
            List<EventFeed.FedEvent> chunk = new ArrayList<>();
            while (position < fed.size() && chunk.size() < limit) {
                EventFeed.FedEvent fedEvent = fed.get(position++);
                if (filter.objectId() == null || fedEvent.pins().isEmpty()
                        || fedEvent.pins().stream().anyMatch(p -> p.objectId().equals(filter.objectId()))) {
                    chunk.add(fedEvent);
                    fedPins.put(fedEvent.eventId(), fedEvent.pins());
                }
            }
            if (chunk.isEmpty()) {
                continue;
            }
            Map<String, EventRecord> found = lookup.findAll(scope.projectId(), fedPins);
            for (EventFeed.FedEvent fedEvent : chunk) {
                EventRecord event = found.get(fedEvent.eventId());
                if (event != null && events.size() < limit && matches(event, filter)) {
                    events.add(view(event));
                }
            }
        }
        boolean more = events.size() == limit && position < fed.size()
                || !filter.narrows() && fed.size() == limit;
        return new Page(events, more ? events.get(events.size() - 1).id() : null);
    }

    /** One event of the project by id, whether or not the tail still holds it. */
    public Optional<Recent> one(ProjectScope scope, String eventId) {
        return lookup.find(scope.projectId(), eventId).map(RecentEvents::view);
    }

    static Recent view(EventRecord event) {
        return new Recent(event.eventId(), event.type(), event.typeVersion(), event.createdAt(), event.occurredAt(),
                event.concerns(), event.metaData(), event.pins());
    }

    private static boolean matches(EventRecord event, Filter filter) {
        return (filter.type() == null || filter.type().equals(event.type()))
                && (filter.objectId() == null || event.concerns().contains(filter.objectId()));
    }
}
