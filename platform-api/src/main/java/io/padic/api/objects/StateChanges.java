package io.padic.api.objects;

import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;

/**
 * What an event changed in a state, as an RFC 7396 JSON Merge Patch (Parsson's diff): members set to their new
 * value, removed members {@code null}, nested objects as patches of their own, arrays whole. Applying it to the
 * state before gives the state after, exactly as the fold merges a reducer's delta (states hold no null member).
 */
final class StateChanges {

    /** Looked up once: Json.createReader() and friends search the class path for a provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private StateChanges() {
    }

    static String between(String before, String after) {
        return JSON.createMergeDiff(parse(before), parse(after)).toJsonValue().toString();
    }

    private static JsonValue parse(String json) {
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
