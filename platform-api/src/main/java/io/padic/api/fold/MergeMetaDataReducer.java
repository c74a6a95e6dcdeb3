package io.padic.api.fold;

import io.padic.api.journal.PinnedEvent;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.ArrayList;
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
    public List<String> foldCapturing(String startJson, List<PinnedEvent> events, String accessLevel, int[] after) {
        List<String> states = new ArrayList<>(after.length);
        JsonValue state = parse(startJson);
        int applied = 0;
        for (int n : after) {
            for (; applied < n; applied++) {
                state = JSON.createMergePatch(parse(events.get(applied).metaData())).apply(state);
            }
            states.add(state.toString());
        }
        return states;
    }

    private static JsonValue parse(String json) {
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
