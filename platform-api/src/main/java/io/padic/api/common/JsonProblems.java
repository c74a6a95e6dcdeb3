package io.padic.api.common;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** Turns Jackson's complaints about a body into problems that name the JSON field, for bodies and batch items. */
public final class JsonProblems {

    private JsonProblems() {
    }

    public static ApiProblem of(JsonParseException e) {
        return new ApiProblem(400, "malformed-json", "Malformed JSON",
                "The body is not valid JSON: " + e.getOriginalMessage()
                        + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
    }

    public static ApiProblem of(JsonMappingException e) {
        String field = path(e);
        if (e instanceof UnrecognizedPropertyException) {
            return ApiProblem.invalid(field, "unknown field");
        }
        if (field.isEmpty()) {
            return new ApiProblem(400, "malformed-json", "Malformed JSON", "The body must be a JSON object");
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return ApiProblem.invalid(field, "must be " + describe(mismatch.getTargetType()));
        }
        return ApiProblem.invalid(field, e.getOriginalMessage());
    }

    static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (ObjectNode.class.isAssignableFrom(type) || type.isRecord() || java.util.Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        if (Instant.class == type) {
            return "an ISO-8601 instant such as 2026-01-31T12:00:00Z";
        }
        return "of type " + type.getSimpleName();
    }
}
