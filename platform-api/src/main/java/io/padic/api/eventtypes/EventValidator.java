package io.padic.api.eventtypes;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.padic.api.common.ApiProblem.FieldError;
import io.padic.api.schemas.SchemaCompiler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates an event's metaData against its type's version with networknt's JSON Schema validator. A
 * version never changes, so its compiled schema is built once and kept.
 */
@ApplicationScoped
public class EventValidator {

    /** Violations of declared fields, and fields that the type does not declare. */
    public record Outcome(List<FieldError> invalid, List<FieldError> unknown) {
        public boolean clean() {
            return invalid.isEmpty() && unknown.isEmpty();
        }
    }

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    public Outcome validate(EventTypeVersion type, JsonNode metaData) {
        return validate(compiled.computeIfAbsent(type.id, id -> registry.getSchema(schemaOf(type))), metaData);
    }

    /** Validates against a definition not saved yet (the editor's test panel): compiled for this one call. */
    public Outcome validateDraft(EventTypeVersion draft, JsonNode metaData) {
        return validate(registry.getSchema(schemaOf(draft)), metaData);
    }

    private static Outcome validate(Schema schema, JsonNode metaData) {
        List<Error> errors = schema.validate(metaData,
                context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
        List<FieldError> invalid = new ArrayList<>();
        List<FieldError> unknown = new ArrayList<>();
        for (Error error : errors) {
            String field = fieldOf(error);
            switch (error.getKeyword()) {
                case "additionalProperties" -> unknown.add(new FieldError(field, "is not a declared field"));
                case "required" -> invalid.add(new FieldError(field, "is required"));
                case "format" -> invalid.add(new FieldError(field,
                        "must be an ISO-8601 timestamp with a time zone, such as 2026-01-31T12:00:00Z"));
                case "type" -> invalid.add(new FieldError(field, typeMessage(error)));
                default -> invalid.add(new FieldError(field, messageOf(error)));
            }
        }
        return new Outcome(invalid, unknown);
    }

    public static JsonNode schemaOf(EventTypeVersion type) {
        return SchemaCompiler.compile(schemaId(type), type.name, type.fields, type.unknownFields);
    }

    static String schemaId(EventTypeVersion type) {
        return "https://padic.io/schemas/" + type.projectId + "/" + type.name + "/v" + type.version;
    }

    /** {@code metaData.address.city}, {@code metaData.lines[2].sku}: where in the event the problem is. */
    private static String fieldOf(Error error) {
        StringBuilder out = new StringBuilder("metaData");
        var location = error.getInstanceLocation();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                out.append('.').append(element);
            }
        }
        if (("required".equals(error.getKeyword()) || "additionalProperties".equals(error.getKeyword()))
                && error.getProperty() != null) {
            out.append('.').append(error.getProperty());
        }
        return out.toString();
    }

    /** "must be integer or null, not number": the declared types against the JSON type that came. */
    private static String typeMessage(Error error) {
        JsonNode expected = error.getSchemaNode();
        List<String> types = new ArrayList<>();
        if (expected != null && expected.isArray()) {
            expected.forEach(t -> types.add(t.asText()));
        } else if (expected != null && expected.isTextual()) {
            types.add(expected.asText());
        }
        if (types.isEmpty()) {
            return messageOf(error);
        }
        return "must be " + String.join(" or ", types) + ", not " + jsonType(error.getInstanceNode());
    }

    private static String jsonType(JsonNode value) {
        if (value == null || value.isNull()) {
            return "null";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isNumber()) {
            return "number";
        }
        if (value.isTextual()) {
            return "string";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        return value.isArray() ? "array" : "object";
    }

    private static String messageOf(Error error) {
        String message = error.getMessage();
        int colon = message.indexOf(": ");
        return colon > 0 && (message.startsWith("$") || message.startsWith("/")) ? message.substring(colon + 2)
                : message;
    }
}
