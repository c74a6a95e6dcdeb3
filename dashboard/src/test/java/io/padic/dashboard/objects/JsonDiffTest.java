package io.padic.dashboard.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.padic.dashboard.objects.JsonDiff.Kind;
import io.padic.dashboard.objects.JsonDiff.Line;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonDiffTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<Line> diff(String before, String after) throws Exception {
        return JsonDiff.between(JSON.readTree(before), JSON.readTree(after));
    }

    @Test
    void namesEachAddedRemovedAndChangedLeafByItsPath() throws Exception {
        assertEquals(List.of(
                new Line(Kind.CHANGED, "name", "\"Ada\"", "\"Ada Lovelace\""),
                new Line(Kind.REMOVED, "address.zip", "\"75001\"", null),
                new Line(Kind.ADDED, "address.city", null, "\"Paris\""),
                new Line(Kind.ADDED, "tags[1]", null, "\"b\""),
                new Line(Kind.ADDED, "[\"odd key\"]", null, "1")),
                diff("""
                        {"name": "Ada", "address": {"zip": "75001"}, "tags": ["a"], "same": true}""", """
                        {"name": "Ada Lovelace", "address": {"city": "Paris"}, "tags": ["a", "b"], "same": true, "odd key": 1}"""));
    }

    @Test
    void equalStatesHaveNoLinesAndAKindChangeIsOneLine() throws Exception {
        assertEquals(List.of(), diff("{\"a\": [1, {\"b\": 2}]}", "{\"a\": [1, {\"b\": 2}]}"));
        assertEquals(List.of(new Line(Kind.CHANGED, "a", "{\"b\":1}", "[1]")), diff("{\"a\": {\"b\": 1}}", "{\"a\": [1]}"));
        assertEquals(List.of(new Line(Kind.ADDED, "n", null, "1")), diff("{}", "{\"n\": 1}"));
    }
}
