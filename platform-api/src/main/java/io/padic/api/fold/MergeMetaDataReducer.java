package io.padic.api.fold;

import io.padic.api.events.PinnedEvent;
import io.padic.api.projects.ProjectScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;

/**
 * The default reducer, {@code return event.metaData;}: each event's metaData is applied to the state as
 * an RFC 7396 JSON Merge Patch (Parsson's implementation), so {@code null} deletes a member.
 */
@ApplicationScoped
public class MergeMetaDataReducer implements Reducer {

    @Override
    public JsonObject fold(ProjectScope scope, JsonObject start, List<PinnedEvent> events) {
        JsonValue state = start;
        for (PinnedEvent event : events) {
            state = Json.createMergePatch(parse(event.metaData())).apply(state);
        }
        return state.asJsonObject();
    }

    static JsonValue parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
