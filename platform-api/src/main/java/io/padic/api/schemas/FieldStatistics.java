package io.padic.api.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.MongoException;
import io.padic.api.inference.FieldStatsStore;
import io.padic.api.inference.Observation;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Running field statistics of flagged events, from which event-type definitions are suggested
 * ({@code GET .../event-types/inferred}): all of metaData for an undeclared type, only the unknown fields
 * of a declared one. Costs one read and one upsert per flagged event (see {@link FieldStatsStore}).
 */
@ApplicationScoped
public class FieldStatistics {

    private static final Logger LOG = Logger.getLogger(FieldStatistics.class);

    private final FieldStatsStore store;

    public FieldStatistics(FieldStatsStore store) {
        this.store = store;
    }

    public void observe(String projectId, String type, JsonNode metaData, SchemaGate.Verdict verdict) {
        Observation observation = verdict.undeclared() ? Observation.ofAll(metaData)
                : Observation.ofUnknown(metaData, verdict.flagged());
        int version = verdict.typeVersion() == null ? 0 : verdict.typeVersion();
        try {
            store.record(projectId, type, version, observation);
        } catch (MongoException e) {
            // The event is already stored and acknowledged next; statistics are advice, so losing one
            // observation beats answering 500 for a write that succeeded (and inviting a duplicate retry).
            LOG.warnf(e, "Field statistics of a %s event in project %s were not recorded", type, projectId);
        }
    }
}
