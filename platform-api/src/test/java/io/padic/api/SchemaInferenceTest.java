package io.padic.api;

import static com.mongodb.client.model.Filters.eq;
import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.getEventType;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.saveEventType;
import static io.padic.api.support.Api.sendEvent;
import static io.padic.api.support.Api.signUp;
import static io.padic.api.support.Api.store;
import static io.padic.api.support.Api.workspace;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Schema inference (issue 4, item 6): flagged events feed field statistics, and
 * {@code GET .../event-types/inferred} suggests definitions that can be saved as they are.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class SchemaInferenceTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /**
     * Event i of the generated traffic: sku always, coupon in 40%, shipping in 90% (with zip in half), and
     * fields of every other kind.
     */
    private static Map<String, Object> order(int i) {
        Map<String, Object> metaData = new LinkedHashMap<>();
        metaData.put("sku", "SKU-" + i);
        if (i % 5 < 2) {
            metaData.put("coupon", "C" + i);
        }
        metaData.put("qty", i % 7 + 1);
        metaData.put("price", i % 2 == 0 ? (Object) i : (Object) (i + 0.5));
        metaData.put("placedAt", START.plusSeconds(i).toString());
        metaData.put("gift", i % 3 == 0);
        metaData.put("tags", List.of("t" + i % 4, "all"));
        metaData.put("ref", i % 2 == 0 ? (Object) i : (Object) ("r" + i));
        metaData.put("note", i % 4 == 0 ? null : "n" + i);
        metaData.put("lines", List.of(Map.of("sku", "A", "qty", 1), Map.of("sku", "B")));
        if (i % 10 < 9) {
            Map<String, Object> shipping = new LinkedHashMap<>();
            shipping.put("city", "Paris");
            if (i % 2 == 0) {
                shipping.put("zip", "75001");
            }
            metaData.put("shipping", shipping);
        }
        return metaData;
    }

    @Test
    void aThousandUndeclaredEventsGiveASuggestionThatCanBeSavedAndEnforced() {
        Workspace ws = workspace();
        for (int o = 0; o < 4; o++) {
            createObject(ws.key(), "Cart", "cart-" + o);
        }
        List<CompletableFuture<Void>> batches = new ArrayList<>();
        for (int batch = 0; batch < 4; batch++) {
            List<Map<String, Object>> events = new ArrayList<>();
            for (int i = batch * 250; i < (batch + 1) * 250; i++) {
                events.add(Map.of("type", "OrderPlaced", "concerns", "cart-" + batch, "metaData", order(i)));
            }
            batches.add(CompletableFuture.runAsync(() -> as(ws.key()).body(Map.of("events", events))
                    .post("/v1/events/batch").then().statusCode(200).body("results.status", everyItem(equalTo(201)))));
        }
        batches.forEach(CompletableFuture::join);
        Document stored = store().getCollection("field_stats").find(eq("_id", ws.projectId() + "/OrderPlaced")).first();
        assertNotNull(stored);
        assertEquals(1000L, ((Number) stored.get("events")).longValue());

        Map<String, Object> suggestion = suggestion(ws, "OrderPlaced");
        assertEquals(1000, suggestion.get("events"));
        assertNull(suggestion.get("basedOnVersion"));
        Map<String, Object> definition = map(suggestion.get("definition"));
        assertEquals("flag", definition.get("unknownFields"));
        List<Map<String, Object>> fields = list(definition.get("fields"));
        assertField(fields, "sku", "string", true);
        Map<String, Object> coupon = assertField(fields, "coupon", "string", false);
        assertTrue(((String) coupon.get("description")).startsWith("seen in 40% of 1000 events"),
                (String) coupon.get("description"));
        assertField(fields, "qty", "integer", true);
        assertField(fields, "price", "number", true);
        assertField(fields, "placedAt", "timestamp", true);
        assertField(fields, "gift", "boolean", true);
        assertEquals("string", map(assertField(fields, "tags", "array", true).get("items")).get("type"));
        assertField(fields, "ref", "any", true);
        assertField(fields, "note", "string", false);
        List<Map<String, Object>> shipping = list(assertField(fields, "shipping", "object", false).get("fields"));
        assertField(shipping, "city", "string", true);
        assertField(shipping, "zip", "string", false);
        Map<String, Object> lineItems = map(assertField(fields, "lines", "array", true).get("items"));
        assertEquals("object", lineItems.get("type"));
        assertField(list(lineItems.get("fields")), "sku", "string", true);
        assertField(list(lineItems.get("fields")), "qty", "integer", false);
        assertEquals(11, fields.size());

        saveEventType(ws, "OrderPlaced", definition).statusCode(201);
        Map<String, Object> missingSku = new HashMap<>(order(7));
        missingSku.remove("sku");
        problem(sendEvent(ws.key(), "OrderPlaced", "cart-0", missingSku), 422)
                .body("errors.field", hasItem("metaData.sku"));
        sendEvent(ws.key(), "OrderPlaced", "cart-0", order(1001)).statusCode(201);
        assertNull(suggestion(ws, "OrderPlaced"), "saved, and nothing flagged since");
    }

    @Test
    void aDeclaredTypeGainsItsFlaggedUnknownFieldsAsOptional() {
        Workspace ws = workspace();
        createObject(ws.key(), "User", "u1");
        String reducer = "return {email: event.metaData.email};";
        saveEventType(ws, "SignedUp", Map.of("unknownFields", "flag", "applyEvent", reducer, "fields", List.of(
                Map.of("name", "email", "type", "string", "required", true),
                Map.of("name", "profile", "type", "object", "fields",
                        List.of(Map.of("name", "age", "type", "integer"))),
                Map.of("name", "devices", "type", "array", "items", Map.of("type", "object", "fields",
                        List.of(Map.of("name", "os", "type", "string", "required", true))))))).statusCode(201);
        sendEvent(ws.key(), "SignedUp", "u1", Map.of("email", "a@example.com", "referrer", "newsletter",
                "profile", Map.of("age", 30, "country", "FR"),
                "devices", List.of(Map.of("os", "ios"), Map.of("os", "web", "browser", "firefox")))).statusCode(201);
        sendEvent(ws.key(), "SignedUp", "u1", Map.of("email", "b@example.com", "profile", Map.of("age", 31)))
                .statusCode(201);
        sendEvent(ws.key(), "SignedUp", "u1", Map.of("email", "c@example.com", "referrer", "ad")).statusCode(201);

        Map<String, Object> suggestion = suggestion(ws, "SignedUp");
        assertEquals(2, suggestion.get("events"), "only the flagged events are counted");
        assertEquals(1, suggestion.get("basedOnVersion"));
        assertEquals(Set.of("referrer", "profile.country", "devices[].browser"),
                Set.copyOf(list(suggestion.get("newFields"))));
        Map<String, Object> definition = map(suggestion.get("definition"));
        assertEquals(reducer, definition.get("applyEvent"));
        assertEquals("flag", definition.get("unknownFields"));
        List<Map<String, Object>> fields = list(definition.get("fields"));
        assertField(fields, "email", "string", true);
        assertField(fields, "referrer", "string", false);
        List<Map<String, Object>> profile = list(assertField(fields, "profile", "object", false).get("fields"));
        assertField(profile, "age", "integer", false);
        assertField(profile, "country", "string", false);
        Map<String, Object> device = map(assertField(fields, "devices", "array", false).get("items"));
        assertField(list(device.get("fields")), "os", "string", true);
        assertField(list(device.get("fields")), "browser", "string", false);

        saveEventType(ws, "SignedUp", definition).statusCode(200);
        getEventType(ws, "SignedUp").statusCode(200).body("version", equalTo(2))
                .body("applyEvent", equalTo(reducer));
        assertNull(suggestion(ws, "SignedUp"), "nothing flagged since version 2");

        sendEvent(ws.key(), "SignedUp", "u1", Map.of("email", "d@example.com", "plan", "pro")).statusCode(201);
        Map<String, Object> again = suggestion(ws, "SignedUp");
        assertEquals(2, again.get("basedOnVersion"));
        assertEquals(1, again.get("events"), "counted afresh from version 2");
        assertEquals(List.of("plan"), again.get("newFields"));
    }

    @Test
    void fieldsPerTypeAndDepthAreCappedAndOddNamesAreNotTracked() {
        Workspace ws = workspace();
        createObject(ws.key(), "Thing", "t1");
        Map<String, Object> wide = new LinkedHashMap<>();
        wide.put("$ref", "x");
        wide.put("dotted.name", 1);
        for (int i = 0; i < 250; i++) {
            wide.put("f" + i, i);
        }
        Map<String, Object> deep = Map.of("leaf", true);
        for (int level = 0; level < 10; level++) {
            deep = Map.of("down", deep);
        }
        sendEvent(ws.key(), "Wide", "t1", wide).statusCode(201);
        sendEvent(ws.key(), "Deep", "t1", deep).statusCode(201);

        Map<String, Object> wideSuggestion = suggestion(ws, "Wide");
        List<Map<String, Object>> fields = list(map(wideSuggestion.get("definition")).get("fields"));
        assertEquals(200, fields.size());
        assertField(fields, "$ref", "string", true);
        assertEquals(52, wideSuggestion.get("untrackedFields"), "'dotted.name' and f199 to f249, over the cap");
        saveEventType(ws, "Wide", map(wideSuggestion.get("definition"))).statusCode(201);

        Map<String, Object> level = map(suggestion(ws, "Deep").get("definition"));
        int depth = 0;
        while (level.get("fields") != null) {
            level = assertField(list(level.get("fields")), "down", "object", true);
            depth++;
        }
        assertEquals(8, depth, "as deep as a definition may nest");
        saveEventType(ws, "Deep", map(suggestion(ws, "Deep").get("definition"))).statusCode(201);
    }

    @Test
    void theSuggestionsAreForMembersAndLeaveTheEventTypeRoutesAlone() {
        Workspace ws = workspace();
        String path = "/v1/projects/" + ws.projectId() + "/event-types/inferred";
        problem(given().get(path).then(), 401);
        problem(as(signUp().token()).get(path).then(), 404);
        as(ws.account().token()).get(path).then().statusCode(200).body("eventTypes.size()",
                equalTo(0));
        saveEventType(ws, "Placed", Map.of("fields", List.of())).statusCode(201);
        getEventType(ws, "Placed").statusCode(200).body("name", equalTo("Placed"));
        // 'inferred' is reserved, so no event type can hide behind the suggestions' path.
        saveEventType(ws, "inferred", Map.of("fields", List.of())).statusCode(422).body("errors[0].field", equalTo("name"));
        as(ws.account().token()).get(path).then().statusCode(200).body("eventTypes.size()", equalTo(0));
    }

    private static Map<String, Object> suggestion(Workspace ws, String name) {
        List<Map<String, Object>> all = as(ws.account().token())
                .get("/v1/projects/" + ws.projectId() + "/event-types/inferred").then().statusCode(200)
                .extract().jsonPath().getList("eventTypes");
        return all.stream().filter(t -> name.equals(t.get("name"))).findFirst().orElse(null);
    }

    private static Map<String, Object> assertField(List<Map<String, Object>> fields, String name, String type,
            boolean required) {
        Map<String, Object> field = fields.stream().filter(f -> name.equals(f.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no field " + name + " in " + fields));
        assertEquals(type, field.get("type"), name + ": " + field);
        assertEquals(required, Boolean.TRUE.equals(field.get("required")), name + ": " + field);
        assertFalse(field.containsKey("items") && !"array".equals(type), name);
        return field;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object value) {
        return (List<T>) value;
    }
}
