package io.padic.api.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.padic.api.it.FuzzMutation.Kind;
import io.padic.api.it.FuzzOperations.Operation;
import io.padic.api.it.FuzzOperations.Param;
import io.padic.api.it.FuzzOperations.Plane;
import io.padic.api.it.FuzzRequest.Auth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Requests for every operation of the OpenAPI document: an operation drawn uniformly, its path parameters from
 * the tenants' real ids (or odd ones), its query parameters, headers and body from their schemas, a credential,
 * and a {@link FuzzMutation} (none in about a third of the requests).
 */
final class FuzzRequests {

    /**
     * Reducers the fuzzer may save: whatever it sends as {@code applyEvent} to save is put behind a
     * {@code return event.metaData;} (so its syntax is still checked, and the fuzzed metaData still goes through the
     * sandbox) unless it is one of these, which never throw. A saved
     * reducer that throws would make every read of the fuzzer's objects answer the documented 500
     * {@code reducer-failed} (docs/design.md#sandbox) instead of exercising the read.
     */
    static final Set<String> SAFE_REDUCERS = Set.of("return event.metaData;", "return {count: (state.count || 0) + 1};",
            "", "return {seen: event.type};");

    private final FuzzOperations document;
    private final List<Operation> operations;
    private final FuzzValues values;
    private final Map<Operation, Arbitrary<FuzzRequest>> byOperation = new HashMap<>();

    FuzzRequests(FuzzOperations document, List<Operation> operations, FuzzValues values) {
        this.document = document;
        this.operations = operations;
        this.values = values;
        operations.forEach(op -> byOperation.put(op, of(op)));
    }

    /** A request for any operation, each equally likely. */
    Arbitrary<FuzzRequest> any() {
        return Arbitraries.of(operations).flatMap(byOperation::get);
    }

    /**
     * Whether a request may name the fuzzer's own footing ({@link FuzzTenants#footing()}): not when it deletes
     * or leaves what it names. The other tenants' ids and odd ones are still sent to those routes.
     */
    private static boolean keepsFooting(Operation op) {
        return !op.method().equals("DELETE") && !op.path().endsWith("/leave");
    }

    private Arbitrary<FuzzRequest> of(Operation op) {
        Arbitrary<Auth> auth = Arbitraries.frequencyOf(Tuple.of(70, Arbitraries.just(Auth.OWN)),
                Tuple.of(op.plane() == Plane.CONTROL ? 8 : 0, Arbitraries.just(Auth.OWN_TOKEN)),
                Tuple.of(op.plane() == Plane.DATA ? 8 : 0, Arbitraries.just(Auth.READ_ONLY_KEY)),
                Tuple.of(5, Arbitraries.just(Auth.NONE)), Tuple.of(5, Arbitraries.just(Auth.GARBAGE)),
                Tuple.of(6, Arbitraries.just(Auth.OTHER_TENANT)), Tuple.of(5, Arbitraries.just(Auth.WRONG_KIND)));
        Arbitrary<List<String>> path = all(op.pathParams().stream()
                .map(p -> values.pathValue(op, p.name(), keepsFooting(op))).toList());
        Arbitrary<List<Optional<String>>> query = all(op.query().stream().map(values::queryValue).toList());
        Arbitrary<List<Optional<String>>> headers = all(op.headers().stream().map(this::header).toList());
        Arbitrary<Optional<JsonNode>> body = op.body() == null ? Arbitraries.just(Optional.empty())
                : values.value(document, "", op.body(), 0).map(Optional::of);
        Arbitrary<FuzzMutation> mutation = Combinators.combine(kinds(), Arbitraries.integers().between(0, 63),
                Arbitraries.integers().between(0, 99)).as(FuzzMutation::new);
        return Combinators.combine(auth, Arbitraries.integers().between(0, 9), path, query, headers, body, mutation)
                .as((a, variant, p, q, h, b, m) -> build(op, a, variant, p, q, h, b.orElse(null), m));
    }

    private static Arbitrary<Kind> kinds() {
        return Arbitraries.frequencyOf(Tuple.of(30, Arbitraries.just(Kind.NONE)),
                Tuple.of(8, Arbitraries.just(Kind.WRONG_TYPE)), Tuple.of(6, Arbitraries.just(Kind.DROP_FIELD)),
                Tuple.of(6, Arbitraries.just(Kind.EXTRA_FIELD)), Tuple.of(4, Arbitraries.just(Kind.NULL_FIELD)),
                Tuple.of(10, Arbitraries.just(Kind.EDGE_STRING)), Tuple.of(5, Arbitraries.just(Kind.OVERSIZE)),
                Tuple.of(4, Arbitraries.just(Kind.DEEP_NESTING)), Tuple.of(8, Arbitraries.just(Kind.BAD_JSON)),
                Tuple.of(4, Arbitraries.just(Kind.INVALID_UTF8)), Tuple.of(5, Arbitraries.just(Kind.CONTENT_TYPE)),
                Tuple.of(4, Arbitraries.just(Kind.HEADERS)), Tuple.of(4, Arbitraries.just(Kind.QUERY_JUNK)),
                Tuple.of(2, Arbitraries.just(Kind.BODY_PRESENCE)));
    }

    private Arbitrary<Optional<String>> header(Param param) {
        Arbitrary<Optional<String>> value = Arbitraries.of("key-1", "key-2", "k".repeat(255), "a b", "%E2%98%83")
                .map(v -> Optional.of(param.name() + ": " + v));
        return value.injectNull(0.5).map(v -> v == null ? Optional.empty() : v);
    }

    /** All of {@code parts} at once (jqwik's list combinator wants at least one). */
    private static <T> Arbitrary<List<T>> all(List<Arbitrary<T>> parts) {
        return parts.isEmpty() ? Arbitraries.just(List.of()) : Combinators.combine(parts).as(List::copyOf);
    }

    private static FuzzRequest build(Operation op, Auth auth, int authVariant, List<String> pathValues,
            List<Optional<String>> query, List<Optional<String>> headerValues, JsonNode body, FuzzMutation mutation) {
        FuzzMutation.Draft draft = new FuzzMutation.Draft();
        draft.body = body == null ? null : body.deepCopy();
        query.forEach(q -> q.ifPresent(draft.query::add));
        headerValues.forEach(h -> h.ifPresent(v -> draft.headers.add(Map.entry(v.substring(0, v.indexOf(':')),
                v.substring(v.indexOf(':') + 2)))));
        mutation.applyToTree(draft);
        if (op.method().equals("PUT") && op.path().endsWith("/event-types/{name}")
                && draft.body instanceof ObjectNode definition && definition.path("applyEvent").isTextual()
                && !SAFE_REDUCERS.contains(definition.path("applyEvent").asText())) {
            definition.put("applyEvent", "return event.metaData;\n" + definition.path("applyEvent").asText());
        }
        mutation.applyToBytes(draft);
        String path = op.path();
        for (int i = 0; i < op.pathParams().size(); i++) {
            path = path.replace("{" + op.pathParams().get(i).name() + "}", pathValues.get(i));
        }
        String target = draft.query.isEmpty() ? path : path + "?" + String.join("&", draft.query);
        return new FuzzRequest(op, auth, authVariant, target, List.copyOf(draft.headers), draft.contentType,
                draft.bytes, List.copyOf(new ArrayList<>(pathValues)), mutation.describe());
    }
}
