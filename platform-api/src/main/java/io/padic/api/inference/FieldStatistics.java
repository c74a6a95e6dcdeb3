package io.padic.api.inference;

import com.mongodb.MongoException;
import io.padic.api.events.WrittenGroup;
import io.padic.api.violations.ViolationsRecorded;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Running field statistics of flagged events, from which event-type definitions are suggested
 * ({@code GET .../event-types/inferred}): all of metaData for an undeclared type, only the unknown fields
 * of a declared one. Each flagged event counts once, when the violation log records it for the first time.
 * The events of one type (and version) in one written group are added together: one read and one upsert per type
 * and group, not per event (see {@link FieldStatsStore}).
 */
@ApplicationScoped
public class FieldStatistics {

    private record TypeAndVersion(String type, int version) implements Comparable<TypeAndVersion> {

        @Override
        public int compareTo(TypeAndVersion other) {
            int byType = type.compareTo(other.type);
            return byType != 0 ? byType : Integer.compare(version, other.version);
        }
    }

    private final FieldStatsStore store;

    public FieldStatistics(FieldStatsStore store) {
        this.store = store;
    }

    void observe(@Observes ViolationsRecorded recorded) {
        // Older versions first, as events checked one by one would be: a newer one then starts the type afresh.
        Map<TypeAndVersion, List<Observation>> byType = new TreeMap<>();
        for (WrittenGroup.Written written : recorded.written()) {
            Observation observation = written.verdict().undeclared() ? Observation.ofAll(written.metaData())
                    : Observation.ofUnknown(written.metaData(), written.verdict().flagged());
            int version = written.verdict().typeVersion() == null ? 0 : written.verdict().typeVersion();
            byType.computeIfAbsent(new TypeAndVersion(written.event().type(), version), k -> new ArrayList<>())
                    .add(observation);
        }
        byType.forEach((key, observations) -> {
            try {
                store.record(recorded.projectId(), key.type(), key.version(), Observation.merged(observations),
                        observations.size());
            } catch (MongoException e) {
                // The events are already stored and acknowledged next; statistics are advice, so losing some
                // observations beats answering 500 for a write that succeeded (and inviting a duplicate retry).
                Log.warnf(e, "Field statistics of %d %s event(s) in project %s were not recorded",
                        observations.size(), key.type(), recorded.projectId());
            }
        });
    }
}
