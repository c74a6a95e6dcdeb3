package io.padic.api.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * JSON values and URL parts for fuzzed requests: values that fit an OpenAPI schema (with the real ids and names
 * of {@link FuzzTenants} where a field's name says what it holds) mixed with edge strings; odd ids for paths.
 */
final class FuzzValues {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * Strings that break naive code: NUL, lone surrogates (high, low, reversed pair), an emoji, right-to-left
     * override, byte-order mark, a non-character, combining marks, path and operator syntax, words that look
     * like other types, quotes and backslashes, line breaks, a long run of one character.
     */
    static final List<String> EDGE_STRINGS = List.of("", " ", "\u0000", "a\u0000b", "\ud800", "x\udc00y",
            "\udc00\ud800", "\ud83d\ude00", "\u202eevil", "\ufeffbom", "\uffff", "e\u0301\u0301\u0301", "../..",
            "a/b", "$where", "$hide", "%2F", "null", "true", "0", "-1", "1e309", "<script>", "' OR '1'='1", "\\",
            "\"", "line\nbreak", "\t", "{}", "[]", "𝕏".repeat(100), "x".repeat(300), "🙂".repeat(2000));

    /**
     * Ids as they go on the wire (already percent-encoded where they must be): a slash inside and outside an
     * escape, dot segments, operators, NUL, a lone surrogate and broken UTF-8 escaped, double escapes, an id over
     * the 128-character limit, and a path past the 4096-byte limit.
     */
    static final List<String> ODD_IDS = List.of("a%2Fb", "a/b", "..", "%2E%2E", ".", "..%2F..%2Fv1%2Fme", "$",
            "$hide", "a$b", "%24where", "%00", "a%00b", "%ED%A0%80", "%ED%B0%80", "%FF", "%C0%AF", "%25", "%252F",
            "%F0%9F%98%80", "%E2%80%AE", "%20", "+", "*", "~", "a;b", "a%3Bb", "%7B%7D", "prj_nope",
            "evt_00000000000000000000000000", "x".repeat(129), "x".repeat(5000), "%C3%A9", "a%0Ab", "%5C");

    private final Map<String, List<JsonNode>> fieldHints = new HashMap<>();
    private final Map<String, List<JsonNode>> badHints = new HashMap<>();
    private final Map<String, List<String>> pathHints = new HashMap<>();
    private final Map<String, List<String>> queryHints = new HashMap<>();
    private final Map<String, List<String>> badQueryHints = new HashMap<>();
    private final FuzzTenants tenants;

    FuzzValues(FuzzTenants t) {
        this.tenants = t;
        // What each member holds when it is right (hint), and wrong in ways a schema does not say (bad).
        // Placed has a reducer of code, run in the sandbox; the others fold by the default.
        hint("type", FuzzTenants.TYPE, FuzzTenants.TYPE, FuzzTenants.TYPE, FuzzTenants.OBJECT_TYPE, "Paid", "string",
                "number", "object");
        bad("type", "", "a b", "x".repeat(129));
        hint("objectType", FuzzTenants.OBJECT_TYPE, "Note");
        hint("concerns", "o1", "o2", List.of("o1", "o2"), List.of("o1", "o3"), List.of("o3"));
        bad("concerns", List.of(), List.of("o1", "o1"), "a b", List.of(1, 2), "o9", FuzzTenants.CANARY_OBJECT);
        // Idempotency keys are drawn fresh (FuzzValues#value): a key sent again with another body is a 422 (I3).
        bad("idempotencyKey", "a b", "k".repeat(256), "");
        hint("id", "o1", "o4", "n-1", "a:b.c-d_e", FuzzTenants.CANARY_OBJECT);
        bad("id", "a b", "a/b", "x".repeat(129));
        hint("occurredAt", "2026-01-31T12:00:00Z", "2026-01-31T12:00:00+01:00");
        bad("occurredAt", "yesterday", 5, "2026-02-30T00:00:00Z");
        hint("accessLevel", "public", "member", "owner");
        bad("accessLevel", "admin", "");
        hint("scopes", List.of("objects:read", "objects:write", "events:read", "events:write"), List.of("objects:read"),
                FuzzTenants.TOKEN_SCOPES);
        bad("scopes", List.of("nope"), List.of());
        hint("role", "owner", "admin", "developer", "viewer");
        bad("role", "OWNER", "god");
        hint("email", t.f.email(), t.c.email(), "new-user@example.com", "invitee@example.com", "x@example.com");
        bad("email", "not-an-email", "a@b@c");
        hint("password", "correct horse battery", "another fine password");
        bad("password", "short", "x".repeat(300));
        hint("tenantId", t.fWorkspace, t.fWorkspace, t.c.tenantId(), t.o.tenantId());
        // Code that throws is saved behind a "return event.metaData;" (FuzzRequests.SAFE_REDUCERS); a test run
        // takes it as is.
        hint("applyEvent", "return event.metaData;", "return {count: (state.count || 0) + 1};", "",
                "return {seen: event.type};", "throw new Error('boom');", "return state.a.b.c;", "return 42;",
                "return [1];");
        bad("applyEvent", "return {a: ", "function (", "}}}{{{", "return {x: 1} +* 2;");
        // Mostly definitions that still take what the fuzzer sends as events: required fields or refusing unknown
        // ones would turn most later events of the type into 422s, and their metaData would never reach a fold.
        hint("fields", List.of(), List.of(), List.of(), List.of(Map.of("name", "n", "type", "integer")));
        hint("unknownFields", "allow", "allow", "flag", "reject");
        hint("invalidEvents", "flag", "flag", "reject");
        hint("undeclaredEventTypes", "reject", "flag");
        hint("timeZone", "UTC", "Europe/Berlin");
        bad("timeZone", "America/Nowhere", "+01:00");
        hint("accessLevels", List.of("public", "member", "owner"), List.of("public", "member", "owner", "auditor"));
        bad("accessLevels", List.of(), List.of("a b"));
        hint("expiresInDays", 1, 30);
        bad("expiresInDays", 0, -1, 100000);
        hint("requireMfa", false);
        bad("token", "nope", "tok_" + "0".repeat(40));
        bad("mfaToken", "nope");
        bad("code", "000000", "123456", "abcd-efgh");
        hint("name", "Fuzzed name", "n");
        bad("name", "", " ", "x".repeat(201));

        paths("workspaceId", t.fWorkspace, t.fWorkspace, t.fWorkspace, t.o.tenantId(), t.c.tenantId(), t.s.tenantId());
        paths("projectId", t.fProject, t.fProject, t.fProject, t.fProject, t.fSpareProject, t.oProject, t.cProject);
        paths("keyId", t.fKey.id(), t.fReadOnlyKey.id(), t.fSpareKey.id(), t.oKey.id(), t.cKey.id());
        paths("name", FuzzTenants.TYPE, FuzzTenants.TYPE, FuzzTenants.TYPE, "Paid", "New_Type_1");
        paths("userId", t.f.userId(), t.o.userId(), t.c.userId(), t.s.userId());
        paths("invitationId", t.fInvitation, t.cInvitation);
        paths("sessionId", t.sSessionId, t.cSessionId);
        paths("tokenId", t.fTokenId, t.fSpareTokenId, t.cTokenId);
        paths("number", "1", "2", "0", "-1", "99999999999999999999", "1.5", "abc");
        List<String> objects = new ArrayList<>(t.fObjects);
        objects.addAll(List.of("o9", FuzzTenants.CANARY_OBJECT));
        pathHints.put("object", objects);
        List<String> events = new ArrayList<>(t.fEvents);
        events.addAll(t.oEvents);
        events.addAll(t.cEvents);
        pathHints.put("event", events);

        query("seq", "1", "2", "3");
        badQuery("seq", "0", "-1", "99999999999999999999", "abc");
        query("at", "2026-01-01T00:00:00Z", "2099-01-01T00:00:00Z");
        badQuery("at", "yesterday", "2026-13-45T00:00:00Z", "+999999999-01-01T00:00:00Z", "1");
        query("after", "0", "2");
        badQuery("after", "-5", "x", "99999999999999999999");
        query("before", "2", "5");
        badQuery("before", "0", "-5", "x");
        query("limit", "1", "100", "1000");
        badQuery("limit", "100000", "-1", "0", "1e3");
        query("from", "2026-01-01", "2026-12-01T00:00:00Z");
        badQuery("from", "2026-02-30", "0000-01-01", "-999999999-01-01", "x");
        query("to", "2026-12-31", "2027-01-01T00:00:00Z");
        badQuery("to", "9999-12-31", "+999999999-12-31", "x");
        query("interval", "hour", "day", "week", "month");
        badQuery("interval", "year", "");
        query("objectType", FuzzTenants.OBJECT_TYPE, "Note");
        badQuery("objectType", "");
        query("steps", FuzzTenants.TYPE + ",Paid", FuzzTenants.TYPE);
        badQuery("steps", "", ",,,", "a,b,c,d,e,f,g,h,i", "x".repeat(300));
        query("window", "P30D", "PT1H");
        badQuery("window", "P-1D", "P999999999D", "x");
        query("level", "public", "member", "owner");
        badQuery("level", "nope");
        query("type", FuzzTenants.OBJECT_TYPE, FuzzTenants.TYPE);
        badQuery("type", "");
        badQuery("cursor", "", "abc", "AAAA", "eyJ9");
        query("ids", String.join(",", t.fEvents), String.join(",", t.cEvents));
        badQuery("ids", "a,,b", "x,".repeat(1000));
        query("days", "1", "7");
        badQuery("days", "0", "-1", "100000");
        query("version", "1");
        badQuery("version", "0", "-1", "999", "x");
        query("includeThis", "true", "false");
        badQuery("includeThis", "x");
        badQuery("series", "", "x", "events:Placed");
    }

    private void hint(String field, Object... values) {
        fieldHints.put(field, nodes(values));
    }

    private void bad(String field, Object... values) {
        badHints.put(field, nodes(values));
    }

    private static List<JsonNode> nodes(Object... values) {
        List<JsonNode> nodes = new ArrayList<>();
        for (Object value : values) {
            nodes.add(io.padic.testkit.ApiClient.JSON.valueToTree(value));
        }
        return nodes;
    }

    private void paths(String param, String... values) {
        pathHints.put(param, List.of(values));
    }

    private void query(String param, String... values) {
        queryHints.put(param, List.of(values));
    }

    private void badQuery(String param, String... values) {
        badQueryHints.put(param, List.of(values));
    }

    /** A path parameter's value as it goes on the wire: a real id mostly, an odd one sometimes. */
    Arbitrary<String> pathValue(FuzzOperations.Operation op, String param, boolean keepFooting) {
        String pool = param.equals("id") ? (op.path().contains("/events/{id}") ? "event" : "object") : param;
        List<String> known = pathHints.getOrDefault(pool, List.of("x")).stream()
                .filter(id -> keepFooting || !tenants.footing().contains(id)).map(FuzzValues::encode).toList();
        Arbitrary<String> odd = Arbitraries.of(ODD_IDS);
        Arbitrary<String> random = Arbitraries.strings().alpha().numeric().withChars("_-.:").ofMinLength(1)
                .ofMaxLength(40);
        return known.isEmpty() ? Arbitraries.oneOf(odd, random)
                : Arbitraries.frequencyOf(Tuple.of(40, Arbitraries.of(known)), Tuple.of(4, odd), Tuple.of(1, random));
    }

    /** A query parameter as {@code name=value} on the wire, or empty (left out). */
    Arbitrary<Optional<String>> queryValue(FuzzOperations.Param param) {
        List<String> hints = queryHints.get(param.name());
        List<String> bad = badQueryHints.getOrDefault(param.name(), List.of("x", "1", ""));
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(hints == null ? 0 : 16, Arbitraries.of(hints == null ? bad : hints).map(FuzzValues::encode)),
                Tuple.of(3, Arbitraries.of(bad).map(FuzzValues::encode)),
                Tuple.of(1, Arbitraries.of(EDGE_STRINGS).map(FuzzValues::encode)),
                Tuple.of(1, Arbitraries.of(ODD_IDS)));
        Arbitrary<Optional<String>> present = value.map(v -> Optional.of(param.name() + "=" + v));
        return param.required() ? present : present.injectNull(0.3).map(o -> o == null
                ? Optional.empty() : o);
    }

    /** A value for {@code schema}, named {@code field} in its object (empty at the top). */
    Arbitrary<JsonNode> value(FuzzOperations operations, String field, JsonNode schemaOrRef, int depth) {
        JsonNode schema = operations.resolve(schemaOrRef);
        Arbitrary<JsonNode> bySchema = bySchema(operations, field, schema, depth);
        Arbitrary<JsonNode> edge = Arbitraries.of(EDGE_STRINGS).map(NODES::textNode);
        if (field.equals("idempotencyKey")) {
            bySchema = Arbitraries.strings().alpha().numeric().ofMinLength(8).ofMaxLength(24).map(NODES::textNode);
        }
        List<JsonNode> hints = fieldHints.get(field);
        List<JsonNode> bad = badHints.get(field);
        // Mostly right, so that a third of the requests (those without a mutation) reach past validation.
        return Arbitraries.frequencyOf(Tuple.of(hints == null ? 0 : 16, hints == null ? edge : Arbitraries.of(hints)),
                Tuple.of(hints == null ? 16 : 2, bySchema), Tuple.of(bad == null ? 0 : 2, bad == null ? edge
                        : Arbitraries.of(bad)), Tuple.of(1, edge));
    }

    private Arbitrary<JsonNode> bySchema(FuzzOperations operations, String field, JsonNode schema, int depth) {
        if (schema.path("enum").isArray() && !schema.path("enum").isEmpty()) {
            List<JsonNode> values = new ArrayList<>();
            schema.path("enum").forEach(values::add);
            return Arbitraries.of(values);
        }
        String type = schema.path("type").isArray() ? schema.path("type").get(0).asText()
                : schema.path("type").asText("");
        if (depth > 4) {
            return scalar();
        }
        return switch (type) {
            case "string" -> schema.path("format").asText().equals("date-time")
                    ? Arbitraries.of("2026-03-01T10:00:00Z", "2026-03-01T10:00:00.123456789+02:00", "2026-02-30T00:00:00Z")
                            .map(NODES::textNode)
                    : Arbitraries.strings().alpha().numeric().withChars(" _-.:").ofMinLength(1).ofMaxLength(24)
                            .map(NODES::textNode);
            case "integer" -> Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.integers().between(-3, 2000)
                    .map(i -> (JsonNode) NODES.numberNode(i))), Tuple.of(1, Arbitraries.of(
                    (JsonNode) NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(new BigInteger("1" + "0".repeat(30))),
                    NODES.numberNode(Integer.MIN_VALUE))));
            case "number" -> Arbitraries.doubles().between(-1e6, 1e6).map(d -> (JsonNode) NODES.numberNode(d));
            case "boolean" -> Arbitraries.of(true, false).map(b -> (JsonNode) NODES.booleanNode(b));
            case "array" -> value(operations, field, schema.path("items"), depth + 1).list().ofMaxSize(4)
                    .map(FuzzValues::array);
            default -> schema.has("properties") ? object(operations, schema, depth) : free(depth);
        };
    }

    private Arbitrary<JsonNode> object(FuzzOperations operations, JsonNode schema, int depth) {
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        List<Arbitrary<Optional<Map.Entry<String, JsonNode>>>> members = new ArrayList<>();
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            String name = property.getKey();
            Arbitrary<Optional<Map.Entry<String, JsonNode>>> member = value(operations, name, property.getValue(),
                    depth + 1).map(v -> Optional.of(Map.entry(name, v)));
            // Most optional members are sent: a request with only a few rarely gets past validation.
            members.add(required.contains(name) ? member : member.injectNull(0.1).map(o -> o == null
                    ? Optional.empty() : o));
        }
        if (members.isEmpty()) {
            return free(depth);
        }
        return Combinators.combine(members).as(list -> {
            ObjectNode node = NODES.objectNode();
            list.forEach(m -> m.ifPresent(e -> node.set(e.getKey(), e.getValue())));
            return node;
        });
    }

    /** Any small JSON object, as {@code metaData} or a test run's state takes: plain mostly, odd keys sometimes. */
    private Arbitrary<JsonNode> free(int depth) {
        Arbitrary<String> keys = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.of("n", "note", "total", "tags", "nested", "amount", "status")),
                Tuple.of(1, Arbitraries.of("a.b", "$set", "__proto__", "constructor", "", "k\u0000", "\ud800")));
        // Now and then a value nested deeper than the sandbox folds (but within the body's limit): it must be
        // refused, or every read of the object the event goes to would fail.
        Arbitrary<JsonNode> deep = Arbitraries.of(FuzzMutation.deep(300, false), FuzzMutation.deep(600, false),
                FuzzMutation.deep(400, true));
        Arbitrary<JsonNode> values = depth > 3 ? scalar() : Arbitraries.frequencyOf(Tuple.of(16, scalar()),
                Tuple.of(3, Arbitraries.lazy(() -> free(depth + 2))), Tuple.of(depth == 0 ? 1 : 0, deep));
        return Arbitraries.maps(keys, values).ofMaxSize(4).map(map -> {
            ObjectNode node = NODES.objectNode();
            map.forEach(node::set);
            return node;
        });
    }

    private static Arbitrary<JsonNode> scalar() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(-100, 100000).map(i -> (JsonNode) NODES.numberNode(i))),
                Tuple.of(4, Arbitraries.strings().alpha().ofMaxLength(12).map(NODES::textNode)),
                Tuple.of(1, Arbitraries.of(EDGE_STRINGS).map(NODES::textNode)),
                Tuple.of(1, Arbitraries.of((JsonNode) NODES.booleanNode(true), NODES.nullNode(), NODES.numberNode(-0.0),
                        NODES.numberNode(1.5e300), NODES.arrayNode())));
    }

    private static JsonNode array(List<JsonNode> items) {
        ArrayNode node = NODES.arrayNode();
        items.forEach(node::add);
        return node;
    }

    /**
     * Percent-encodes what a URL cannot carry as it is: lone surrogates become the 3 bytes of their CESU-8 form,
     * which a strict decoder must refuse.
     */
    static String encode(String raw) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char ch = raw.charAt(i);
            if (Character.isSurrogate(ch) && !(Character.isHighSurrogate(ch) && i + 1 < raw.length()
                    && Character.isLowSurrogate(raw.charAt(i + 1)))
                    && !(Character.isLowSurrogate(ch) && i > 0 && Character.isHighSurrogate(raw.charAt(i - 1)))) {
                out.append(String.format("%%%02X%%%02X%%%02X", 0xE0 | (ch >> 12), 0x80 | ((ch >> 6) & 0x3F),
                        0x80 | (ch & 0x3F)));
            } else if (Character.isHighSurrogate(ch) || Character.isLowSurrogate(ch)) {
                if (Character.isHighSurrogate(ch)) {
                    out.append(URLEncoder.encode(raw.substring(i, i + 2), StandardCharsets.UTF_8));
                }
            } else {
                out.append(URLEncoder.encode(String.valueOf(ch), StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        return out.toString();
    }
}
