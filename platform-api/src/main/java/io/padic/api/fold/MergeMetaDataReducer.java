package io.padic.api.fold;

import io.padic.api.events.PinnedEvent;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;

/**
 * The default reducer, {@code return event.metaData;}, without starting JavaScript: each event's metaData
 * is applied to the state as an RFC 7396 JSON Merge Patch (Parsson's implementation), so {@code null}
 * deletes a member.
 */
public final class MergeMetaDataReducer implements Reducer {

    public static final MergeMetaDataReducer INSTANCE = new MergeMetaDataReducer();
    /** Looked up once: Json.createReader() and friends search the class path for a provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private MergeMetaDataReducer() {
    }

    @Override
    public String fold(String startJson, List<PinnedEvent> events, String accessLevel) {
        JsonValue state = parse(startJson);
        for (PinnedEvent event : events) {
            state = JSON.createMergePatch(parse(event.metaData())).apply(state);
        }
        return state.toString();
    }

    static JsonValue parse(String json) {
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
