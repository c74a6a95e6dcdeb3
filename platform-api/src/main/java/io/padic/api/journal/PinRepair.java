package io.padic.api.journal;

import io.padic.api.common.PadicConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Completes multi-concern events whose writer died half way (docs/design.md#writing-an-event): every pending entry
 * older than the grace period is written again, which pins only what is missing.
 */
@ApplicationScoped
public class PinRepair {
    private static final int BATCH = 500;

    private final EventRepository events;
    private final EventWriter writer;
    private final Duration grace;
    private final Event<PinsRepaired> repaired;

    public PinRepair(EventRepository events, EventWriter writer, PadicConfig config, Event<PinsRepaired> repaired) {
        this.events = events;
        this.writer = writer;
        this.grace = config.repair().grace();
        this.repaired = repaired;
    }

    @Scheduled(every = "${padic.repair.every}", delayed = "${padic.repair.delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        int repaired = repairOlderThan(Instant.now().minus(grace));
        if (repaired > 0) {
            Log.infof("Repair completed the pinning of %d interrupted event(s)", repaired);
        }
    }

    /** Completes pending events started before {@code before}; returns how many it handled. */
    public int repairOlderThan(Instant before) {
        int handled = 0;
        for (EventRepository.Pending pending : events.pendingBefore(before, BATCH)) {
            String projectId = pending.projectId();
            String eventId = pending.eventId();
            var event = events.find(projectId, eventId); // repairs only multi-object events, which have their own
            if (event.isPresent()) {
                repaired.fire(new PinsRepaired(writer.write(event.get(), Map.of())));
            } else {
                // The writer died before storing the event itself: nothing of it is visible anywhere.
                events.removePending(projectId, eventId);
            }
            handled++;
        }
        return handled;
    }
}
