package io.padic.api.events;

import io.padic.api.journal.EventRecord;
import java.time.Instant;
import java.util.List;

/** The answer to a write: the event's id and where it was pinned. */
public record EventView(String id, String type, Instant createdAt, List<EventRecord.Pin> pins) {

    static EventView of(EventRecord event) {
        return new EventView(event.eventId(), event.type(), event.createdAt(), event.pins());
    }
}
