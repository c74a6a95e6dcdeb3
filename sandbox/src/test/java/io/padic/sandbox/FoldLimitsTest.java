package io.padic.sandbox;

import static io.padic.sandbox.SandboxFoldTest.event;
import static io.padic.sandbox.SandboxFoldTest.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The statement and output-size limits (docs/design.md#sandbox): each bounds one whole fold, not one event and not the
 * context's lifetime, and each stops a fold with a failure that names the limit. The time limit is far
 * away, so what stops a fold here is the limit under test.
 */
class FoldLimitsTest {

    private static final long STATEMENTS = 1_000_000;
    private static final int STATE_CHARS = 64 * 1024;
    /** About 200,000 statements: two per turn of the loop. */
    private static final String BUSY = "let n = 0; while (n < 100000) { n++; } return { last: event.seq };";

    private static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = new Sandbox(SandboxLimits.defaults()
                .withStatementLimit(STATEMENTS)
                .withMaxOutputBytes(STATE_CHARS)
                .withTimeLimit(Duration.ofSeconds(60)));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static String busyEvents(int count) {
        List<String> events = new ArrayList<>();
        for (int seq = 1; seq <= count; seq++) {
            events.add(event(seq, "Busy", "{}"));
        }
        return events(events.toArray(String[]::new));
    }

    @Test
    void theStatementLimitStopsAFoldThatRunsPastIt() {
        ReducerSet set = new ReducerSet("prj_loop:v1", List.of(new ReducerCode("Loop", 1,
                "let n = 0; while (n < 600000) { n++; } return { n };")));
        ReducerFailure failure = assertThrows(ReducerFailure.class,
                () -> sandbox.fold(set, "{}", events(event(1, "Loop", "{}")), "public"));
        assertEquals(ReducerFailure.Kind.TOO_LONG, failure.kind());
        assertEquals("The reducers ran more than 1000000 statements and were stopped", failure.getMessage());
    }

    @Test
    void theStatementLimitCountsTheWholeFold() throws Exception {
        ReducerSet set = new ReducerSet("prj_busy:v1", List.of(new ReducerCode("Busy", 1, BUSY)));
        assertEquals("{\"last\":4}", sandbox.fold(set, "{}", busyEvents(4), "public"));
        // Six events of a fifth of the budget each: no single event is over, the fold is.
        ReducerFailure failure = assertThrows(ReducerFailure.class,
                () -> sandbox.fold(set, "{}", busyEvents(6), "public"));
        assertEquals(ReducerFailure.Kind.TOO_LONG, failure.kind());
        assertEquals("The reducers ran more than 1000000 statements and were stopped", failure.getMessage());
    }

    @Test
    void everyFoldGetsTheWholeStatementBudget() throws Exception {
        ReducerSet set = new ReducerSet("prj_again:v1", List.of(new ReducerCode("Busy", 1, BUSY)));
        // The pooled context is reused; what earlier folds spent must not count against the next one.
        for (int fold = 0; fold < 8; fold++) {
            assertEquals("{\"last\":4}", sandbox.fold(set, "{}", busyEvents(4), "public"), "fold " + fold);
        }
    }

    @Test
    void aStateOverTheOutputLimitFailsTheFoldNamingTheLimit() throws Exception {
        // Each event adds a tenth of the limit: the deltas stay small, the state as a whole does not.
        ReducerSet set = new ReducerSet("prj_grow:v1", List.of(new ReducerCode("Grow", 1,
                "return { ['part' + event.seq]: 'x'.repeat(" + STATE_CHARS / 10 + ") };")));
        List<String> events = new ArrayList<>();
        for (int seq = 1; seq <= 11; seq++) {
            events.add(event(seq, "Grow", "{}"));
        }
        String nine = sandbox.fold(set, "{}", events(events.subList(0, 9).toArray(String[]::new)), "public");
        assertTrue(nine.length() < STATE_CHARS, "nine parts fit: " + nine.length());

        ReducerFailure failure = assertThrows(ReducerFailure.class,
                () -> sandbox.fold(set, "{}", events(events.toArray(String[]::new)), "public"));
        assertEquals(ReducerFailure.Kind.OUTPUT_TOO_LARGE, failure.kind());
        assertTrue(failure.getMessage().endsWith("characters of JSON; the limit is " + STATE_CHARS),
                failure.getMessage());
        // A state handed in from a cache or snapshot counts as well: folding the last two events onto it fails.
        assertThrows(ReducerFailure.class, () -> sandbox.fold(set, nine, events(events.subList(9, 11)
                .toArray(String[]::new)), "public"));
        // The same project's smaller states still fold in the same sandbox.
        assertEquals(nine, sandbox.fold(set, "{}", events(events.subList(0, 9).toArray(String[]::new)), "public"));
    }

    @Test
    void aTestRunOverTheOutputLimitFailsToo() {
        ReducerFailure failure = assertThrows(ReducerFailure.class, () -> sandbox.test(new ReducerCode("Big", 0,
                "return { big: 'x'.repeat(" + STATE_CHARS + ") };"), "{}", event(1, "Big", "{}"), "public"));
        assertEquals(ReducerFailure.Kind.OUTPUT_TOO_LARGE, failure.kind());
    }
}
