package io.padic.dashboard.projects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.padic.dashboard.client.EventTypesApi;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * The curl commands of a project's quick start, filled with the API's address and one of the project's own event
 * types: its object type, and metaData with a valid value for every field it declares, so the commands work as
 * pasted once the key is filled in.
 */
public final class QuickStart {

    /** What the key line holds until the user puts their key there. */
    public static final String KEY_PLACEHOLDER = "<your-api-key>";

    /** The example type declared for a project that has none yet, so the commands have one to send. */
    static final String EXAMPLE_TYPE = "PhotoCreate";
    static final EventTypesApi.Definition EXAMPLE = new EventTypesApi.Definition("Photo",
            List.of(new EventTypesApi.Field("name", "string", true, "the photo's title", null, null)), null, null,
            null);

    public record Snippet(String id, String title, String code) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private QuickStart() {
    }

    static List<Snippet> snippets(String apiUrl, EventTypesApi.EventType type) {
        String objectType = type.objectType() == null || type.objectType().isBlank() ? "Thing" : type.objectType();
        String objectId = objectType.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + "-1";
        String object = json(NODES.objectNode().put("type", objectType).put("id", objectId));
        ObjectNode eventBody = NODES.objectNode().put("type", type.name()).put("concerns", objectId);
        eventBody.set("metaData", sample(type.fields()));
        return List.of(
                new Snippet("env", "Where to send, and with which key",
                        "export API=" + apiUrl + "\n"
                                + "# An API key of this project with the objects:write, events:write and objects:read\n"
                                + "# scopes (API keys page; its secret is shown once): put it in place of "
                                + KEY_PLACEHOLDER + "\n"
                                + "export KEY='" + KEY_PLACEHOLDER + "'"),
                new Snippet("object", "Create an object of type " + objectType,
                        "curl -s -X POST \"$API/v1/objects\" -H \"Authorization: Bearer $KEY\" \\\n"
                                + "  -H 'Content-Type: application/json' -d '" + quoted(object) + "'"),
                new Snippet("event", "Send it an event of type " + type.name() + " (version " + type.version() + ")",
                        "curl -s -X POST \"$API/v1/events\" -H \"Authorization: Bearer $KEY\" \\\n"
                                + "  -H 'Content-Type: application/json' \\\n"
                                + "  -d '" + quoted(json(eventBody)) + "'"),
                new Snippet("read", "Read its state (and its history)",
                        "curl -s \"$API/v1/objects/" + objectId + "\" -H \"Authorization: Bearer $KEY\"\n"
                                + "curl -s \"$API/v1/objects/" + objectId + "/events\" -H \"Authorization: Bearer $KEY\""));
    }

    /** metaData with a value of the right type for every declared field (optional ones too, to show them). */
    static ObjectNode sample(List<EventTypesApi.Field> fields) {
        ObjectNode metaData = NODES.objectNode();
        if (fields != null) {
            for (EventTypesApi.Field field : fields) {
                if (field.name() != null) {
                    metaData.set(field.name(), sampleOf(field));
                }
            }
        }
        return metaData;
    }

    private static com.fasterxml.jackson.databind.JsonNode sampleOf(EventTypesApi.Field field) {
        String type = field.type() == null ? "any" : field.type();
        return switch (type) {
            case "number" -> NODES.numberNode(1.5);
            case "integer" -> NODES.numberNode(1);
            case "boolean" -> NODES.booleanNode(true);
            case "timestamp" -> NODES.textNode("2026-01-01T12:00:00Z");
            case "object" -> sample(field.fields());
            case "array" -> {
                ArrayNode items = NODES.arrayNode();
                if (field.items() != null) {
                    items.add(sampleOf(field.items()));
                }
                yield items;
            }
            default -> NODES.textNode("example");
        };
    }

    private static String json(Object node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Safe inside a single-quoted shell word. */
    private static String quoted(String text) {
        return text.replace("'", "'\\''");
    }
}
