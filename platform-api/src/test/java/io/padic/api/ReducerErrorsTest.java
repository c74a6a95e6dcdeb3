package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.getEventType;
import static io.padic.api.support.Api.hideEvent;
import static io.padic.api.support.Api.issueKey;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.readObject;
import static io.padic.api.support.Api.saveEventType;
import static io.padic.api.support.Api.saveReducer;
import static io.padic.api.support.Api.sendBatch;
import static io.padic.api.support.Api.sendEventId;
import static io.padic.api.support.Api.workspace;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * I7 for reducers: a body that cannot be saved is refused with the line and column of the user's code and
 * nothing is stored; a body that fails at read time names the event, type, version and place, harms only
 * the objects that reach it, and hiding the event heals the object. The test panel reports the same way.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class ReducerErrorsTest {

    private static ValidatableResponse refused(ValidatableResponse response) {
        return problem(response, 422).body("type", endsWith("reducer-rejected"))
                .body("errors", hasSize(1)).body("errors[0].field", equalTo("applyEvent"));
    }

    @Test
    void aSyntaxErrorIsRefusedWithTheUsersLineAndColumn() {
        Workspace w = workspace();
        refused(saveEventType(w, "Broken", Map.of("applyEvent", "const a = 1;\nreturn { a: a + };")))
                .body("line", equalTo(2)).body("column", equalTo(17))
                .body("detail", containsString("Expected an operand"))
                .body("detail", containsString("line 2, column 17"))
                // The wrapper's own coordinates (line 3 of the wrapped source) never show.
                .body("detail", not(containsString(".js:")));
        refused(saveEventType(w, "Broken", Map.of("applyEvent", "return {;"))).body("line", equalTo(1))
                .body("column", equalTo(9));
        getEventType(w, "Broken").statusCode(404);
        as(w.account().token()).get("/v1/projects/" + w.projectId() + "/event-types").then().statusCode(200)
                .body("eventTypes", hasSize(0));

        // With a saved version, a broken save leaves it as it was and reads keep using it.
        String good = "return { a: event.metaData.a };";
        saveEventType(w, "Broken", Map.of("applyEvent", good)).statusCode(201);
        createObject(w.key(), "Thing", "t1");
        sendEventId(w.key(), "Broken", "t1", Map.of("a", 1));
        refused(saveEventType(w, "Broken", Map.of("applyEvent", "return { a: (1 + };")));
        getEventType(w, "Broken").statusCode(200).body("version", equalTo(1)).body("applyEvent", equalTo(good))
                .body("versions", hasSize(1));
        readObject(w.key(), "t1", null).statusCode(200).body("state.a", equalTo(1));
    }

    @Test
    void aBodyOver64KibIsRefused() {
        Workspace w = workspace();
        String big = "return {};\n// " + "x".repeat(64 * 1024);
        refused(saveEventType(w, "Big", Map.of("applyEvent", big))).body("detail", containsString("65536"));
        // Just under the limit is fine.
        saveEventType(w, "Big", Map.of("applyEvent", "return {};\n//" + "x".repeat(64 * 1024 - 13))).statusCode(201);
    }

    @Test
    void aBodyThatEscapesTheFunctionIsRefused() {
        Workspace w = workspace();
        for (String escape : List.of("}); (function(){",
                "return {}; }); globalThis.x = 1; (function(){ return {};",
                "return {}; }, function () { return {};")) {
            refused(saveEventType(w, "Escape", Map.of("applyEvent", escape)))
                    .body("detail", containsString("inside of applyEvent"));
        }
        getEventType(w, "Escape").statusCode(404);
    }

    /**
     * As docs/api.md says: saving runs the body on a sample event, and only a body that cannot finish there (a
     * limit) is refused; one that throws is saved, since the sample lacks the fields real events carry. So even a
     * body that always throws is saved, the test panel shows where it fails, and reads fail on its events.
     */
    @Test
    void aBodyThatAlwaysThrowsIsSavedAndFailsWhereItRuns() {
        Workspace w = workspace();
        String body = "throw new Error('never works');";
        saveEventType(w, "Broken", Map.of("applyEvent", body)).statusCode(201).body("version", equalTo(1));
        as(w.account().token()).body(Map.of("state", Map.of(), "event", Map.of("type", "Broken", "metaData", Map.of())))
                .post("/v1/projects/" + w.projectId() + "/event-types/Broken/test").then().statusCode(422)
                .body("type", endsWith("reducer-failed")).body("detail", containsString("never works"))
                .body("kind", equalTo("runtime"));
        createObject(w.key(), "Doc", "d1");
        String event = sendEventId(w.key(), "Broken", "d1", Map.of());
        problem(readObject(w.key(), "d1", null), 500).body("type", endsWith("reducer-failed"))
                .body("eventId", equalTo(event)).body("detail", containsString("never works"));
        // A body that cannot finish even on the sample is refused: ReducerContainmentTest.anEndlessBodyIsRefusedAtSave.
    }

    @Test
    void aReducerThatThrowsNamesTheEventAndOnlyItsObjectsFail() {
        Workspace w = workspace();
        saveReducer(w, "Note", "return { text: event.metaData.text };");
        saveReducer(w, "Boom", "const n = event.metaData.n;\nif (n !== undefined) { throw new Error('boom ' + n); }\n"
                + "return {};");
        createObject(w.key(), "Doc", "bad");
        createObject(w.key(), "Doc", "good");
        sendEventId(w.key(), "Note", "bad", Map.of("text", "hello"));
        String boom = sendEventId(w.key(), "Boom", "bad", Map.of("n", 7));
        sendEventId(w.key(), "Note", "bad", Map.of("text", "after"));
        sendEventId(w.key(), "Note", "good", Map.of("text", "fine"));

        // The column is where the Error is created ("new Error(...)"), as GraalJS reports it.
        problem(readObject(w.key(), "bad", null), 500).body("type", endsWith("reducer-failed"))
                .body("eventId", equalTo(boom)).body("eventType", equalTo("Boom")).body("version", equalTo(1))
                .body("line", equalTo(2)).body("column", equalTo(30)).body("kind", equalTo("runtime"))
                .body("detail", containsString("boom 7")).body("detail", containsString(boom))
                .body("state", nullValue());
        // The same answer for a past read that reaches the event; one that stops before it is fine.
        problem(readObject(w.key(), "bad", "seq=2"), 500).body("eventId", equalTo(boom));
        readObject(w.key(), "bad", "seq=1").statusCode(200).body("state.text", equalTo("hello"));
        readObject(w.key(), "good", null).statusCode(200).body("state.text", equalTo("fine"));

        hideEvent(w.key(), boom).statusCode(201);
        readObject(w.key(), "bad", null).statusCode(200).body("seq", equalTo(4))
                .body("state", equalTo(Map.of("text", "after")));
    }

    @Test
    void belowTheHighestLevelAReadFailureNamesThePlaceButNotTheMessageWhichMayQuoteMetaData() {
        Workspace w = workspace();
        saveReducer(w, "Parse", "throw new Error('cannot parse ' + event.metaData.raw);");
        createObject(w.key(), "Doc", "leaky");
        String bad = sendEventId(w.key(), "Parse", "leaky", Map.of("raw", "{secret-pin-4711"));
        String publicKey = issueKey(w.account(), w.projectId(), "public", List.of("objects:read")).secret();

        problem(readObject(publicKey, "leaky", null), 500).body("type", endsWith("reducer-failed"))
                .body("eventId", equalTo(bad)).body("eventType", equalTo("Parse")).body("line", equalTo(1))
                .body("detail", containsString(bad)).body("detail", not(containsString("4711")))
                .body("detail", not(containsString("secret")));
        // The highest level (owner) still reads what the reducer said.
        problem(readObject(w.key(), "leaky", null), 500).body("detail", containsString("secret-pin-4711"));
    }

    @Test
    void hidingTheEventHealsTheObjectAlsoWithSnapshotSeqsAroundIt() {
        Workspace w = workspace();
        saveReducer(w, "Note", "return { text: event.metaData.text };");
        saveReducer(w, "Boom", "if (event.metaData.n) { throw new Error('boom'); } return {};");
        createObject(w.key(), "Doc", "long");
        // Snapshots are taken every 64 seqs: the event at 65 lies between the one at 64 and the one at 128,
        // which holds the event because its hide comes later.
        sendBatch(w.key(), notes(0, 64));
        String boom = sendEventId(w.key(), "Boom", "long", Map.of("n", 1));
        sendBatch(w.key(), notes(64, 65));
        problem(readObject(w.key(), "long", null), 500).body("eventId", equalTo(boom));

        hideEvent(w.key(), boom).statusCode(201);
        readObject(w.key(), "long", null).statusCode(200).body("seq", equalTo(131))
                .body("state", equalTo(Map.of("text", "note 128")));
        // The past before the hide still reaches the event, and the past before the event does not.
        problem(readObject(w.key(), "long", "seq=128"), 500).body("eventId", equalTo(boom));
        readObject(w.key(), "long", "seq=64").statusCode(200).body("state", equalTo(Map.of("text", "note 63")));
    }

    private static List<Map<String, ?>> notes(int first, int count) {
        List<Map<String, ?>> notes = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            notes.add(Map.of("type", "Note", "concerns", "long", "metaData", Map.of("text", "note " + i)));
        }
        return notes;
    }

    @Test
    void aNewVersionNamesItselfWhenItFails() {
        Workspace w = workspace();
        saveReducer(w, "Count", "return { n: event.metaData.n };");
        createObject(w.key(), "Counter", "c1");
        String event = sendEventId(w.key(), "Count", "c1", Map.of("n", 1));
        saveReducer(w, "Count", "if (event.metaData.n === 1) {\n  return { n: event.metaData.n.missing.deeper };\n}"
                + "\nreturn {};");
        problem(readObject(w.key(), "c1", null), 500).body("eventId", equalTo(event))
                .body("eventType", equalTo("Count")).body("version", equalTo(2)).body("line", equalTo(2))
                .body("detail", containsString("Count v2"));
        saveReducer(w, "Count", "return { n: event.metaData.n * 10 };");
        readObject(w.key(), "c1", null).statusCode(200).body("state.n", equalTo(10));
    }

    @Test
    void theTestPanelRunsADraftAndReportsWhereItFails() {
        Workspace w = workspace();
        String path = "/v1/projects/" + w.projectId() + "/event-types/Draft/test";
        Map<String, Object> run = new HashMap<>();
        run.put("state", Map.of("a", 1, "name", "old"));
        run.put("event", Map.of("metaData", Map.of("name", "new")));
        run.put("accessLevel", "member");
        run.put("applyEvent", "console.log('renaming to', event.metaData.name, accessLevel);\n"
                + "return { name: event.metaData.name, a: null, level: accessLevel };");
        as(w.account().token()).body(run).post(path).then().statusCode(200)
                .body("delta", equalTo(deltaWithNull()))
                .body("state", equalTo(Map.of("name", "new", "level", "member")))
                .body("console", containsString("renaming to new member"));
        // A draft is not saved.
        getEventType(w, "Draft").statusCode(404);

        run.put("applyEvent", "const a = state.a;\nthrow new Error('draft failed with ' + a);");
        problem(as(w.account().token()).body(run).post(path).then(), 422).body("type", endsWith("reducer-failed"))
                .body("line", equalTo(2)).body("column", equalTo(7)).body("kind", equalTo("runtime"))
                .body("detail", containsString("draft failed with 1"));

        run.put("applyEvent", "return { a: };");
        refused(as(w.account().token()).body(run).post(path).then()).body("line", equalTo(1));

        // Without a draft, the saved code runs; an unknown type without a draft is a 404.
        saveReducer(w, "Draft", "return { twice: event.metaData.n * 2 };");
        as(w.account().token()).body(Map.of("event", Map.of("metaData", Map.of("n", 21)))).post(path).then()
                .statusCode(200).body("delta", equalTo(Map.of("twice", 42))).body("state", equalTo(Map.of("twice", 42)));
        as(w.account().token()).body(Map.of()).post("/v1/projects/" + w.projectId() + "/event-types/Nope/test")
                .then().statusCode(404);
    }

    private static Map<String, Object> deltaWithNull() {
        Map<String, Object> delta = new HashMap<>();
        delta.put("name", "new");
        delta.put("a", null);
        delta.put("level", "member");
        return delta;
    }
}
