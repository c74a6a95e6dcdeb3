package io.padic.sandbox;

import static io.padic.sandbox.SandboxFoldTest.event;
import static io.padic.sandbox.SandboxFoldTest.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * I6 with events kept parsed between folds: a fold over texts a context parsed before gives what a fold of
 * freshly parsed JSON gives, and nothing a reducer does to its event, or to the sandbox's own functions,
 * reaches another fold.
 */
class ParsedEventsTest {

    private Sandbox sandbox = new Sandbox(SandboxLimits.defaults());

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private List<String> fold(ReducerSet set, List<String> texts) throws ReducerFailure {
        return sandbox.foldCapturing(set, "{}", texts, "public", new int[] {texts.size()});
    }

    @Test
    void aReducerThatChangesItsEventChangesNoOtherFold() throws Exception {
        ReducerSet set = new ReducerSet("prj_mutate:v1", List.of(new ReducerCode("Mutate", 1,
                "const seen = { name: event.metaData.name, concerns: event.concerns.length, seq: event.seq };"
                        + " event.metaData.name = 'changed'; event.metaData.extra = 1; event.concerns.push('x');"
                        + " event.seq = -1; delete event.id; Object.freeze(event.metaData);"
                        + " return { [event.metaData.name === 'changed' ? 'n' + seen.seq : 'x']: seen };")));
        List<String> texts = List.of(event(1, "Mutate", "{\"name\":\"a\"}"), event(2, "Mutate", "{\"name\":\"b\"}"));
        String expected = "{\"n1\":{\"name\":\"a\",\"concerns\":1,\"seq\":1},\"n2\":{\"name\":\"b\",\"concerns\":1,"
                + "\"seq\":2}}";
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of(expected), fold(set, texts));
        }
        // Texts of another shape than platform-api's envelope are copied whole, too.
        ReducerSet odd = new ReducerSet("prj_odd:v1", List.of(new ReducerCode("Odd", 1,
                "const seen = JSON.stringify(event); event.id.x = 2; event.concerns[0].y = 3; event.createdAt.z = 4;"
                        + " return { seen };")));
        List<String> oddTexts = List.of("{\"id\":{\"x\":1},\"seq\":1,\"type\":\"Odd\",\"createdAt\":{},"
                + "\"concerns\":[{}],\"metaData\":{}}");
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of("{\"seen\":" + quote(oddTexts.get(0)) + "}"), fold(odd, oddTexts));
        }
        // The same event twice in one fold: the second step gets the event as stored, too.
        assertEquals(List.of("{\"n1\":{\"name\":\"a\",\"concerns\":1,\"seq\":1}}"),
                fold(set, List.of(texts.get(0), texts.get(0))));
    }

    @Test
    void keptEventsFoldAsParsedJsonFolds() throws Exception {
        ReducerSet set = new ReducerSet("prj_same:v1", List.of(new ReducerCode("Echo", 1,
                "return { [event.seq]: { m: event.metaData, keys: Object.keys(event.metaData),"
                        + " proto: Object.getPrototypeOf(event.metaData) === Object.prototype,"
                        + " array: Array.isArray(event.metaData.list), negZero: Object.is(event.metaData.z, -0) } };")));
        List<String> texts = List.of(
                event(1, "Echo", "{\"__proto__\":{\"polluted\":true},\"toString\":\"t\",\"constructor\":1,\"z\":-0}"),
                event(2, "Echo", "{\"list\":[1,[2,{\"a\":null}],\"\\u00e9\\ud83d\\ude00\"],\"big\":1e21,\"2\":\"two\"}"),
                event(3, "Echo", "{\"nested\":{\"deep\":{\"deeper\":[true,false,null]}},\"1\":1,\"b\":2,\"a\":3}"));
        String expected = sandbox.fold(set, "{}", events(texts.toArray(String[]::new)), "public");
        for (int i = 0; i < 2; i++) {
            assertEquals(List.of(expected), fold(set, texts));
        }
    }

    @Test
    void aReducerCannotFoldTheKeptEventsNorReplaceAReducer() throws Exception {
        ReducerSet set = new ReducerSet("prj_reach:v1", List.of(
                new ReducerCode("Secret", 1, "return { secret: event.metaData.secret };"),
                new ReducerCode("Peek", 1, "let peeked = 'refused'; let replaced = 'refused';"
                        + " try { peeked = __padic.foldParsed('{}', '[0]', '[]', '[]', 'public', '[1]')[0]; }"
                        + " catch (e) { }"
                        + " try { __padic.register('Secret', function () { return { secret: 'replaced' }; });"
                        + " replaced = 'yes'; } catch (e) { }"
                        + " return { peeked, replaced };")));
        assertEquals(List.of("{\"secret\":\"s1\"}"), fold(set, List.of(event(1, "Secret", "{\"secret\":\"s1\"}"))));
        assertEquals(List.of("{\"peeked\":\"refused\",\"replaced\":\"refused\"}"),
                fold(set, List.of(event(1, "Peek", "{}"))));
        assertEquals(List.of("{\"secret\":\"s2\"}"), fold(set, List.of(event(2, "Secret", "{\"secret\":\"s2\"}"))));
    }

    @Test
    void beyondTheBudgetEventsAreParsedForTheFoldAlone() throws Exception {
        sandbox.close();
        String first = event(1, "Count", "{\"n\":1}");
        sandbox = new Sandbox(SandboxLimits.defaults().withParsedEventChars(first.length() * 2L));
        ReducerSet set = new ReducerSet("prj_budget:v1", List.of(new ReducerCode("Count", 1,
                "event.metaData.n = -1; return { sum: (state.sum || 0) + event.seq, last: event.seq };")));
        List<String> texts = new ArrayList<>();
        for (int seq = 1; seq <= 5; seq++) {
            texts.add(event(seq, "Count", "{\"n\":" + seq + "}"));
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of("{\"sum\":15,\"last\":5}"), fold(set, texts));
        }
    }

    @Test
    void aFailedFoldLeavesTheKeptEventsRight() throws Exception {
        ReducerSet set = new ReducerSet("prj_fail:v1", List.of(new ReducerCode("Step", 1,
                "if (event.metaData.fail && state.n >= 1) { throw new Error('no'); }"
                        + " return { n: (state.n || 0) + 1, seq: event.seq };")));
        List<String> texts = List.of(event(1, "Step", "{}"), event(2, "Step", "{\"fail\":true}"),
                event(3, "Step", "{}"));
        ReducerFailure failure = assertThrows(ReducerFailure.class, () -> fold(set, texts));
        assertEquals(1, failure.eventIndex());
        assertEquals(List.of("{\"n\":2,\"seq\":3}"), fold(set, List.of(texts.get(1), texts.get(2))));
        assertThrows(ReducerFailure.class, () -> fold(set, texts));
    }

    private static String quote(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
