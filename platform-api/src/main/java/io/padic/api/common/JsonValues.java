package io.padic.api.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules every value in a request body keeps, whatever the route: text is valid Unicode, a number reads
 * back as it was sent, an instant is an ISO-8601 string. They are checked as the body is read (one Jackson
 * module, see {@link StrictJson}), so no route can store a value that would come back changed.
 */
public final class JsonValues {

    /** Above this an integer is no longer exact as a double (2^53), which is what readers compute with. */
    private static final long EXACT_INTEGER = 1L << 53;
    private static final Pattern EPOCH_NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d*)?");

    private JsonValues() {
    }

    /** A value that is well-formed JSON but breaks one of these rules; the path names where it is. */
    public static final class InvalidValue extends JsonMappingException {

        InvalidValue(JsonParser parser, String message) {
            super(parser, message);
        }
    }

    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("padic-json-values");
        module.addDeserializer(String.class, new CheckedString());
        checkTrees(module, JsonNode.class);
        checkTrees(module, ObjectNode.class);
        checkTrees(module, ArrayNode.class);
        module.addDeserializer(Instant.class, new StrictInstant());
        return module;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T extends JsonNode> void checkTrees(SimpleModule module, Class<T> type) {
        module.addDeserializer(type, (JsonDeserializer) new CheckedTree(JsonNodeDeserializer.getDeserializer(type)));
    }

    /** Why the text breaks the rules, or null. */
    static String textProblem(String text) {
        int at = Unicode.loneSurrogateAt(text);
        return at < 0 ? null : String.format("must be valid Unicode: it holds the unpaired surrogate \\u%04x "
                + "(character %d); send a character as its pair of escapes, or as UTF-8", (int) text.charAt(at), at + 1);
    }

    /** Why the number breaks the rules, or null: it must be a finite double that reads back with the same value. */
    static String numberProblem(JsonNode number) {
        if (number.isIntegralNumber() && number.canConvertToLong()) {
            long value = number.longValue();
            if (value >= -EXACT_INTEGER && value <= EXACT_INTEGER) {
                return null;
            }
        }
        if ((number.isDouble() || number.isFloat()) && !Double.isFinite(number.doubleValue())) {
            return "must be a finite number: it is beyond the largest double (about 1.8e308)";
        }
        BigDecimal sent = number.decimalValue();
        double read = sent.doubleValue();
        if (Double.isInfinite(read)) {
            return "must be a finite number: " + shortForm(sent) + " is beyond the largest double (about 1.8e308)";
        }
        if (new BigDecimal(Double.toString(read)).compareTo(sent) != 0) {
            return "would read back as " + Double.toString(read) + ", not " + shortForm(sent)
                    + ": a number must fit a double as sent (at most 17 significant digits, integers exact up to "
                    + "2^53 = 9007199254740992)";
        }
        return null;
    }

    private static String shortForm(BigDecimal number) {
        String text = number.toString();
        return text.length() <= 40 ? text : text.substring(0, 20) + "…" + " (" + number.precision() + " digits)";
    }

    /** Strings in typed fields (names, ids, types, passwords): valid Unicode. */
    static final class CheckedString extends StringDeserializer {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = super.deserialize(p, ctxt);
            String problem = text == null ? null : textProblem(text);
            if (problem != null) {
                throw new InvalidValue(p, problem);
            }
            return text;
        }
    }

    /**
     * Free-form JSON (metaData, concerns, test states): every key, string and number keeps the rules, and it is
     * nested at most {@value #MAX_DEPTH} levels. Deeper values passed the body's own limit (1000 levels) but a
     * reducer could not fold them: merging a delta 300 objects deep overflows the sandbox's stack, so the event
     * was stored and every read of its objects failed (found following OpenApiFuzzIT's deep nesting by hand).
     */
    static final class CheckedTree extends DelegatingDeserializer {

        static final int MAX_DEPTH = 100;
        private static final String TOO_DEEP = "is nested more than " + MAX_DEPTH + " levels deep; the limit is "
                + MAX_DEPTH;

        CheckedTree(JsonDeserializer<?> standard) {
            super(standard);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new CheckedTree(newDelegatee);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Object value = super.deserialize(p, ctxt);
            if (value instanceof JsonNode node) {
                Deque<Object> path = new ArrayDeque<>();
                String problem = find(node, path, 0);
                if (TOO_DEEP.equals(problem)) {
                    // Named from where the deep value starts, not by the hundred steps down to its bottom.
                    while (path.size() > 1) {
                        path.removeLast();
                    }
                }
                if (problem != null) {
                    InvalidValue invalid = new InvalidValue(p, problem);
                    // Innermost first: the caller's own references (the body field) go in front later.
                    for (Iterator<Object> it = path.descendingIterator(); it.hasNext(); ) {
                        Object step = it.next();
                        if (step instanceof Integer index) {
                            invalid.prependPath(node, index);
                        } else {
                            invalid.prependPath(node, (String) step);
                        }
                    }
                    throw invalid;
                }
            }
            return value;
        }

        /** The first problem in the tree, with the path to it left in {@code path}. */
        private static String find(JsonNode node, Deque<Object> path, int depth) {
            if (depth > MAX_DEPTH) {
                return TOO_DEEP;
            }
            if (node.isTextual()) {
                return textProblem(node.textValue());
            }
            if (node.isNumber()) {
                return numberProblem(node);
            }
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    path.addLast(i);
                    String problem = find(node.get(i), path, depth + 1);
                    if (problem != null) {
                        return problem;
                    }
                    path.removeLast();
                }
            } else if (node.isObject()) {
                for (Map.Entry<String, JsonNode> member : node.properties()) {
                    path.addLast(member.getKey());
                    String problem = textProblem(member.getKey());
                    problem = problem == null ? find(member.getValue(), path, depth + 1) : "its name " + problem;
                    if (problem != null) {
                        return problem;
                    }
                    path.removeLast();
                }
            }
            return null;
        }
    }

    /**
     * Instants only as ISO-8601 text: the standard reader would also take {@code 5} or {@code "5"} as seconds
     * since 1970, and store a date the client never meant.
     */
    static final class StrictInstant extends StdScalarDeserializer<Instant> {

        StrictInstant() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            if (EPOCH_NUMBER.matcher(p.getText().trim()).matches()) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, p.getText(), "not an ISO-8601 instant");
            }
            return InstantDeserializer.INSTANT.deserialize(p, ctxt);
        }
    }
}
