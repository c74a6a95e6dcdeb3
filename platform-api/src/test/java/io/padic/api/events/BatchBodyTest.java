package io.padic.api.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.padic.api.common.ApiProblem;
import io.padic.api.common.StrictJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batch body is read item by item: a bad item is refused on its own and the items after it keep their places. */
class BatchBodyTest {

    private static final ObjectMapper JSON = strictMapper();

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        new StrictJson().customize(mapper);
        return mapper;
    }

    private static List<BatchBody.Item> read(String body) {
        return BatchBody.read(JSON, body.getBytes(StandardCharsets.UTF_8), 1000);
    }

    @Test
    void eachBadItemIsRefusedOnItsOwnAndTheOthersKeepTheirPlaces() {
        List<BatchBody.Item> items = read("""
                {"events": [
                  {"type": "A", "concerns": "o", "metaData": {"deep": {"list": [1, {"x": 2}]}}},
                  {"type": 5, "concerns": "o", "metaData": {"skipped": {"nested": [1, 2, {"y": [3]}]}}},
                  "just a string",
                  [1, 2, [3]],
                  null,
                  {"type": "B", "colour": {"red": [1]}, "concerns": "o"},
                  {"type": "C", "concerns": ["o", "p"], "occurredAt": "yesterday"},
                  {"type": "D", "concerns": "o", "occurredAt": "2026-01-31T12:00:00Z"}
                ]}""");
        assertEquals(8, items.size());
        assertEquals("A", items.get(0).event().type());
        assertEquals("{\"deep\":{\"list\":[1,{\"x\":2}]}}", items.get(0).event().metaData().toString());
        assertEquals("type", field(items.get(1)));
        assertEquals(400, items.get(2).problem().status());
        assertEquals(400, items.get(3).problem().status());
        assertEquals(400, items.get(4).problem().status());
        assertEquals("colour", field(items.get(5)));
        assertEquals("occurredAt", field(items.get(6)));
        assertEquals("D", items.get(7).event().type());
        assertNull(items.get(7).problem());
    }

    @Test
    void theBodyAsAWholeMustBeOneObjectWithAListOfOneToAThousandEvents() {
        assertEquals("events", field(assertThrows(ApiProblem.class, () -> read("{}"))));
        assertEquals("events", field(assertThrows(ApiProblem.class, () -> read("{\"events\": {\"type\": \"A\"}}"))));
        assertEquals("events", field(assertThrows(ApiProblem.class, () -> read("{\"events\": []}"))));
        assertEquals("extra", field(assertThrows(ApiProblem.class, () -> read("{\"events\": [], \"extra\": 1}"))));
        assertEquals(400, assertThrows(ApiProblem.class, () -> read("[]")).status());
        assertEquals(400, assertThrows(ApiProblem.class, () -> read("{\"events\": [{}]} {}")).status());
        assertEquals(400, assertThrows(ApiProblem.class, () -> read("{\"events\": [{\"type\": \"A\",}]}")).status());
        assertEquals(400, assertThrows(ApiProblem.class,
                () -> read("{\"events\": [{\"type\": \"A\", \"type\": \"B\"}]}")).status(), "a repeated key");
        StringBuilder many = new StringBuilder("{\"events\": [");
        for (int i = 0; i < 1001; i++) {
            many.append(i == 0 ? "" : ",").append("{\"type\": \"A\", \"concerns\": \"o\"}");
        }
        ApiProblem tooMany = assertThrows(ApiProblem.class, () -> read(many.append("]}").toString()));
        assertEquals("events", field(tooMany));
        assertEquals("holds 1001 events; a batch holds 1 to 1000", tooMany.errors().get(0).message());
    }

    private static String field(BatchBody.Item item) {
        return field(item.problem());
    }

    private static String field(ApiProblem problem) {
        return problem.errors().get(0).field();
    }
}
