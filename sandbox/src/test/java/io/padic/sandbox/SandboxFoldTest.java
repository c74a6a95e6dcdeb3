package io.padic.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Folds with user reducers: the Photo example, access levels, merge semantics and error locations. */
class SandboxFoldTest {

    static final String PHOTO_CREATE = """
            return { name: event.metaData.name, image_url: event.metaData.image_url };""";
    static final String PHOTO_MODIFY = """
            return { name: event.metaData.name };""";

    private static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = new Sandbox(SandboxLimits.defaults());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static String events(String... events) {
        return "[" + String.join(",", events) + "]";
    }

    static String event(int seq, String type, String metaData) {
        return "{\"id\":\"evt_" + seq + "\",\"seq\":" + seq + ",\"type\":\"" + type
                + "\",\"createdAt\":\"2026-01-01T00:00:0" + (seq % 10) + "Z\",\"concerns\":[\"p1\"],\"metaData\":"
                + metaData + "}";
    }

    private static ReducerSet photos() {
        return new ReducerSet("prj_a:v1", List.of(new ReducerCode("PhotoCreate", 1, PHOTO_CREATE),
                new ReducerCode("PhotoModify", 1, PHOTO_MODIFY)));
    }

    @Test
    void photoExampleFolds() throws Exception {
        String state = sandbox.fold(photos(), "{}", events(
                event(1, "PhotoCreate", "{\"name\":\"beach\",\"image_url\":\"https://x/1.jpg\"}"),
                event(2, "PhotoModify", "{\"name\":\"sunset\"}")), "public");
        assertEquals("{\"name\":\"sunset\",\"image_url\":\"https://x/1.jpg\"}", state);
    }

    @Test
    void aCapturingFoldReturnsTheStatesAfterTheAskedPrefixes() throws Exception {
        String[] all = {event(1, "PhotoCreate", "{\"name\":\"beach\",\"image_url\":\"u1\"}"),
                event(2, "PhotoModify", "{\"name\":\"sunset\"}"), event(3, "Tag", "{\"tag\":\"sea\"}"),
                event(4, "PhotoModify", "{\"name\":\"dusk\"}")};
        String start = "{\"likes\":1}";
        List<String> states = sandbox.foldCapturing(photos(), start, events(all), "public", new int[] {0, 2, 2, 4});
        assertEquals(4, states.size());
        assertEquals(start, states.get(0));
        assertEquals(sandbox.fold(photos(), start, events(all[0], all[1]), "public"), states.get(1));
        assertEquals(states.get(1), states.get(2));
        assertEquals(sandbox.fold(photos(), start, events(all), "public"), states.get(3));
    }

    @Test
    void aDeltaReachesTheNextReducerAsItsJsonWould() throws Exception {
        // A state folded in one go must equal one folded from the stored JSON of a state part-way (I4).
        ReducerSet set = new ReducerSet("prj_zero:v1", List.of(new ReducerCode("Zero", 1,
                "return state.z === undefined ? { z: -0 } : { negative: Object.is(state.z, -0) };")));
        String first = sandbox.fold(set, "{}", events(event(1, "Zero", "{}")), "public");
        assertEquals(sandbox.fold(set, first, events(event(2, "Zero", "{}")), "public"),
                sandbox.fold(set, "{}", events(event(1, "Zero", "{}"), event(2, "Zero", "{}")), "public"));
    }

    @Test
    void aCapturingFoldNamesTheEventThatFailed() {
        ReducerSet set = new ReducerSet("prj_cap:v1", List.of(new ReducerCode("Boom", 1,
                "if (event.metaData.fail) { throw new Error('no'); } return {};")));
        ReducerFailure failure = assertThrows(ReducerFailure.class, () -> sandbox.foldCapturing(set, "{}",
                events(event(1, "Boom", "{}"), event(2, "Boom", "{\"fail\":true}")), "public", new int[] {1, 2}));
        assertEquals(1, failure.eventIndex());
    }

