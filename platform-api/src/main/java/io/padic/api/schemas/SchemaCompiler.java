package io.padic.api.schemas;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Writes an event type's fields as a JSON Schema (2020-12) for its metaData. Optional fields also accept
 * {@code null}, because null in a delta deletes a member (RFC 7396); required fields never do. Unless the
 * type allows unknown fields, objects with declared fields admit no others.
 */
public final class SchemaCompiler {

    public static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SchemaCompiler() {
    }

    public static ObjectNode compile(String id, String title, List<FieldSpec> fields, String unknownFields) {
        ObjectNode schema = JSON.objectNode();
        schema.put("$schema", DIALECT);
        schema.put("$id", id);
        schema.put("title", title);
        schema.setAll(object(fields == null ? List.of() : fields, !"allow".equals(unknownFields)));
        return schema;
    }

    private static ObjectNode object(List<FieldSpec> fields, boolean closed) {
        ObjectNode schema = JSON.objectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = JSON.arrayNode();
        for (FieldSpec field : fields) {
            properties.set(field.name, field(field, closed));
            if (field.mandatory()) {
                required.add(field.name);
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        if (closed) {
            schema.put("additionalProperties", false);
        }
        return schema;
    }

    private static ObjectNode field(FieldSpec field, boolean closed) {
        ObjectNode schema = shape(field, closed);
        if (field.description != null) {
            schema.put("description", field.description);
        }
        if (!field.mandatory() && schema.has("type")) {
            schema.set("type", JSON.arrayNode().add(schema.get("type").asText()).add("null"));
        } else if (field.mandatory() && !schema.has("type")) {
            schema.set("type", JSON.arrayNode().add("string").add("number").add("boolean").add("object").add("array"));
        }
        return schema;
    }

    private static ObjectNode shape(FieldSpec field, boolean closed) {
        return switch (field.type) {
            case "timestamp" -> JSON.objectNode().put("type", "string").put("format", "date-time");
            case "object" -> field.fields == null ? JSON.objectNode().put("type", "object") : object(field.fields, closed);
            case "array" -> {
                ObjectNode array = JSON.objectNode().put("type", "array");
                if (field.items != null) {
                    array.set("items", shape(field.items, closed));
                }
                yield array;
            }
            case "any" -> JSON.objectNode();
            default -> JSON.objectNode().put("type", field.type);
        };
    }
}
