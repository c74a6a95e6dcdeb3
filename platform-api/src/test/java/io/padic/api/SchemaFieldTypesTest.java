package io.padic.api;

import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.getEventType;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.readObject;
import static io.padic.api.support.Api.saveEventType;
import static io.padic.api.support.Api.sendEvent;
import static io.padic.api.support.Api.workspace;
import static io.padic.api.support.Schemas.array;
import static io.padic.api.support.Schemas.declare;
import static io.padic.api.support.Schemas.meta;
import static io.padic.api.support.Schemas.object;
import static io.padic.api.support.Schemas.objectItems;
import static io.padic.api.support.Schemas.optional;
import static io.padic.api.support.Schemas.pinsInStore;
import static io.padic.api.support.Schemas.required;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each field type accepts its values and refuses others with a 422 whose {@code errors[].field} is the
 * exact path in the event; required, optional and null; every violation reported at once; bad field
 * definitions refused at PUT.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class SchemaFieldTypesTest {

    private static final String OBJECT = "t1";

    @Test
    void stringAcceptsTextOnly() {
        String key = keyFor(required("v", "string"));
        accept(key, "v", "hello", "");
        refuse(key, "v", 5, true, Map.of(), List.of());
        refused(key, meta("v", 5)).body("errors[0].message", equalTo("must be string, not integer"));
    }

    @Test
    void numberAcceptsWholeAndFractionalNumbers() {
        String key = keyFor(required("v", "number"));
        accept(key, "v", 2, 2.5, -0.001, 0);
        refuse(key, "v", "2", true, List.of(2));
    }

    @Test
    void integerRefusesFractionsThatNumberAccepts() {
        String key = keyFor(required("count", "integer"), required("amount", "number"));
        send(key, meta("count", 2, "amount", 2)).statusCode(201);
        send(key, meta("count", -7, "amount", 2.5)).statusCode(201);
        refused(key, meta("count", 1.5, "amount", 1.5))
                .body("errors.field", equalTo(List.of("metaData.count")))
                .body("errors[0].message", equalTo("must be integer, not number"));
        refused(key, meta("count", "3", "amount", 1))
                .body("errors.field", equalTo(List.of("metaData.count")));
    }

    @Test
    void booleanAcceptsTrueAndFalseOnly() {
        String key = keyFor(required("v", "boolean"));
        accept(key, "v", true, false);
        refuse(key, "v", "true", 1, 0);
    }

    @Test
    void timestampIsIso8601WithAZone() {
        String key = keyFor(required("v", "timestamp"));
        accept(key, "v", "2026-01-31T12:00:00Z", "2026-01-31T12:00:00.123+02:00", "2026-01-31t23:59:59-05:30");
        refuse(key, "v", "yesterday", "2026-13-01", "2026-13-01T00:00:00Z", "2026-01-31T12:00:00",
                "2026-01-31", 1738324800);
        refused(key, meta("v", "yesterday")).body("errors[0].message", containsString("ISO-8601"));
    }

    @Test
    void objectFieldsNestWithExactPaths() {
        String key = keyFor(object("address", true, required("city", "string"), optional("zip", "string")));
        accept(key, "address", Map.of("city", "Paris"), Map.of("city", "Paris", "zip", "75001"));
        refused(key, meta("address", Map.of("zip", "75001")))
                .body("errors.field", equalTo(List.of("metaData.address.city")))
                .body("errors[0].message", equalTo("is required"));
        refused(key, meta("address", Map.of("city", 5)))
                .body("errors.field", equalTo(List.of("metaData.address.city")));
        refused(key, meta("address", Map.of("city", "Paris", "street", "Rue de Rivoli")))
                .body("errors.field", equalTo(List.of("metaData.address.street")));
        refuse(key, "address", "Paris", List.of());
    }

    @Test
    void anObjectWithoutFieldsTakesAnyMembers() {
        String key = keyFor(required("v", "object"));
        accept(key, "v", Map.of(), Map.of("anything", List.of(1, Map.of("deep", true))));
        refuse(key, "v", List.of(), "x", 1);
    }

    @Test
    void arrayItemsAreCheckedOneByOne() {
        String key = keyFor(array("lines", true, objectItems(required("sku", "string"), optional("qty", "integer"))),
                array("tags", false, Map.of("type", "string")));
        accept(key, "lines", List.of(), List.of(Map.of("sku", "a"), Map.of("sku", "b", "qty", 2)));
        refused(key, meta("lines", List.of(Map.of("sku", "a"), Map.of("sku", "b"), Map.of("qty", 1))))
                .body("errors.field", equalTo(List.of("metaData.lines[2].sku")))
                .body("errors[0].message", equalTo("is required"));
        refused(key, meta("lines", List.of(Map.of("sku", "a", "qty", 1.5))))
                .body("errors.field", equalTo(List.of("metaData.lines[0].qty")));
        refused(key, meta("lines", List.of(), "tags", List.of("red", 3)))
                .body("errors.field", equalTo(List.of("metaData.tags[1]")));
        refuse(key, "lines", Map.of("sku", "a"), "a");
    }

    @Test
    void anyAcceptsEveryJsonValueButMustBePresentWhenRequired() {
        String key = keyFor(required("v", "any"));
        accept(key, "v", "x", 1, 1.5, true, Map.of("a", 1), List.of(1, "b"));
        refused(key, meta()).body("errors.field", equalTo(List.of("metaData.v")));
        refused(key, meta("v", null)).body("errors.field", equalTo(List.of("metaData.v")))
                .body("errors[0].message", endsWith("not null"));
    }

    @Test
    void anOptionalAnyFieldAlsoTakesNull() {
        String key = keyFor(optional("v", "any"));
        accept(key, "v", "x", 1, List.of(), null);
        send(key, meta()).statusCode(201);
    }

    @Test
    void aMissingRequiredFieldIsNamed() {
        String key = keyFor(required("name", "string"), optional("nickname", "string"));
        send(key, meta("name", "Ada")).statusCode(201);
        refused(key, meta("nickname", "Addy"))
                .body("errors.field", equalTo(List.of("metaData.name")))
                .body("errors[0].message", equalTo("is required"))
                .body("detail", equalTo("metaData.name: is required"));
    }

    @Test
    void nullIsRefusedForEveryRequiredField() {
        String key = keyFor(required("s", "string"), required("n", "number"), required("i", "integer"),
                required("b", "boolean"), required("t", "timestamp"), required("o", "object"),
                required("a", "array"), required("x", "any"));
        refused(key, meta("s", null, "n", null, "i", null, "b", null, "t", null, "o", null, "a", null, "x", null))
                .body("errors.field", equalTo(List.of("metaData.a", "metaData.b", "metaData.i", "metaData.n",
                        "metaData.o", "metaData.s", "metaData.t", "metaData.x")))
                .body("errors[0].message", equalTo("must be array, not null"));
    }

    @Test
    void nullForAnOptionalFieldIsAcceptedAndDeletesTheMemberInTheFold() {
        Workspace w = workspace();
        declare(w, "Profile", "reject", required("name", "string"), optional("nickname", "string"),
                optional("age", "integer"), object("address", false, required("city", "string"),
                        optional("zip", "string")));
        createObject(w.key(), "User", "u1");
        sendEvent(w.key(), "Profile", "u1", Map.of("name", "Ada", "nickname", "Addy", "age", 36,
                "address", Map.of("city", "Paris", "zip", "75001"))).statusCode(201);
        readObject(w.key(), "u1", null).body("state.nickname", equalTo("Addy"));

        sendEvent(w.key(), "Profile", "u1", meta("name", "Ada", "nickname", null,
                "address", meta("city", "Lyon", "zip", null))).statusCode(201);
        readObject(w.key(), "u1", null).statusCode(200).body("seq", equalTo(2))
                .body("state.containsKey('nickname')", equalTo(false))
                .body("state.address.containsKey('zip')", equalTo(false))
                .body("state.address.city", equalTo("Lyon"))
                .body("state.age", equalTo(36));
        sendEvent(w.key(), "Profile", "u1", meta("name", "Ada", "address", null, "age", null)).statusCode(201);
        readObject(w.key(), "u1", null).body("state", equalTo(Map.of("name", "Ada")));
    }

    @Test
    void everyViolationIsReportedInOneAnswerAndNothingIsStored() {
        Workspace w = workspace();
        declare(w, "Order", "reject", required("name", "string"), required("age", "integer"),
                optional("at", "timestamp"), object("address", true, required("city", "string")),
                array("lines", true, objectItems(required("sku", "string"))));
        createObject(w.key(), "Thing", OBJECT);
        ValidatableResponse answer = problem(sendEvent(w.key(), "Order", OBJECT, Map.of("age", 1.5,
                "at", "yesterday", "address", Map.of("city", 5),
                "lines", List.of(Map.of("sku", "a"), Map.of()), "extra", true)), 422);
        answer.body("type", endsWith("/validation")).body("detail", equalTo("6 fields are invalid"))
                .body("errors.field", equalTo(List.of("metaData.address.city", "metaData.age", "metaData.at",
                        "metaData.extra", "metaData.lines[1].sku", "metaData.name")));
        assertEquals(0, pinsInStore(w.projectId(), OBJECT));
        readObject(w.key(), OBJECT, null).body("seq", equalTo(0));
    }

    @Test
    void badFieldDefinitionsAreRefusedAtPutWithTheirPaths() {
        Workspace w = workspace();
        List<Map<String, Object>> fields = List.of(
                Map.of("name", "a", "type", "text"),
                Map.of("name", "b", "type", "string"),
                Map.of("name", "b", "type", "number"),
                Map.of("name", "c", "type", "string", "fields", List.of(required("d", "string"))),
                Map.of("name", "e", "type", "object", "fields", List.of(required("f", "strng"))),
                Map.of("name", "g", "type", "integer", "items", Map.of("type", "string")),
                Map.of("name", "h", "type", "array", "items", Map.of("name", "x", "type", "string")),
                Map.of("name", "9lives", "type", "string"));
        problem(saveEventType(w, "Broken", Map.of("fields", fields)), 422)
                .body("errors.field", containsInAnyOrder("fields[0].type", "fields[2].name", "fields[3].fields",
                        "fields[4].fields[0].type", "fields[5].items", "fields[6].items", "fields[7].name"))
                .body("errors.find { it.field == 'fields[2].name' }.message", containsString("'b'"));
        getEventType(w, "Broken").statusCode(404);
        problem(saveEventType(w, "Broken", Map.of("unknownFields", "maybe")), 422)
                .body("errors.field", equalTo(List.of("unknownFields")));
    }

    /** A new project with one event type, {@code Check}, that has these fields and refuses unknown ones. */
    @SafeVarargs
    private static String keyFor(Map<String, Object>... fields) {
        Workspace w = workspace();
        declare(w, "Check", "reject", fields);
        createObject(w.key(), "Thing", OBJECT);
        return w.key();
    }

    private static ValidatableResponse send(String key, Map<String, ?> metaData) {
        return sendEvent(key, "Check", OBJECT, metaData);
    }

    /** Each value of {@code field} alone is stored. */
    private static void accept(String key, String field, Object... values) {
        for (Object value : values) {
            send(key, meta(field, value)).statusCode(201);
        }
    }

    /** Each value of {@code field} alone is refused, naming {@code metaData.<field>} and nothing else. */
    private static void refuse(String key, String field, Object... values) {
        for (Object value : values) {
            refused(key, meta(field, value)).body("errors.field", equalTo(List.of("metaData." + field)));
        }
    }

    private static ValidatableResponse refused(String key, Map<String, ?> metaData) {
        return problem(send(key, metaData), 422);
    }
}
