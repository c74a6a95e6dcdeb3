package io.padic.sandbox;

import static io.padic.sandbox.SandboxFoldTest.event;
import static io.padic.sandbox.SandboxFoldTest.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * I6: hostile reducers reach no host class, file, process, clock or randomness; loops and bombs are
 * stopped; nothing one fold does is seen by another project or by the next fold. After every attack the
 * same sandbox folds another project's events correctly.
 */
class ContainmentTest {

    private static Sandbox sandbox;
    private static int attackCount;

    @BeforeAll
    static void start() {
        // A small allocation budget, so bombs trip the guard quickly even in the interpreter.
        sandbox = new Sandbox(SandboxLimits.defaults()
                .withTimeLimit(Duration.ofSeconds(3))
                .withMaxAllocatedBytes(64L * 1024 * 1024));
        sandbox.warmUp();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    /**
     * Another project's fold, right after each attack: it folds to the right state, untouched by the attack,
     * and no limit stops it (a fold slowed by the attack's leftovers would be stopped by the time limit).
     */
    @AfterEach
    void anotherProjectIsStillServed() throws ReducerFailure {
        ReducerSet victim = new ReducerSet("prj_victim:v1", List.of(new ReducerCode("Rename", 1,
                "return { name: event.metaData.name, polluted: ({}).x, leaked: typeof globalThis.leak };")));
        String state = sandbox.fold(victim, "{}", events(event(1, "Rename", "{\"name\":\"safe\"}")), "public");
        assertEquals("{\"name\":\"safe\",\"leaked\":\"undefined\"}", state);
    }

    private static ReducerFailure attack(String body) {
        ReducerSet set = new ReducerSet("prj_attacker:v" + (++attackCount), List.of(new ReducerCode("Attack", 1, body)));
        return assertThrows(ReducerFailure.class, () -> sandbox.fold(set, "{}",
                events(event(1, "Attack", "{}")), "public"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "return { t: Java.type('java.lang.System') };",
        "return { v: Polyglot.eval('js', '1') };",
        "return { v: load('/etc/passwd') };",
        "return { v: load('https://example.com/x.js') };",
        "return { v: require('fs') };",
        "return { v: process.env };",
        "return { v: Packages.java.lang.Runtime };",
        "return { v: Graal.versionJS };"
    })
    void hostAccessIsAbsent(String body) {
        ReducerFailure failure = attack(body);
        assertEquals(ReducerFailure.Kind.RUNTIME, failure.kind(), failure.getMessage());
        assertTrue(failure.getMessage().contains("is not defined") || failure.getMessage().contains("not a function"),
                failure.getMessage());
    }

    /**
     * A dynamic import of a real, readable module settles when the host call ends (GraalJS runs the promise
     * jobs then), after the fold's result is taken; the test run's console shows how it settled.
     */
    @Test
    void dynamicImportCannotReadFiles(@TempDir Path dir) throws Exception {
        Path module = Files.writeString(dir.resolve("secret.mjs"), "export default 'top-secret';");
        Sandbox.TestResult run = sandbox.test(new ReducerCode("Attack", 0, "import('" + module + "').then("
                + " m => console.log('loaded ' + m.default), e => console.log('refused ' + e.message)); return {};"),
                "{}", event(1, "Attack", "{}"), "public");
        assertTrue(run.console().startsWith("refused "), run.console());
        assertFalse(run.console().contains("top-secret"), run.console());
    }

    @Test
    void endlessLoopsAreStopped() {
        // The interpreter allocates as it loops, so the small allocation budget may trip before the clock.
        for (String loop : List.of("while (true) {}", "for (;;) { Math.abs(1); }")) {
            ReducerFailure failure = attack(loop);
            assertTrue(failure.kind() == ReducerFailure.Kind.TOO_LONG
                    || failure.kind() == ReducerFailure.Kind.TOO_MUCH_MEMORY, failure.kind() + " " + failure.getMessage());
        }
    }

    @Test
    void deepRecursionIsARuntimeError() {
        ReducerFailure failure = attack("const f = n => f(n + 1) + 1; return { v: f(0) };");
        assertEquals(ReducerFailure.Kind.RUNTIME, failure.kind());
        assertTrue(failure.getMessage().contains("call stack"), failure.getMessage());
    }

    @Test
    void stringBombIsStopped() {
        ReducerFailure failure = attack("let s = 'x'; while (true) { s = s + s; } return {};");
        assertTrue(failure.kind() == ReducerFailure.Kind.TOO_MUCH_MEMORY
                || failure.kind() == ReducerFailure.Kind.RUNTIME, failure.kind() + " " + failure.getMessage());
    }

    @Test
    void arrayBombIsStopped() {
        ReducerFailure failure = attack("const a = []; while (true) { a.push(new Float64Array(1 << 20)); } return {};");
        assertEquals(ReducerFailure.Kind.TOO_MUCH_MEMORY, failure.kind(), failure.getMessage());
    }

    @Test
    void objectGraphBombIsStopped() {
        // Whichever limit trips first stops it; HeapPressureTest shows the memory watch on its own.
        ReducerFailure failure = attack("const a = []; while (true) { a.push({ x: a.length, y: [1, 2, 3], z: { w: 'v' } }); }");
        assertTrue(failure.kind() == ReducerFailure.Kind.TOO_MUCH_MEMORY
                || failure.kind() == ReducerFailure.Kind.TOO_LONG, failure.kind() + " " + failure.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "return { t: Date.now() };",
        "return { t: Math.random() };",
        "return { t: new Date().getTime() };",
        "return { t: Date() };",
        "return { t: new (new Date(0)).constructor().getTime() };",
        "return { t: Reflect.construct(Date, []).getTime() };",
        "class Clock extends Date {} return { t: new Clock().getTime() };",
        "return { t: new Intl.DateTimeFormat('en').formatToParts().length };",
        "return { t: new Intl.DateTimeFormat('en').format() };"
    })
    void clocksAndRandomnessAreRemoved(String body) {
        ReducerFailure failure = attack(body);
        assertEquals(ReducerFailure.Kind.RUNTIME, failure.kind());
        assertTrue(failure.getMessage().contains("not available in reducers"), failure.getMessage());
    }

    @Test
    void datesFromTheEventStillWork() throws Exception {
        ReducerSet set = new ReducerSet("prj_dates:v1", List.of(new ReducerCode("Stamp", 1,
                "return { year: new Date(event.createdAt).getUTCFullYear(), utc: Date.UTC(2020, 0, 1) };")));
        assertEquals("{\"year\":2026,\"utc\":1577836800000}",
                sandbox.fold(set, "{}", events(event(1, "Stamp", "{}")), "public"));
    }

    @Test
    void prototypePollutionIsRefusedAndInvisibleToTheNextFold() throws Exception {
        ReducerSet polluter = new ReducerSet("prj_polluter:v1", List.of(new ReducerCode("Pollute", 1,
                "const before = ({}).x === undefined ? 'clean' : 'polluted';"
                        + " let refused = false;"
                        + " try { Object.prototype.x = 1; } catch (e) { refused = e instanceof TypeError; }"
                        + " return { before, refused, after: ({}).x === undefined ? 'clean' : 'polluted' };")));
        String folds = events(event(1, "Pollute", "{}"));
        for (int i = 0; i < 2; i++) {
            assertEquals("{\"before\":\"clean\",\"refused\":true,\"after\":\"clean\"}",
                    sandbox.fold(polluter, "{}", folds, "public"));
        }
    }

    @Test
    void globalsDoNotLeakBetweenFolds() throws Exception {
        ReducerSet counter = new ReducerSet("prj_counter:v1", List.of(new ReducerCode("Count", 1,
                "try { globalThis.leak = (globalThis.leak || 0) + 1; } catch (e) { /* frozen */ }"
                        + " return { seen: typeof globalThis.leak };")));
        String folds = events(event(1, "Count", "{}"));
        for (int i = 0; i < 3; i++) {
            assertEquals("{\"seen\":\"undefined\"}", sandbox.fold(counter, "{}", folds, "public"));
        }
    }
}
