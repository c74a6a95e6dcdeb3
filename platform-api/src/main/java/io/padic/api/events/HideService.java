package io.padic.api.events;

import io.padic.api.audit.Actor;
import io.padic.api.audit.AuditAction;
import io.padic.api.audit.AuditLog;
import io.padic.api.audit.Target;
import io.padic.api.common.ApiProblem;
import io.padic.api.fold.Hides;
import io.padic.api.journal.EventLookup;
import io.padic.api.journal.EventRecord;
import io.padic.api.journal.EventWriter;
import io.padic.api.journal.PinnedEvent;
import io.padic.api.projects.ControlPlaneCache;
import io.padic.api.projects.ProjectScope;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Hides an event without deleting it: a {@code $hide} system event naming the target is pinned to every
 * object the target concerns, so each object's seq grows and folds from then on skip the target.
 * The hide event's id is derived from the target's, which makes hiding twice a harmless repeat. Each hide that
 * is answered is recorded in the workspace's audit log, a repeat too: it names who asked, by session or API key.
 */
@ApplicationScoped
public class HideService {

    private final EventLookup lookup;
    private final EventWriter writer;
    private final ControlPlaneCache projects;
    private final AuditLog audit;

    public HideService(EventLookup lookup, EventWriter writer, ControlPlaneCache projects, AuditLog audit) {
        this.lookup = lookup;
        this.writer = writer;
        this.projects = projects;
        this.audit = audit;
    }

    public EventView hide(ProjectScope scope, String eventId, Actor actor) {
        EventRecord target = lookup.find(scope.projectId(), eventId)
                .orElseThrow(() -> ApiProblem.notFound("Event " + eventId));
        if (PinnedEvent.HIDE_TYPE.equals(target.type())) {
            throw ApiProblem.invalid("id", "is itself a hide; hidden events cannot be un-hidden this way");
        }
        target = pinned(scope, target);
        // The hide names where its target is on each object, so a fold needs no lookup to skip it.
        EventRecord hide = new EventRecord(scope.projectId(), "hide_" + target.eventId(), PinnedEvent.HIDE_TYPE, null,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), null, target.concerns(),
                Hides.metaData(target.eventId(), target.pins()), List.of(), false);
        EventView written = EventView.of(writer.write(hide, Map.of()));
        // A project deleted meanwhile has no workspace to record in; its events are unreachable anyway.
        projects.project(scope.projectId()).ifPresent(project -> audit.record(project.tenantId, actor,
                AuditAction.EVENT_HIDDEN, Target.event(project.id, eventId)));
        return written;
    }

    /** The target with all its pins: they must all precede the hide's, or a fold could meet the hide first. */
    private EventRecord pinned(ProjectScope scope, EventRecord target) {
        if (target.complete()) {
            return target;
        }
        if (target.takesClaims()) {
            return writer.write(target, Map.of()); // finishes what a writer that died left undone
        }
        // A single-object event without a key has one writer, which was done before anyone learnt its id.
        String objectId = target.concerns().get(0);
        long seq = lookup.seqOn(scope.projectId(), objectId, target.eventId())
                .orElseThrow(() -> ApiProblem.notFound("Event " + target.eventId()));
        return target.withPins(List.of(new EventRecord.Pin(objectId, seq)));
    }
}
