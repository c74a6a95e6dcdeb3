package io.padic.api.violations;

import io.padic.api.events.AfterWrite;
import io.padic.api.events.WrittenGroup;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * After a write, records what the flagged events of the group violated in the {@link ViolationLog}, all of the
 * group in one go (a few round trips per group, not per event, so a batch of flagged events is written about as fast
 * as a valid one), and announces the events recorded for the first time ({@link ViolationsRecorded}); a retry's
 * events recorded before are not.
 */
@ApplicationScoped
@Priority(100)
public class FlaggedEvents implements AfterWrite {

    private final ViolationLog log;
    private final Event<ViolationsRecorded> recorded;

    public FlaggedEvents(ViolationLog log, Event<ViolationsRecorded> recorded) {
        this.log = log;
        this.recorded = recorded;
    }

    @Override
    public void accept(WrittenGroup group) {
        Map<ViolationLog.Flagged, WrittenGroup.Written> writtenOf = new IdentityHashMap<>();
        List<ViolationLog.Flagged> flagged = new ArrayList<>();
        for (WrittenGroup.Written written : group.events()) {
            if (written.flagged()) {
                ViolationLog.Flagged f = new ViolationLog.Flagged(written.event(), written.verdict().flagged());
                writtenOf.put(f, written);
                flagged.add(f);
            }
        }
        if (flagged.isEmpty()) {
            return;
        }
        List<WrittenGroup.Written> fresh = log.recordAll(group.projectId(), flagged).stream().map(writtenOf::get)
                .toList();
        if (!fresh.isEmpty()) {
            recorded.fire(new ViolationsRecorded(group.projectId(), fresh));
        }
    }
}
