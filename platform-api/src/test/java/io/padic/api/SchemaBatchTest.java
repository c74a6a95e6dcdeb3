package io.padic.api;

import static com.mongodb.client.model.Filters.eq;
import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.readObject;
import static io.padic.api.support.Api.store;
import static io.padic.api.support.Api.workspace;
import static io.padic.api.support.Schemas.countInStore;
import static io.padic.api.support.Schemas.declare;
import static io.padic.api.support.Schemas.optional;
import static io.padic.api.support.Schemas.pinsInStore;
import static io.padic.api.support.Schemas.required;
import static io.padic.api.support.Schemas.violations;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.api.store.StoreKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** A batch is checked item by item: the valid items are stored in order, each invalid one gets its problem. */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class SchemaBatchTest {

    /** Items 2, 5 and 8 are invalid, each in its own way; the field each problem must name. */
    private static final Map<Integer, String> INVALID = Map.of(2, "metaData.amount", 5, "metaData.currency",
            8, "metaData.note");

    @Test
    void aBatchOfTenWithThreeInvalidStoresSevenAndExplainsThree() {
        Workspace w = workspace();
        declare(w, "Payment", "reject", required("amount", "integer"), required("currency", "string"),
                optional("memo", "string"));
        createObject(w.key(), "Account", "acc1");

        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Map<String, Object> metaData = switch (i) {
                case 2 -> Map.of("amount", 2.5, "currency", "EUR");
                case 5 -> Map.of("amount", 5);
                case 8 -> Map.of("amount", 8, "currency", "EUR", "note", "unknown field");
                default -> Map.of("amount", i, "currency", "EUR", "memo", "item " + i);
            };
            items.add(Map.of("type", "Payment", "concerns", "acc1", "metaData", metaData));
        }
        JsonPath answer = as(w.key()).body(Map.of("events", items)).post("/v1/events/batch").then()
                .statusCode(200).extract().jsonPath();

        List<String> storedIds = new ArrayList<>();
        long seq = 0;
        for (int i = 0; i < 10; i++) {
            String at = "results[" + i + "].";
            if (INVALID.containsKey(i)) {
                assertEquals(422, answer.getInt(at + "status"), "item " + i);
                assertNull(answer.get(at + "event"), "item " + i);
                assertEquals(422, answer.getInt(at + "problem.status"), "item " + i);
                assertEquals(List.of(INVALID.get(i)), answer.getList(at + "problem.errors.field"), "item " + i);
            } else {
                assertEquals(201, answer.getInt(at + "status"), "item " + i);
                assertEquals(++seq, answer.getLong(at + "event.pins[0].seq"), "item " + i + " keeps its order");
                storedIds.add(answer.getString(at + "event.id"));
            }
        }
        assertEquals(7, storedIds.size());
        assertEquals(7, Set.copyOf(storedIds).size());

        // The batch's single-object events are recorded once, together; their pins hold the rest.
        assertEquals(1, countInStore("events", w.projectId()));
        Document batch = store().getCollection("events").find(eq("projectId", w.projectId())).first();
        assertEquals(7, batch.get("objects", Document.class).size());
        assertEquals(7, pinsInStore(w.projectId(), "acc1"));
        Document object = store().getCollection("objects").find(eq("_id", StoreKeys.object(w.projectId(), "acc1")))
                .first();
        assertEquals(7L, ((Number) object.get("head")).longValue());
        for (Document pin : store().getCollection("pins").find(eq("projectId", w.projectId()))) {
            assertEquals(1, pin.getInteger("typeVersion"), "every stored event records its version");
        }

        readObject(w.key(), "acc1", null).statusCode(200).body("seq", equalTo(7))
                .body("state.amount", equalTo(9)).body("state.memo", equalTo("item 9"));
        List<Integer> amounts = as(w.key()).get("/v1/objects/acc1/events").then().statusCode(200).extract()
                .jsonPath().getList("events.metaData.amount");
        assertEquals(List.of(0, 1, 3, 4, 6, 7, 9), amounts);
        List<String> loggedIds = as(w.key()).get("/v1/objects/acc1/events").then().extract().jsonPath()
                .getList("events.id");
        assertEquals(storedIds, loggedIds);
        violations(w, null).body("violations", empty());
    }

    @Test
    void aBatchUnderFlagStoresUnknownFieldsAndRecordsEachItem() {
        Workspace w = workspace();
        declare(w, "Payment", "flag", required("amount", "integer"));
        createObject(w.key(), "Account", "acc1");
        List<Map<String, Object>> items = List.of(
                Map.of("type", "Payment", "concerns", "acc1", "metaData", Map.of("amount", 1, "tip", 1)),
                Map.of("type", "Payment", "concerns", "acc1", "metaData", Map.of("amount", "one")),
                Map.of("type", "Payment", "concerns", "acc1", "metaData", Map.of("amount", 3)));
        as(w.key()).body(Map.of("events", items)).post("/v1/events/batch").then().statusCode(200)
                .body("results.status", equalTo(List.of(201, 422, 201)))
                .body("results[1].problem.errors.field", equalTo(List.of("metaData.amount")));
        assertEquals(2, pinsInStore(w.projectId(), "acc1"));
        violations(w, null).body("violations.violations.field", equalTo(List.of(List.of("metaData.tip"))));
    }
}
