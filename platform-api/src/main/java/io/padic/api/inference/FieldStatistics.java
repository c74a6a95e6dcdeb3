package io.padic.api.inference;

import com.mongodb.MongoException;
import io.padic.api.events.WrittenGroup;
import io.padic.api.violations.ViolationsRecorded;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Running field statistics of flagged events, from which event-type definitions are suggested
 * ({@code GET .../event-types/inferred}): all of metaData for an undeclared type, only the unknown fields
 * of a declared one. Each flagged event counts once, when the violation log records it for the first time.
 * Costs one read and one upsert per flagged event (see {@link FieldStatsStore}).
 */
@ApplicationScoped
public class FieldStatistics {

    private final FieldStatsStore store;

    public FieldStatistics(FieldStatsStore store) {
        this.store = store;
    }

    void observe(@Observes ViolationsRecorded recorded) {
        WrittenGroup.Written written = recorded.written();
        String type = written.event().type();
        Observation observation = written.verdict().undeclared() ? Observation.ofAll(written.metaData())
                : Observation.ofUnknown(written.metaData(), written.verdict().flagged());
        int version = written.verdict().typeVersion() == null ? 0 : written.verdict().typeVersion();
        try {
            store.record(recorded.projectId(), type, version, observation);
        } catch (MongoException e) {
            // The event is already stored and acknowledged next; statistics are advice, so losing one
            // observation beats answering 500 for a write that succeeded (and inviting a duplicate retry).
            Log.warnf(e, "Field statistics of a %s event in project %s were not recorded", type, recorded.projectId());
        }
    }
}
