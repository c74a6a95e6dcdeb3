package io.padic.api.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;

/** Running field statistics of flagged events, from which event-type definitions are suggested. */
@ApplicationScoped
public class FieldStatistics {

    public void observe(String projectId, String type, JsonNode metaData, SchemaGate.Verdict verdict) {
        // Filled in by the inference work of the schemas issue.
    }
}
