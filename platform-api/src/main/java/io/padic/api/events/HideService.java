package io.padic.api.events;

import io.padic.api.common.ApiProblem;
import io.padic.api.projects.ProjectScope;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Hides an event without deleting it: a {@code $hide} system event naming the target is pinned to every
 * object the target concerns, so each object's seq grows and folds from then on skip the target.
 * The hide event's id is derived from the target's, which makes hiding twice a harmless repeat.
 */
@ApplicationScoped
public class HideService {

    private final EventRepository events;
    private final EventWriter writer;

    public HideService(EventRepository events, EventWriter writer) {
        this.events = events;
        this.writer = writer;
    }

    public EventView hide(ProjectScope scope, String eventId) {
        EventRecord target = events.find(scope.projectId(), eventId)
                .orElseThrow(() -> ApiProblem.notFound("Event " + eventId));
        if (PinnedEvent.HIDE_TYPE.equals(target.type())) {
            throw ApiProblem.invalid("id", "is itself a hide; hidden events cannot be un-hidden this way");
        }
        if (!target.complete()) {
            // Its pins must all precede the hide's, or a fold could meet the hide before its target.
            target = writer.write(target, Map.of());
        }
        String metaData = "{\"target\":\"" + target.eventId() + "\"}";
        EventRecord hide = new EventRecord(scope.projectId(), "hide_" + target.eventId(), PinnedEvent.HIDE_TYPE, null,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), null, target.concerns(), metaData, List.of());
        return EventView.of(writer.write(hide, Map.of()));
    }
}
