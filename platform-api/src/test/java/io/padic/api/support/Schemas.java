package io.padic.api.support;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.saveEventType;
import static io.padic.api.support.Api.store;
import static org.hamcrest.Matchers.oneOf;

import com.mongodb.client.model.Filters;
import io.padic.api.support.Api.Workspace;
import io.restassured.response.ValidatableResponse;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Field definitions and schema look-ups for the tests of event schemas: what a client would write. */
public final class Schemas {

    private Schemas() {
    }

    /** {@code {name, type, required}}. */
    public static Map<String, Object> field(String name, String type, boolean required) {
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("name", name);
        field.put("type", type);
        field.put("required", required);
        return field;
    }

    public static Map<String, Object> required(String name, String type) {
        return field(name, type, true);
    }

    public static Map<String, Object> optional(String name, String type) {
        return field(name, type, false);
    }

    /** An object field with its own nested field list. */
    @SafeVarargs
    public static Map<String, Object> object(String name, boolean required, Map<String, Object>... fields) {
        Map<String, Object> field = field(name, "object", required);
        field.put("fields", List.of(fields));
        return field;
    }

    /** An array field whose elements are described by {@code items} (a field spec without a name). */
    public static Map<String, Object> array(String name, boolean required, Map<String, Object> items) {
        Map<String, Object> field = field(name, "array", required);
        field.put("items", items);
        return field;
    }

    /** The element spec of an array of objects with these fields. */
    @SafeVarargs
    public static Map<String, Object> objectItems(Map<String, Object>... fields) {
        return Map.of("type", "object", "fields", List.of(fields));
    }

    /** PUT an event type with these fields and unknown-field policy; expects 200 or 201. */
    @SafeVarargs
    public static ValidatableResponse declare(Workspace workspace, String name, String unknownFields,
            Map<String, Object>... fields) {
        return saveEventType(workspace, name, Map.of("unknownFields", unknownFields,
                "fields", Arrays.asList(fields))).statusCode(oneOf(200, 201));
    }

    /** A map that may hold null values (Map.of refuses them): alternating keys and values. */
    public static Map<String, Object> meta(Object... keysAndValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** GET the project's violations feed (control plane), with an optional query such as {@code limit=2}. */
    public static ValidatableResponse violations(Workspace workspace, String query) {
        return as(workspace.account().token()).get("/v1/projects/" + workspace.projectId() + "/violations"
                + (query == null ? "" : "?" + query)).then();
    }

    /** How many documents of this project a collection of the store holds. */
    public static long countInStore(String collection, String projectId) {
        return store().getCollection(collection).countDocuments(eq("projectId", projectId));
    }

    /** How many pins one object has in the store (pin claims, kept beside them, are not pins). */
    public static long pinsInStore(String projectId, String objectId) {
        return store().getCollection("pins").countDocuments(and(eq("projectId", projectId),
                eq("objectId", objectId), Filters.exists("attempt", false)));
    }
}
