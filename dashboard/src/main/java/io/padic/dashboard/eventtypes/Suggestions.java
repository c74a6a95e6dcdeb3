package io.padic.dashboard.eventtypes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.padic.dashboard.client.EventTypesApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Schema inference as the event-type pages show it: each suggested field with the type and requirement it would
 * get and how often it was seen, and the definition one click saves as the type's next version.
 */
public final class Suggestions {

    /** A field of a suggestion: its path, the type it would be declared with, and how often it was seen. */
    public record SuggestedField(String path, String type, boolean required, long events, double rate) {

        /** The share of flagged events that held it, as a whole percentage ("25%"; "<1%" rather than "0%"). */
        public String percent() {
            long whole = Math.round(rate * 100);
            return whole == 0 && events > 0 ? "<1%" : whole + "%";
        }
    }

    /** One type's suggestion: how many flagged events it rests on, the version it would become, its fields. */
    public record Suggestion(String name, long events, Integer basedOnVersion, List<SuggestedField> fields) {

        public boolean isUndeclared() {
            return basedOnVersion == null;
        }

        public int nextVersion() {
            return basedOnVersion == null ? 1 : basedOnVersion + 1;
        }

        public String eventsText() {
            return events == 1 ? "1 flagged event" : String.format(Locale.ROOT, "%,d flagged events", events);
        }
    }

    private Suggestions() {
    }

    static Suggestion of(EventTypesApi.Inferred inferred) {
        List<SuggestedField> fields = new ArrayList<>();
        for (EventTypesApi.Observed observed : inferred.observed()) {
            JsonNode field = find(inferred.definition() == null ? null : inferred.definition().path("fields"),
                    observed.path());
            fields.add(new SuggestedField(observed.path(), field == null ? "any" : field.path("type").asText("any"),
                    field != null && field.path("required").asBoolean(false), observed.events(), observed.rate()));
        }
        return new Suggestion(inferred.name(), inferred.events(), inferred.basedOnVersion(), fields);
    }

    static Optional<EventTypesApi.Inferred> forType(List<EventTypesApi.Inferred> all, String name) {
        return all.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /**
     * What adopting saves: the suggestion's definition, keeping the current version's {@code invalidEvents} (a
     * suggestion does not carry it, and saving without it would put the type back to the default, reject).
     */
    static ObjectNode toSave(EventTypesApi.Inferred inferred, EventTypesApi.EventType current) {
        ObjectNode definition = inferred.definition().deepCopy();
        if (current != null && current.invalidEvents() != null && !definition.has("invalidEvents")) {
            definition.put("invalidEvents", current.invalidEvents());
        }
        return definition;
    }

    /** The field at a dotted path ({@code a.b}, {@code a[]}: array items) among {@code fields}, or null. */
    private static JsonNode find(JsonNode fields, String path) {
        JsonNode level = fields;
        JsonNode found = null;
        for (String segment : path.split("\\.")) {
            boolean items = segment.endsWith("[]");
            String name = items ? segment.substring(0, segment.length() - 2) : segment;
            found = null;
            if (level != null && level.isArray()) {
                for (JsonNode field : level) {
                    if (name.equals(field.path("name").asText())) {
                        found = field;
                    }
                }
            }
            if (found == null) {
                return null;
            }
            JsonNode inner = items ? found.path("items") : found;
            level = inner.path("fields");
        }
        return found;
    }
}
