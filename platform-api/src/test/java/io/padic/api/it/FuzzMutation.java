package io.padic.api.it;

import static io.padic.api.it.FuzzValues.NODES;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.padic.testkit.ApiClient;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One change to an otherwise well-formed request: a member of the wrong type, missing, extra or null; an edge
 * string; an oversize string or array; deep nesting; JSON that does not parse; bytes that are not UTF-8; a wrong
 * content type; odd headers or query parameters; a body where none belongs or none where one does. {@code at}
 * picks the member (in document order, modulo their number) and {@code variant} the payload, so jqwik shrinks a
 * mutation towards {@link Kind#NONE} and the first member.
 */
record FuzzMutation(Kind kind, int at, int variant) {

    enum Kind {
        NONE, WRONG_TYPE, DROP_FIELD, EXTRA_FIELD, NULL_FIELD, EDGE_STRING, OVERSIZE, DEEP_NESTING, BAD_JSON,
        INVALID_UTF8, CONTENT_TYPE, HEADERS, QUERY_JUNK, BODY_PRESENCE
    }

    /** The request being built: the mutation changes these in place. */
    static final class Draft {
        JsonNode body;
        byte[] bytes;
        String contentType = "application/json";
        final List<Map.Entry<String, String>> headers = new ArrayList<>();
        final List<String> query = new ArrayList<>();
    }

    /** Stands for nesting {@code depth} levels deep in a tree, until the body is written: {@link #deep}. */
    private static final String DEEP = "\u0001DEEP";
    private static final List<JsonNode> WRONG_TYPES = List.of(NODES.numberNode(123), NODES.numberNode(-1.5),
            NODES.booleanNode(true), NODES.textNode("str"), NODES.arrayNode(), NODES.objectNode(),
            NODES.arrayNode().add(1).add("a"), NODES.numberNode(new BigDecimal("1e400")),
            NODES.numberNode(new java.math.BigInteger("9223372036854775808")));
    private static final List<String> EXTRA_NAMES = List.of("extra", "__proto__", "$where", "constructor", "", "\u0000",
            "a.b", "id", "\ud800");
    private static final int[] OVERSIZE_STRINGS = {129, 256, 5_000, 65_537, 300_000};
    private static final int[] OVERSIZE_ARRAYS = {101, 1_001, 10_001, 21};
    private static final int[] DEPTHS = {100, 300, 999, 1_001, 5_000, 100_000};
    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16",
            "application/json; charset=latin1", "application/problem+json", "application/jsonx", "*/*", "",
            "application/json;;;", "none");
    private static final List<Map.Entry<String, String>> HEADERS = List.of(Map.entry("Accept", "text/html"),
            Map.entry("Accept", "application/xml"), Map.entry("Accept", "*/*"), Map.entry("Accept", "application/*;q=0"),
            Map.entry("Idempotency-Key", "k".repeat(256)), Map.entry("Idempotency-Key", ""),
            Map.entry("Idempotency-Key", "%00%ED%A0%80"), Map.entry("X-Forwarded-For", "999.1.1.1, junk"),
            Map.entry("Accept-Charset", "utf-7"), Map.entry("X-Padding", "p".repeat(21_000)),
            Map.entry("Authorization", "Bearer second"), Map.entry("Accept-Encoding", "gzip;q=0, identity;q=0"));
    private static final List<String> QUERY_JUNK = List.of("seq=-1&seq=2", "limit=99999999999999999999",
            "at=yesterday", "cursor=%00", "x=%FF", "type[]=a", "__proto__=1", "level=owner&level=public",
            "a=" + "b".repeat(5000), "=", "&&&", "after=%ED%A0%80");
    private static final List<String> BAD_JSON = List.of("truncate", "}x", "bom", "single-quotes", "trailing-comma",
            "nan", "comment", "empty", "null", "[]", "\"s\"", "two-documents", "duplicate-key", "leading-zero",
            "raw-control", "unclosed-string");
    private static final byte[][] BAD_UTF8 = {{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF},
            {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0x80}, {(byte) 0xE2, (byte) 0x82}};

    /** A value nested {@code depth} levels deep (arrays or objects), written out as such in the body. */
    static JsonNode deep(int depth, boolean arrays) {
        return NODES.textNode(DEEP + depth + (arrays ? "[" : "{"));
    }

    /** What this mutation did, for the printed request; empty for none. */
    String describe() {
        return kind == Kind.NONE ? "" : kind + " at member " + at + ", variant " + variant;
    }

    /** Applies the tree-level part (before the body is written) to {@code draft}. */
    void applyToTree(Draft draft) {
        List<Slot> slots = slots(draft.body);
        Slot slot = slots.isEmpty() ? null : slots.get(at % slots.size());
        switch (kind) {
            case WRONG_TYPE -> replace(draft, slot, pick(WRONG_TYPES));
            case NULL_FIELD -> replace(draft, slot, NODES.nullNode());
            case DROP_FIELD -> {
                if (slot != null && slot.parent() instanceof ObjectNode object) {
                    object.remove(slot.name());
                } else if (slot != null && slot.parent() instanceof ArrayNode array) {
                    array.remove(slot.index());
                }
            }
            case EXTRA_FIELD -> {
                JsonNode host = slot != null && slot.value() instanceof ObjectNode ? slot.value() : draft.body;
                if (host instanceof ObjectNode object) {
                    object.set(pick(EXTRA_NAMES), pick(WRONG_TYPES));
                } else if (host instanceof ArrayNode array) {
                    array.add(pick(WRONG_TYPES));
                }
            }
            case EDGE_STRING -> replace(draft, slot, NODES.textNode(pick(FuzzValues.EDGE_STRINGS)));
            case OVERSIZE -> replace(draft, slot, variant % 2 == 0
                    ? NODES.textNode("x".repeat(OVERSIZE_STRINGS[variant / 2 % OVERSIZE_STRINGS.length]))
                    : repeated(slot == null ? NODES.textNode("o1") : slot.value(),
                            OVERSIZE_ARRAYS[variant / 2 % OVERSIZE_ARRAYS.length]));
            case DEEP_NESTING -> replace(draft, slot, deep(DEPTHS[variant % DEPTHS.length], variant % 2 == 0));
            case HEADERS -> draft.headers.add(pick(HEADERS));
            case QUERY_JUNK -> draft.query.add(pick(QUERY_JUNK));
            case BODY_PRESENCE -> {
                if (draft.body == null) {
                    draft.body = NODES.objectNode().put("unexpected", "body");
                } else {
                    draft.body = null;
                }
            }
            default -> { }
        }
    }

    /** Writes the body and applies the byte-level part (bad JSON, broken UTF-8, content type). */
    void applyToBytes(Draft draft) {
        if (draft.body != null) {
            draft.bytes = write(draft.body, at % 2 == 0 || hasLoneSurrogate(draft.body.toString()));
        }
        switch (kind) {
            case BAD_JSON -> draft.bytes = badJson(draft.bytes == null ? "{\"a\": 1}" : utf8(draft.bytes));
            case INVALID_UTF8 -> draft.bytes = insertBadBytes(draft.bytes == null ? bytes("{\"a\": \"x\"}")
                    : draft.bytes);
            case CONTENT_TYPE -> draft.contentType = pick(CONTENT_TYPES);
            default -> { }
        }
    }

    private void replace(Draft draft, Slot slot, JsonNode value) {
        if (slot == null) {
            draft.body = value;
        } else if (slot.parent() instanceof ObjectNode object) {
            object.set(slot.name(), value);
        } else if (slot.parent() instanceof ArrayNode array) {
            array.set(slot.index(), value);
        }
    }

    private <T> T pick(List<T> values) {
        return values.get(variant % values.size());
    }

    private static JsonNode repeated(JsonNode item, int times) {
        ArrayNode array = NODES.arrayNode();
        JsonNode one = item.isArray() && !item.isEmpty() ? item.get(0) : item;
        for (int i = 0; i < times; i++) {
            array.add(one.isTextual() ? NODES.textNode(one.asText() + i) : one.deepCopy());
        }
        return array;
    }

    /** Where a member sits: its container and its name or index. */
    private record Slot(JsonNode parent, String name, int index, JsonNode value) {
    }

    private static List<Slot> slots(JsonNode root) {
        List<Slot> slots = new ArrayList<>();
        walk(root, slots::add);
        return slots;
    }

    private static void walk(JsonNode node, Consumer<Slot> visit) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> member : new ArrayList<>(object.properties())) {
                visit.accept(new Slot(object, member.getKey(), -1, member.getValue()));
                walk(member.getValue(), visit);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                visit.accept(new Slot(array, null, i, array.get(i)));
                walk(array.get(i), visit);
            }
        }
    }

    private static final ObjectWriter RAW = ApiClient.JSON.writer();
    private static final ObjectWriter ASCII = ApiClient.JSON.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);

    /** The body's bytes, every non-ASCII character escaped or not, with deep nesting spliced in. */
    private static byte[] write(JsonNode body, boolean ascii) {
        String text;
        try {
            text = (ascii ? ASCII : RAW).writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        for (int start = text.indexOf("\"\\u0001DEEP"); start >= 0; start = text.indexOf("\"\\u0001DEEP")) {
            int end = text.indexOf('"', start + 1);
            String spec = text.substring(start + 11, end);
            int depth = Integer.parseInt(spec.substring(0, spec.length() - 1));
            String open = spec.endsWith("[") ? "[" : "{\"a\":";
            String close = spec.endsWith("[") ? "]" : "}";
            text = text.substring(0, start) + open.repeat(depth) + "1" + close.repeat(depth) + text.substring(end + 1);
        }
        return bytes(text);
    }

    private byte[] badJson(String json) {
        String bad = switch (pick(BAD_JSON)) {
            case "truncate" -> json.substring(0, json.length() / 2);
            case "}x" -> json + "}x";
            case "bom" -> "\ufeff" + json;
            case "single-quotes" -> json.replace('"', '\'');
            case "trailing-comma" -> json.endsWith("}") ? json.substring(0, json.length() - 1) + ",}" : json + ",";
            case "nan" -> json.startsWith("{") ? "{\"n\": NaN, " + json.substring(1) : "NaN";
            case "comment" -> "/* c */ " + json;
            case "empty" -> "";
            case "two-documents" -> json + json;
            case "duplicate-key" -> json.startsWith("{") ? "{\"type\": 1, \"type\": 2, " + json.substring(1) : json;
            case "leading-zero" -> json.startsWith("{") ? "{\"n\": 01, " + json.substring(1) : "01";
            case "raw-control" -> json.startsWith("{") ? "{\"n\": \"a\u0001\tb\", " + json.substring(1) : "\"\u0001\"";
            case "unclosed-string" -> json.startsWith("{") ? "{\"n\": \"abc" : "\"abc";
            default -> pick(BAD_JSON);
        };
        return bytes(bad);
    }

    private byte[] insertBadBytes(byte[] body) {
        byte[] bad = BAD_UTF8[variant % BAD_UTF8.length];
        int quote = -1;
        for (int i = 0, seen = 0; i < body.length; i++) {
            if (body[i] == '"' && ++seen == 2 * (at % 4) + 1) {
                quote = i;
                break;
            }
        }
        int position = quote < 0 ? body.length / 2 : quote + 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(body, 0, position);
        out.writeBytes(bad);
        out.write(body, position, body.length - position);
        return out.toByteArray();
    }

    static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (Character.isHighSurrogate(ch) && (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))) {
                return true;
            }
            if (Character.isLowSurrogate(ch) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
