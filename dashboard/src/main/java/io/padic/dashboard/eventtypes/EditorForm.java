package io.padic.dashboard.eventtypes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.padic.dashboard.client.EventTypesApi;
import io.padic.dashboard.web.FormErrors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The event-type editor's form: what the page shows and what a post sends back. The fields table posts one list
 * per column ({@code fieldName}, {@code fieldType}, …), one entry per row; nested definitions of object and array
 * fields ride along as JSON in a hidden column, since the table edits only the top level.
 */
public record EditorForm(String name, String objectType, String unknownFields, String invalidEvents,
        String applyEvent, List<FieldRow> rows) {

    public static final List<String> FIELD_TYPES = List.of("string", "number", "integer", "boolean", "timestamp",
            "object", "array", "any");
    public static final List<String> UNKNOWN_FIELDS = List.of("allow", "flag", "reject");
    /** platform-api's default when a type does not say (and what versions saved before the policy existed mean). */
    public static final String DEFAULT_INVALID_EVENTS = "reject";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One row of the fields table, with the messages platform-api gave for it. */
    public record FieldRow(String name, String type, boolean required, String description, String nested,
            Map<String, String> errors) {

        public String error(String column) {
            return errors.getOrDefault(column, "");
        }
    }

    /** Nested definitions kept for object and array fields. */
    record Nested(List<EventTypesApi.Field> fields, EventTypesApi.Field items) {
    }

    public static EditorForm blank() {
        return new EditorForm("", "", "allow", DEFAULT_INVALID_EVENTS, "return event.metaData;",
                List.of(new FieldRow("", "string", false, "", "", Map.of())));
    }

    public static EditorForm of(EventTypesApi.EventType type) {
        List<FieldRow> rows = type.fields().stream()
                .map(f -> new FieldRow(f.name(), f.type(), f.isRequired(), nullToEmpty(f.description()), nestedOf(f),
                        Map.of()))
                .toList();
        return new EditorForm(type.name(), nullToEmpty(type.objectType()),
                type.unknownFields() == null ? "allow" : type.unknownFields(), invalidEventsOf(type),
                nullToEmpty(type.applyEvent()), rows);
    }

    /**
     * The form as posted, for the event type {@code name} (the posted name for a new type, the page's for an
     * existing one); the column lists are as long as the table had rows.
     */
    static EditorForm posted(String name, EditorPost post) {
        List<FieldRow> rows = new ArrayList<>();
        for (int i = 0; i < post.fieldName.size(); i++) {
            rows.add(new FieldRow(post.fieldName.get(i), at(post.fieldType, i, "string"),
                    "required".equals(at(post.fieldRequired, i, "")), at(post.fieldDescription, i, ""),
                    at(post.fieldNested, i, ""), Map.of()));
        }
        return new EditorForm(nullToEmpty(name), nullToEmpty(post.objectType), post.unknownFields, post.invalidEvents,
                nullToEmpty(post.applyEvent), rows);
    }

    /** The definition to PUT. Rows left entirely empty are ignored (a new table starts with one). */
    public EventTypesApi.Definition definition() {
        List<EventTypesApi.Field> fields = new ArrayList<>();
        for (FieldRow row : rows) {
            if (row.name().isBlank() && row.description().isBlank()) {
                continue;
            }
            Nested nested = parseNested(row.nested());
            fields.add(new EventTypesApi.Field(row.name().trim(), row.type(), row.required() ? Boolean.TRUE : null,
                    row.description().isBlank() ? null : row.description(),
                    "object".equals(row.type()) && nested != null ? nested.fields() : null,
                    "array".equals(row.type()) && nested != null ? nested.items() : null));
        }
        return new EventTypesApi.Definition(objectType.isBlank() ? null : objectType.trim(), fields, unknownFields,
                invalidEvents == null || invalidEvents.isBlank() ? null : invalidEvents,
                applyEvent.isBlank() ? null : applyEvent);
    }

    /**
     * The names platform-api may give errors for, as the page shows them. Rows that were skipped as empty shift
     * the indexes, so the posted row index is mapped to the index sent.
     */
    public Set<String> shownFields() {
        Set<String> shown = new HashSet<>(Set.of("name", "objectType", "unknownFields", "invalidEvents",
                "applyEvent", "fields"));
        for (int sent = 0; sent < sentRowIndexes().size(); sent++) {
            for (String column : List.of("", ".name", ".type", ".required", ".description")) {
                shown.add("fields[" + sent + "]" + column);
            }
        }
        return shown;
    }

    /** This form with the row messages of {@code errors} placed on their rows. */
    public EditorForm withRowErrors(FormErrors errors) {
        List<Integer> sent = sentRowIndexes();
        List<FieldRow> withErrors = new ArrayList<>(rows);
        for (int s = 0; s < sent.size(); s++) {
            String prefix = "fields[" + s + "]";
            Map<String, String> rowErrors = new LinkedHashMap<>();
            errors.under(prefix + ".").forEach(rowErrors::put);
            if (errors.has(prefix)) {
                rowErrors.put("name", errors.get(prefix));
            }
            FieldRow row = rows.get(sent.get(s));
            withErrors.set(sent.get(s), new FieldRow(row.name(), row.type(), row.required(), row.description(),
                    row.nested(), rowErrors));
        }
        return new EditorForm(name, objectType, unknownFields, invalidEvents, applyEvent, withErrors);
    }

    private List<Integer> sentRowIndexes() {
        List<Integer> sent = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (!(rows.get(i).name().isBlank() && rows.get(i).description().isBlank())) {
                sent.add(i);
            }
        }
        return sent;
    }

    /** The type's invalidEvents policy, platform-api's default when the answer has none. */
    static String invalidEventsOf(EventTypesApi.EventType type) {
        return type.invalidEvents() == null ? DEFAULT_INVALID_EVENTS : type.invalidEvents();
    }

    private static String nestedOf(EventTypesApi.Field field) {
        if (field.fields() == null && field.items() == null) {
            return "";
        }
        try {
            return JSON.writeValueAsString(new Nested(field.fields(), field.items()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a field definition as JSON", e);
        }
    }

    private static Nested parseNested(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return JSON.readValue(json, Nested.class);
        } catch (JsonProcessingException e) {
            // Only this page writes the column; if it was tampered with, the nested part is simply dropped.
            return null;
        }
    }

    private static String at(List<String> values, int i, String otherwise) {
        return values != null && i < values.size() && values.get(i) != null ? values.get(i) : otherwise;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
