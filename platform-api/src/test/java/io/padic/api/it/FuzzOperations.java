package io.padic.api.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operations of platform-api's OpenAPI document ({@code /q/openapi?format=json}), as the fuzzer needs them:
 * method, path template, parameters with their schemas, the JSON body's schema, and which credentials the
 * operation takes (its plane). {@code $ref}s are resolved against the same document.
 */
final class FuzzOperations {

    /** Which credential an operation takes when called as its rightful caller. */
    enum Plane {
        /** No credentials: sign-up, log-in, mailed links, ping. */
        PUBLIC,
        /** An API key: {@code /v1/objects…} and {@code /v1/events…}. */
        DATA,
        /** A session token (or a personal access token): everything else. */
        CONTROL
    }

    record Param(String name, JsonNode schema, boolean required) {
    }

    record Operation(String method, String path, Plane plane, List<Param> pathParams, List<Param> query,
            List<Param> headers, JsonNode body) {

        String route() {
            return method + " " + path;
        }

        boolean writes() {
            return !method.equals("GET");
        }

        @Override
        public String toString() {
            return route();
        }
    }

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    private final JsonNode document;

    FuzzOperations(JsonNode document) {
        this.document = document;
    }

    /** Every operation of the document, in its order. */
    List<Operation> all() {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (METHODS.contains(op.getKey())) {
                    operations.add(operation(op.getKey().toUpperCase(), path.getKey(), path.getValue(), op.getValue()));
                }
            }
        }
        return operations;
    }

    private Operation operation(String method, String path, JsonNode pathItem, JsonNode op) {
        List<Param> inPath = new ArrayList<>();
        List<Param> inQuery = new ArrayList<>();
        List<Param> inHeaders = new ArrayList<>();
        List<JsonNode> declared = new ArrayList<>();
        pathItem.path("parameters").forEach(declared::add);
        op.path("parameters").forEach(declared::add);
        for (JsonNode p : declared) {
            JsonNode param = resolve(p);
            Param parsed = new Param(param.path("name").asText(), resolve(param.path("schema")),
                    param.path("required").asBoolean(false));
            switch (param.path("in").asText()) {
                case "path" -> inPath.add(parsed);
                case "query" -> inQuery.add(parsed);
                case "header" -> inHeaders.add(parsed);
                default -> { } // cookies: none in this API
            }
        }
        JsonNode content = resolve(op.path("requestBody")).path("content");
        JsonNode body = content.isMissingNode() ? null
                : resolve(content.path("application/json").isMissingNode() ? content.elements().next().path("schema")
                        : content.path("application/json").path("schema"));
        return new Operation(method, path, plane(op), inPath, inQuery, inHeaders, body);
    }

    /** Which credential the operation takes, as the document says ({@code security: []}: none; ops/OpenApiContract). */
    private static Plane plane(JsonNode op) {
        JsonNode security = op.path("security");
        if (security.isArray() && security.isEmpty()) {
            return Plane.PUBLIC;
        }
        return security.findValue("apiKey") != null ? Plane.DATA : Plane.CONTROL;
    }

    /** The node a {@code $ref} points at (also through {@code allOf} of one element), else the node itself. */
    JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; hops < 20 && current != null; hops++) {
            if (current.has("$ref")) {
                current = at(current.get("$ref").asText());
            } else if (current.path("allOf").size() == 1 && !current.has("properties")) {
                current = current.path("allOf").get(0);
            } else {
                return current;
            }
        }
        return current == null ? MissingNode.getInstance() : current;
    }

    private JsonNode at(String ref) {
        if (!ref.startsWith("#/")) {
            return MissingNode.getInstance();
        }
        return document.at(ref.substring(1));
    }
}
