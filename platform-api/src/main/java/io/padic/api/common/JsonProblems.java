package io.padic.api.common;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.quarkus.logging.Log;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Jackson's complaints about a body into problems that name the JSON field (or the line and column of
 * broken JSON), for bodies and batch items. The words are ours: no class, feature or setting of the JSON
 * library reaches the caller.
 */
public final class JsonProblems {
    private static final Pattern MAXIMUM = Pattern.compile("maximum allowed \\((\\d+)");
    // What follows these in a parser's message is where the parser started, in its own terms.
    private static final Pattern INTERNALS = Pattern.compile(
            "\\s*(\\((start marker at|for \\w+ starting at)|at \\[Source|: enable `|; (was|expected) `).*$");

    private JsonProblems() {
    }

    public static ApiProblem of(JsonProcessingException e) {
        JsonProcessingException syntax = syntaxError(e);
        if (syntax instanceof InputCoercionException && e instanceof JsonMappingException mapping) {
            return ApiProblem.invalid(field(mapping), "is a number out of range");
        }
        if (syntax instanceof StreamReadException read && read.getOriginalMessage() != null
                && read.getOriginalMessage().contains("surrogate")) {
            // The parser itself stops at a field name with half a surrogate pair: name the object holding it.
            return ApiProblem.invalid(enclosingObject(read), "holds a field name that is not valid Unicode: it has "
                    + "an unpaired surrogate");
        }
        if (syntax != null) {
            return malformed(syntax);
        }
        JsonMappingException mapping = (JsonMappingException) e;
        String field = path(mapping);
        String message = mapping.getOriginalMessage() == null ? "" : mapping.getOriginalMessage();
        if (mapping instanceof JsonValues.InvalidValue) {
            return ApiProblem.invalid(field(mapping), message);
        }
        if (mapping instanceof UnrecognizedPropertyException) {
            return ApiProblem.invalid(field, "unknown field");
        }
        if (mapping.getCause() instanceof ApiProblem problem) {
            return problem;
        }
        if (message.startsWith("Trailing token")) {
            return ApiProblem.malformedJson("The body holds more than one JSON value");
        }
        if (message.startsWith("No content to map")) {
            return ApiProblem.malformedJson("The body is empty; send a JSON object");
        }
        if (field.isEmpty()) {
            return ApiProblem.malformedJson("The body must be a JSON object");
        }
        if (mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return ApiProblem.invalid(field, "must be " + describe(mismatch.getTargetType()));
        }
        Log.debugf(e, "Unreadable value at %s", field);
        return ApiProblem.invalid(field, "cannot be read as sent");
    }

    /** True when the body is not JSON at all (then a batch is refused as a whole, not item by item). */
    public static boolean isSyntaxError(JsonProcessingException e) {
        JsonProcessingException syntax = syntaxError(e);
        return syntax != null && !(syntax instanceof InputCoercionException);
    }

    /** The parser's own error behind {@code e}: broken JSON or a parser limit; null when the JSON is fine. */
    private static JsonProcessingException syntaxError(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException)) {
            return e;
        }
        return e.getCause() instanceof JsonProcessingException inner && !(inner instanceof JsonMappingException)
                ? inner : null;
    }

    private static ApiProblem malformed(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        boolean located = at != null && at.getLineNr() > 0;
        String detail = "The body is not valid JSON" + (located ? " at line " + at.getLineNr() + ", column "
                + at.getColumnNr() : "") + ": " + reason(e);
        return ApiProblem.malformedJson(detail,
                located ? Map.of("line", at.getLineNr(), "column", at.getColumnNr()) : null);
    }

    private static String reason(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof JsonEOFException) {
            return "it ends before the JSON value is complete";
        }
        if (e instanceof StreamConstraintsException) {
            Matcher maximum = MAXIMUM.matcher(message);
            String limit = maximum.find() ? maximum.group(1) : "the limit";
            if (message.contains("nesting depth")) {
                return "it is nested deeper than " + limit + " levels";
            }
            if (message.startsWith("Number")) {
                return "a number is longer than " + limit + " characters";
            }
            if (message.startsWith("String")) {
                return "a string is longer than " + limit + " characters";
            }
            if (message.startsWith("Name")) {
                return "a field name is longer than " + limit + " characters";
            }
            return "it is larger than the JSON reader allows";
        }
        String cleaned = INTERNALS.matcher(message).replaceFirst("");
        return cleaned.isBlank() || cleaned.contains("`") || cleaned.contains("Feature") ? "unexpected input"
                : cleaned;
    }

    /** Where the parser stood: the path of the object whose field name it was reading. */
    private static String enclosingObject(StreamReadException e) {
        StringBuilder out = new StringBuilder();
        JsonStreamContext context = e.getProcessor() == null ? null : e.getProcessor().getParsingContext();
        for (JsonStreamContext c = context == null ? null : context.getParent(); c != null && !c.inRoot();
                c = c.getParent()) {
            String step = c.inArray() ? "[" + c.getCurrentIndex() + "]"
                    : (c.getParent() != null && c.getParent().inRoot() ? "" : ".")
                            + Unicode.escapeLoneSurrogates(String.valueOf(c.getCurrentName()));
            out.insert(0, step);
        }
        return out.isEmpty() ? "body" : out.toString();
    }

    /** The field's path, or {@code body} when the value is the body itself. */
    private static String field(JsonMappingException e) {
        String path = path(e);
        return path.isEmpty() ? "body" : path;
    }

    static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(Unicode.escapeLoneSurrogates(ref.getFieldName()));
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String describe(Class<?> type) {
        if (type == String.class || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()
                || ArrayNode.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Instant.class == type) {
            return "an ISO-8601 instant such as 2026-01-31T12:00:00Z";
        }
        if (type.isEnum()) {
            return "one of the allowed values";
        }
        if (JsonNode.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type) || !type.getName()
                .startsWith("java")) {
            return "an object";
        }
        return "a value of another type";
    }
}
