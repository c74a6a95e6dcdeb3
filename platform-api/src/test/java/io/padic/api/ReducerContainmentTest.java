package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.getEventType;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.readObject;
import static io.padic.api.support.Api.saveEventType;
import static io.padic.api.support.Api.saveReducer;
import static io.padic.api.support.Api.sendEventId;
import static io.padic.api.support.Api.workspace;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.sandbox.Sandbox;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * I6 over HTTP: a hostile reducer of project A reaches no host class, file, process, clock or randomness,
 * is stopped within the limits, and its reads answer a problem (never a hang, never leaked data). Right
 * after every attack, project B's object, folded by its own JavaScript reducer, reads correctly; and
 * nothing one fold leaves behind is seen by B or by the next fold of A.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class ReducerContainmentTest {

    /** B's reducer also looks for what an attacker may have left behind in a shared realm. */
    private static final String VICTIM_REDUCER = """
            return {
              name: event.metaData.name,
              count: (state.count || 0) + 1,
              polluted: ({}).polluted === undefined && [].polluted === undefined ? 'no' : 'yes',
              leaked: typeof globalThis.leak
            };""";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static Workspace victim;
    private static int victimEvents;

    /** Its limits are padic.sandbox.*, or the library's where those are unset. */
    @Inject
    Sandbox sandbox;

    private Workspace attacker;

    @BeforeEach
    void twoProjects() {
        if (victim == null) {
            victim = workspace();
            saveReducer(victim, "Rename", VICTIM_REDUCER);
            createObject(victim.key(), "Item", "v1");
        }
        attacker = workspace();
    }

    /**
     * Another project's object, right after each attack: it takes a new event and reads correctly, folded
     * by its own reducer, untouched by the attack (a fold slowed by the attack would be stopped by the
     * time limit and answer a problem).
     */
    @AfterEach
    void anotherProjectIsStillServed() {
        String name = "safe-" + (++victimEvents);
        sendEventId(victim.key(), "Rename", "v1", Map.of("name", name));
        Map<String, Object> expected = Map.of("name", name, "count", victimEvents, "polluted", "no",
                "leaked", "undefined");
        readObject(victim.key(), "v1", null).statusCode(200)
                .body("seq", equalTo(victimEvents)).body("state", equalTo(expected));
    }

    static Stream<Arguments> attacks() {
        return Stream.of(
                Arguments.of("return { leaked: Java.type('java.lang.System') };", "runtime", "Java is not defined"),
                Arguments.of("return { leaked: Polyglot.eval('js', '1') };", "runtime", "Polyglot is not defined"),
                Arguments.of("return { leaked: load('/etc/passwd') };", "runtime", "load is not defined"),
                Arguments.of("return { leaked: require('fs') };", "runtime", "require is not defined"),
                Arguments.of("return { leaked: process.env };", "runtime", "process is not defined"),
                Arguments.of("while (true) {}", "too_long", "stopped"),
                Arguments.of("const f = n => f(n + 1) + 1; return { v: f(0) };", "runtime", "call stack"),
                Arguments.of("let s = 'x'; while (true) { s += s; }", "runtime|too_much_memory", "string length|memory"),
                // Stopped by its memory budget, or by the time limit first when the machine is slow.
                Arguments.of("const a = []; while (true) { a.push(new Float64Array(1 << 20)); }",
                        "too_much_memory|too_long", "memory|ran longer"),
                Arguments.of("return { t: Date.now() };", "runtime", "not available in reducers"),
                Arguments.of("return { t: Math.random() };", "runtime", "not available in reducers"),
                Arguments.of("return { t: new Date().getTime() };", "runtime", "not available in reducers"),
                Arguments.of("return { t: Date() };", "runtime", "not available in reducers"),
                Arguments.of("return { t: new (new Date(0)).constructor().getTime() };", "runtime",
                        "not available in reducers"),
                Arguments.of("return { t: Reflect.construct(Date, []).getTime() };", "runtime",
                        "not available in reducers"),
                Arguments.of("Object.prototype.polluted = 1;", "runtime", "polluted"),
                Arguments.of("globalThis.leak = event.metaData.attack;", "runtime", "leak"));
    }

    /**
     * The attack runs only when an event asks for it, so the save's check on a sample event passes and the
     * attack meets the read path: the fold of a real event.
     */
    @ParameterizedTest
    @MethodSource("attacks")
    void aHostileReducerFailsOnlyItsOwnReads(String attack, String kinds, String detail) {
        saveReducer(attacker, "Attack", "if (event.metaData.attack) {\n" + attack + "\n}\nreturn { calm: true };");
        String object = "a" + SEQUENCE.incrementAndGet();
        createObject(attacker.key(), "Target", object);
        sendEventId(attacker.key(), "Attack", object, Map.of("attack", "yes"));

        ValidatableResponse read = assertTimeoutPreemptively(bound(), () -> readObject(attacker.key(), object, null));
        problem(read, 500).body("type", endsWith("reducer-failed"))
                .body("kind", oneOf((Object[]) kinds.split("\\|")))
                .body("detail", matchesPattern("(?s).*(" + detail + ").*"))
                .body("state", equalTo(null));
        // The same project's calm events still fold with the same code.
        String calm = "a" + SEQUENCE.incrementAndGet();
        createObject(attacker.key(), "Target", calm);
        sendEventId(attacker.key(), "Attack", calm, Map.of("note", "calm"));
        readObject(attacker.key(), calm, null).statusCode(200).body("state", equalTo(Map.of("calm", true)));
    }

    /**
     * Without the condition, saving runs the body on a sample event: the save is bounded by the same
     * limits, and whether it refuses the body or stores it, no read ever hangs or answers data.
     */
    @ParameterizedTest
    @MethodSource("endlessBodies")
    void anEndlessBodyIsRefusedAtSave(String body) {
        ValidatableResponse saved = assertTimeoutPreemptively(bound(),
                () -> saveEventType(attacker, "Endless", Map.of("applyEvent", body)));
        problem(saved, 422).body("errors[0].field", equalTo("applyEvent"));
        getEventType(attacker, "Endless").statusCode(404);
    }

    static Stream<String> endlessBodies() {
        return Stream.of("while (true) {}", "for (;;) { Math.abs(1); }");
    }

    @Test
    void prototypePollutionIsRefusedAndInvisibleToTheNextFold() {
        saveReducer(attacker, "Pollute", """
                let refused = 'no';
                if (event.metaData.attack) {
                  try { Object.prototype.polluted = 'yes'; } catch (e) { refused = e.constructor.name; }
                  try { Array.prototype.polluted = 'yes'; } catch (e) { refused += '+' + e.constructor.name; }
                }
                return { refused, polluted: ({}).polluted === undefined && [].polluted === undefined ? 'no' : 'yes' };""");
        createObject(attacker.key(), "Target", "p1");
        createObject(attacker.key(), "Target", "p2");
        sendEventId(attacker.key(), "Pollute", "p1", Map.of("attack", true));
        sendEventId(attacker.key(), "Pollute", "p2", Map.of());
        readObject(attacker.key(), "p1", null).statusCode(200)
                .body("state", equalTo(Map.of("refused", "TypeError+TypeError", "polluted", "no")));
        readObject(attacker.key(), "p2", null).statusCode(200)
                .body("state", equalTo(Map.of("refused", "no", "polluted", "no")));
    }

    @Test
    void globalsDoNotSurviveTheFold() {
        saveReducer(attacker, "Count", """
                const before = typeof globalThis.leak;
                try { globalThis.leak = event.metaData.secret; } catch (e) { /* the global scope is frozen */ }
                try { var leak2 = 1; globalThis.leak2 = leak2; } catch (e) { /* the same */ }
                return { before, after: typeof globalThis.leak, other: typeof globalThis.leak2 };""");
        createObject(attacker.key(), "Target", "g1");
        sendEventId(attacker.key(), "Count", "g1", Map.of("secret", "s1"));
        sendEventId(attacker.key(), "Count", "g1", Map.of("secret", "s2"));
        Map<String, Object> clean = Map.of("before", "undefined", "after", "undefined", "other", "undefined");
        for (int i = 0; i < 3; i++) {
            readObject(attacker.key(), "g1", null).statusCode(200).body("state", equalTo(clean));
            readObject(attacker.key(), "g1", "seq=1").statusCode(200).body("state", equalTo(clean));
        }
    }

    /**
     * Contexts are pooled per project and code version, not per access level or object: a fold must leave
     * nothing in the realm for the next one. An owner-level fold tries to stash a field that the reducer
     * hides below owner in every mutable-looking place; a public-level fold of another object looks.
     */
    @Test
    void anOwnerFoldLeavesNothingForAPublicFold() {
        saveReducer(attacker, "Stash", """
                const secret = accessLevel === 'owner' ? event.metaData.secret : undefined;
                const places = [applyEvent, applyEvent.prototype, Object.getPrototypeOf([].values()),
                  Object.getPrototypeOf(''[Symbol.iterator]()), Object.getPrototypeOf(new Map().values()),
                  Object.getPrototypeOf(function* () {}), Object.getPrototypeOf(async function () {}),
                  Object.getPrototypeOf([].values().map(x => x)), Object.getPrototypeOf('a'.matchAll(/a/g))];
                const found = [];
                for (const place of places) {
                  if (secret !== undefined) {
                    try { place.stash = secret; } catch (e) { /* frozen */ }
                  }
                  if (place.stash !== undefined) {
                    found.push(place.stash);
                  }
                }
                if (secret !== undefined) {
                  /(s3cr3t[-a-z]*)/.exec(secret);
                }
                const last = typeof RegExp.lastMatch === 'string' ? RegExp.lastMatch : '';
                return { name: event.metaData.name, found: found.join(','), last: last.startsWith('s3') ? last : '' };""");
        createObject(attacker.key(), "Target", "x");
        createObject(attacker.key(), "Target", "y");
        sendEventId(attacker.key(), "Stash", "x", Map.of("name", "x", "secret", "s3cr3t-owner-only"));
        sendEventId(attacker.key(), "Stash", "y", Map.of("name", "y"));
        String publicKey = attacker.keyAt("public");

        Map<String, Object> x = Map.of("name", "x", "found", "", "last", "");
        Map<String, Object> y = Map.of("name", "y", "found", "", "last", "");
        for (int i = 0; i < 2; i++) {
            ValidatableResponse owner = readObject(attacker.key(), "x", null).statusCode(200);
            readObject(publicKey, "y", null).statusCode(200).body("state", equalTo(y));
            readObject(publicKey, "x", null).statusCode(200).body("state", equalTo(x));
            // Within its own fold, too, every place refused the write.
            owner.body("state", equalTo(x));
        }
    }

    /** An attack's read answers within the fold's time limit plus the request's own overhead. */
    private Duration bound() {
        return sandbox.limits().timeLimit().plusSeconds(8);
    }

    @Test
    void hostAccessIsAbsentEvenWhenProbedQuietly() {
        saveReducer(attacker, "Probe", """
                const names = ['Java', 'Polyglot', 'Graal', 'Packages', 'java', 'load', 'loadWithNewGlobal', 'require',
                  'process', 'quit', 'exit', 'read', 'readbuffer', 'print', 'performance', 'module', 'Deno', 'Bun'];
                const present = names.filter(n => typeof globalThis[n] !== 'undefined');
                return { present: present.join(',') };""");
        createObject(attacker.key(), "Target", "h1");
        sendEventId(attacker.key(), "Probe", "h1", Map.of());
        readObject(attacker.key(), "h1", null).statusCode(200).body("state.present", equalTo(""));
    }

    /**
     * A dynamic import of a real, readable module: its promise settles only after the reducer has returned
     * (when the sandbox runs the pending promise jobs), so the test run's console is where its outcome shows.
     */
    @Test
    void aDynamicImportOfAFileIsRefused(@TempDir Path dir) throws IOException {
        Path module = Files.writeString(dir.resolve("secret.mjs"), "export default 'top-secret';");
        String draft = "import('" + module + "').then(m => console.log('loaded ' + m.default),"
                + " e => console.log('refused ' + e.message));\nreturn { tried: true };";
        as(attacker.account().token()).body(Map.of("applyEvent", draft))
                .post("/v1/projects/" + attacker.projectId() + "/event-types/Probe/test").then().statusCode(200)
                .body("state", equalTo(Map.of("tried", true)))
                .body("console", startsWith("refused ")).body("console", not(containsString("top-secret")));
    }

    /**
     * A state past the size limit (padic.sandbox.max-state-bytes) fails the read with a problem naming the
     * limit; the object's earlier states, within the limit, stay readable.
     */
    @Test
    void aStateOverTheSizeLimitFailsItsReadsOnly() {
        saveReducer(attacker, "Grow", "return { ['part' + event.seq]: 'x'.repeat(event.metaData.size || 0) };");
        createObject(attacker.key(), "Target", "big");
        int maxStateBytes = sandbox.limits().maxOutputBytes();
        sendEventId(attacker.key(), "Grow", "big", Map.of("size", maxStateBytes / 2));
        readObject(attacker.key(), "big", null).statusCode(200).body("seq", equalTo(1))
                .body("state.part1.length()", equalTo(maxStateBytes / 2));
        sendEventId(attacker.key(), "Grow", "big", Map.of("size", maxStateBytes / 2));

        problem(readObject(attacker.key(), "big", null), 500).body("type", endsWith("reducer-failed"))
                .body("kind", equalTo("output_too_large"))
                .body("detail", containsString("the limit is " + maxStateBytes))
                .body("state", equalTo(null));
        readObject(attacker.key(), "big", "seq=1").statusCode(200).body("seq", equalTo(1))
                .body("state.part1.length()", equalTo(maxStateBytes / 2));
    }
}