    @Test
    void accessLevelReachesTheReducer() throws Exception {
        ReducerSet users = new ReducerSet("prj_b:v1", List.of(new ReducerCode("UserCreated", 1, """
                const out = { name: event.metaData.name };
                if (accessLevel === 'owner') {
                  out.email = event.metaData.email;
                }
                return out;""")));
        String events = events(event(1, "UserCreated", "{\"name\":\"Ada\",\"email\":\"ada@example.com\"}"));
        assertEquals("{\"name\":\"Ada\"}", sandbox.fold(users, "{}", events, "public"));
        assertEquals("{\"name\":\"Ada\",\"email\":\"ada@example.com\"}", sandbox.fold(users, "{}", events, "owner"));
    }

    @Test
    void mergeFollowsRfc7396() throws Exception {
        ReducerSet set = new ReducerSet("prj_c:v1", List.of());
        String state = sandbox.fold(set, "{}", events(
                event(1, "Set", "{\"a\":1,\"b\":{\"c\":2,\"d\":3},\"e\":[1,2],\"__proto__\":{\"x\":1},\"constructor\":5}"),
                event(2, "Set", "{\"a\":null,\"b\":{\"c\":null,\"f\":4},\"e\":[3]}")), "public");
        assertEquals("{\"b\":{\"d\":3,\"f\":4},\"e\":[3],\"__proto__\":{\"x\":1},\"constructor\":5}", state);
    }

    @Test
    void syntaxErrorsPointIntoTheUsersBody() {
        Optional<ReducerFailure> problem = sandbox.check("Broken", "const a = 1;\nreturn { a: a + };\n");
        assertTrue(problem.isPresent());
        assertEquals(ReducerFailure.Kind.SYNTAX, problem.get().kind());
        assertEquals(2, problem.get().location().line(), problem.get().getMessage());
        assertTrue(sandbox.check("Fine", "return {};").isEmpty());
        assertTrue(sandbox.check("Escape", "}); globalThis.x = 1; (function () {").isPresent());
    }

    @Test
    void runtimeErrorsNameTheEventTypeVersionLineAndColumn() {
        ReducerSet set = new ReducerSet("prj_d:v1", List.of(new ReducerCode("Boom", 3, """
                const n = 1;
                  throw new Error('bad ' + event.metaData.why);""")));
        ReducerFailure failure = assertThrows(ReducerFailure.class, () -> sandbox.fold(set, "{}", events(
                event(1, "Set", "{\"a\":1}"), event(2, "Boom", "{\"why\":\"input\"}")), "public"));
        assertEquals(ReducerFailure.Kind.RUNTIME, failure.kind());
        assertEquals(1, failure.eventIndex());
        assertEquals("Boom", failure.type());
        assertEquals(3, failure.version());
        assertEquals(2, failure.location().line());
        // The column of "new Error(...)", where the error is raised, as V8 and node report it.
        assertEquals(9, failure.location().column());
        assertTrue(failure.getMessage().contains("bad input"), failure.getMessage());
    }

    @Test
    void aDeltaThatIsNotAnObjectIsAnError() {
        ReducerSet set = new ReducerSet("prj_e:v1", List.of(new ReducerCode("Num", 1, "return 5;")));
        ReducerFailure failure = assertThrows(ReducerFailure.class,
                () -> sandbox.fold(set, "{}", events(event(1, "Num", "{}")), "public"));
        assertEquals(0, failure.eventIndex());
        assertTrue(failure.getMessage().contains("must return an object"), failure.getMessage());
    }

    @Test
    void testRunsReturnDeltaStateAndConsole() throws Exception {
        Sandbox.TestResult result = sandbox.test(new ReducerCode("PhotoModify", 0,
                "console.log('renaming to', event.metaData.name);\n" + PHOTO_MODIFY), "{\"name\":\"a\",\"size\":1}",
                event(1, "PhotoModify", "{\"name\":\"b\"}"), "public");
        assertEquals("{\"name\":\"b\"}", result.delta());
        assertEquals("{\"name\":\"b\",\"size\":1}", result.state());
        assertEquals("renaming to b\n", result.console());
    }
}
