package io.padic.testkit;

import java.util.List;
import java.util.Map;

/** Example event types (photos) that the dashboard tests and its budget benchmark declare in a project. */
public final class Photos {

    /** PhotoCreate shows {@code location} only to {@code owner}. */
    public static final String PHOTO_CREATE = """
            const delta = { name: event.metaData.name, image_url: event.metaData.image_url };
            if (accessLevel === 'owner') {
              delta.location = event.metaData.location;
            }
            return delta;""";

    private Photos() {
    }

    public static Map<String, Object> photoCreate() {
        return Map.of("objectType", "Photo", "fields", List.of(
                Map.of("name", "name", "type", "string", "required", true),
                Map.of("name", "image_url", "type", "string"),
                Map.of("name", "location", "type", "string")), "applyEvent", PHOTO_CREATE);
    }

    /** PhotoModify renames. */
    public static Map<String, Object> photoModify() {
        return Map.of("objectType", "Photo", "fields", List.of(Map.of("name", "name", "type", "string")),
                "applyEvent", "return { name: event.metaData.name };");
    }
}
