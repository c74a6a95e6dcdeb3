package io.padic.api.violations;

import io.padic.api.events.AfterWrite;
import io.padic.api.events.WrittenGroup;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

/**
 * After a write, records what each flagged event of the group violated in the {@link ViolationLog}, and announces
 * each event recorded for the first time ({@link ViolationsRecorded}); a retry's event recorded before is not.
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
        RuntimeException failure = null;
        for (WrittenGroup.Written written : group.events()) {
            if (!written.flagged()) {
                continue;
            }
            // One event's lost violations must not cost the others theirs; the failure is reported once, after.
            try {
                if (log.record(written.event(), written.verdict().flagged())) {
                    recorded.fire(new ViolationsRecorded(group.projectId(), written));
                }
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
