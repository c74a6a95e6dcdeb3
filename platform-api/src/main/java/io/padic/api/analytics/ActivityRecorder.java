package io.padic.api.analytics;

import io.padic.api.common.PadicConfig;
import io.padic.api.events.AfterWrite;
import io.padic.api.events.WrittenGroup;
import io.padic.api.journal.EventRecord;
import io.padic.api.journal.PinsRepaired;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * After a write, notes per object the highest seq it was pinned at, in memory only: ingest pays no store round trip
 * for analytics. The {@link AnalyticsFlusher} takes the notes and counts each object's pins up to that seq from the
 * journal (docs/design.md#analytics). A group handed over twice notes the same seqs again, which counts nothing twice.
 */
@ApplicationScoped
@Priority(50)
public class ActivityRecorder implements AfterWrite {

    /** An object of a project. */
    record ObjectRef(String projectId, String objectId) {
    }

    /** The object's type (null if the noter did not know it) and the highest seq noted for it. */
    record Hint(String objectType, long seq) {

        Hint higher(Hint other) {
            Hint higher = other.seq > seq ? other : this;
            String type = objectType != null ? objectType : other.objectType;
            return new Hint(type, higher.seq);
        }
    }

    private final Map<ObjectRef, Hint> hints = new ConcurrentHashMap<>();
    private final int flushAt;
    private final boolean enabled;
    private volatile Runnable full = () -> {
    };

    public ActivityRecorder(PadicConfig config) {
        this.flushAt = config.analytics().flushAt();
        this.enabled = config.analytics().enabled();
    }

    @Override
    public void accept(WrittenGroup group) {
        if (!enabled) {
            return;
        }
        for (WrittenGroup.Written written : group.events()) {
            for (EventRecord.Pin pin : written.event().pins()) {
                note(new ObjectRef(group.projectId(), pin.objectId()),
                        new Hint(group.objectType(pin.objectId()), pin.seq()));
            }
        }
        if (hints.size() >= flushAt) {
            full.run();
        }
    }

    /** The pins the repair sweep added reach no after-write consumer; their objects' types are read when counted. */
    void repaired(@Observes PinsRepaired repaired) {
        if (!enabled) {
            return;
        }
        for (EventRecord.Pin pin : repaired.event().pins()) {
            note(new ObjectRef(repaired.event().projectId(), pin.objectId()), new Hint(null, pin.seq()));
        }
    }

    void note(ObjectRef object, Hint hint) {
        hints.merge(object, hint, Hint::higher);
    }

    /** Called when the notes reach {@code padic.analytics.flush-at} objects. */
    void whenFull(Runnable action) {
        this.full = action;
    }

    /** Takes every note; notes added meanwhile are either taken or left for the next time. */
    List<Map.Entry<ObjectRef, Hint>> drain() {
        List<Map.Entry<ObjectRef, Hint>> taken = new ArrayList<>(hints.size());
        for (ObjectRef object : hints.keySet()) {
            Hint hint = hints.remove(object);
            if (hint != null) {
                taken.add(Map.entry(object, hint));
            }
        }
        return taken;
    }
}
