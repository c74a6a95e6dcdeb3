package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.hideEvent;
import static io.padic.api.support.Api.saveReducer;
import static io.padic.api.support.Api.sendEventId;
import static io.padic.api.support.Api.workspace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.padic.api.fold.FoldStats;
import io.padic.api.support.Api.Workspace;
import io.padic.api.support.Api;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * Access levels hold in the edit log (issue 12, finding 2): raw metaData is for the project's highest level;
 * a lower level sees, per event, what the event changed in the state at its level, and nothing its reducer
 * hides from it. Random reducers hide random fields from random levels; the seed is printed and replayable
 * with {@code -Dpadic.editLog.seed=<seed>}.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class EditLogLevelsTest {

    @Inject
    FoldStats stats;

    static final String SEED = "padic.editLog.seed";
    static final String TRIES = "padic.editLog.tries";
    static final List<String> LEVELS = List.of("public", "member", "owner");
    static final List<String> FIELDS = List.of("a", "b", "c", "d", "e");
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aLowerLevelsEditLogShowsWhatEachEventChangedAtItsLevelAndNothingHidden() throws Exception {
        String given = System.getProperty(SEED, "").trim();
        long seed = given.isEmpty() ? new SecureRandom().nextLong() : Long.parseLong(given);
        System.out.println("EditLogLevelsTest seed " + seed + "; replay with -D" + SEED + "=" + seed);
        Random random = new Random(seed);
        int tries = Integer.getInteger(TRIES, 4);
        for (int trial = 0; trial < tries; trial++) {
            try {
                oneHistory(random, trial);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ", trial " + trial + ": " + e.getMessage(), e);
            }
        }
    }

    private void oneHistory(Random random, int trial) throws Exception {
        Workspace w = workspace();
        Map<String, String> keys = new HashMap<>();
        for (String level : LEVELS) {
            keys.put(level, level.equals("owner") ? w.key() : w.keyAt(level));
        }
        // Each type copies each field it is sent to the state, for the levels from a random one up: below the
        // top, some fields are always hidden, so the test has something to find.
        Map<String, Map<String, Integer>> rules = new HashMap<>();
        for (String type : List.of("SetA", "SetB")) {
            Map<String, Integer> lowest = new LinkedHashMap<>();
            for (String field : FIELDS) {
                lowest.put(field, random.nextInt(LEVELS.size()));
            }
            lowest.put(FIELDS.get(random.nextInt(FIELDS.size())), LEVELS.size() - 1);
            rules.put(type, lowest);
            saveReducer(w, type, reducer(lowest));
        }
        String objectId = "o" + trial;
        createObject(w.key(), "Thing", objectId);

        // Every value sent is a unique token; a token is hidden at a level if its field is hidden there.
        Map<String, Set<String>> hiddenAt = new HashMap<>();
        LEVELS.forEach(level -> hiddenAt.put(level, new HashSet<>()));
        List<String> sent = new ArrayList<>();
        int events = 6 + random.nextInt(8);
        int token = 0;
        for (int i = 0; i < events; i++) {
            if (!sent.isEmpty() && random.nextInt(6) == 0) {
                hideEvent(w.key(), sent.get(random.nextInt(sent.size()))).statusCode(201);
                continue;
            }
            String type = random.nextBoolean() ? "SetA" : "SetB";
            Map<String, Object> metaData = new HashMap<>();
            for (String field : FIELDS) {
                if (random.nextInt(3) == 0) {
                    continue;
                }
                String value = "T" + trial + "x" + token++ + "Z";
                Object sentValue = switch (random.nextInt(5)) {
                    case 0 -> null; // removes the field
                    case 1 -> Map.of("inner", value, "other", "k" + random.nextInt(2));
                    case 2 -> List.of(value);
                    default -> value;
                };
                metaData.put(field, sentValue);
                for (int level = 0; level < rules.get(type).get(field); level++) {
                    hiddenAt.get(LEVELS.get(level)).add(value);
                }
            }
            sent.add(sendEventId(w.key(), type, objectId, metaData));
        }

        int head = readState(keys.get("owner"), objectId, null).path("seq").asInt();
        for (String level : LEVELS) {
            String key = keys.get(level);
            // The log first, while no past state of this level is cached: it folds them itself.
            List<JsonNode> log = editLog(key, objectId, 1 + random.nextInt(5));
            List<Map<String, Object>> states = new ArrayList<>();
            if (!level.equals("owner")) {
                for (int seq = 0; seq <= head; seq++) {
                    states.add(stateAt(key, objectId, seq));
                }
            }
            assertEquals(head, log.size(), level + ": every event is in the log");
            for (JsonNode entry : log) {
                int seq = entry.path("seq").asInt();
                for (String hidden : hiddenAt.get(level)) {
                    assertFalse(entry.toString().contains(hidden),
                            level + " sees hidden value " + hidden + " at seq " + seq + ": " + entry);
                }
                if (level.equals("owner")) {
                    assertTrue(entry.has("metaData"), "the highest level reads metaData: " + entry);
                    assertFalse(entry.has("changes"), entry.toString());
                    continue;
                }
                assertFalse(entry.has("metaData"), level + " reads no metaData: " + entry);
                Map<String, Object> before = states.get(seq - 1);
                Map<String, Object> after = states.get(seq);
                Map<String, Object> changes = map(entry.path("changes"));
                assertEquals(mergeDiff(before, after), changes, level + " at seq " + seq);
                assertEquals(after, mergePatch(before, changes), level + " at seq " + seq);
            }
        }
    }

    @Test
    void aLongPageIsFoldedFromTheStateBeforeItAndAHideReachingBelowItShowsWhatItTookAway() throws Exception {
        Workspace w = workspace();
        saveReducer(w, "Set", "return accessLevel === 'owner' ? event.metaData : { n: event.metaData.n,"
                + " only: event.metaData.only };");
        createObject(w.key(), "Thing", "long");
        createObject(w.key(), "Thing", "other");
        List<Map<String, ?>> batch = new ArrayList<>();
        for (int i = 1; i <= 150; i++) {
            Map<String, Object> metaData = new HashMap<>(Map.of("n", i, "secret", "S" + i + "Z"));
            if (i == 10) {
                metaData.put("only", "ten");
            }
            batch.add(Map.of("type", "Set", "concerns", i % 7 == 0 ? List.of("long", "other") : "long",
                    "metaData", metaData));
        }
        Api.sendBatch(w.key(), batch);
        String tenth = as(w.key()).get("/v1/objects/long/events?after=9&limit=1").then().statusCode(200)
                .extract().path("events[0].id");
        hideEvent(w.key(), tenth).statusCode(201); // seq 151
        for (int i = 152; i <= 160; i++) {
            sendEventId(w.key(), "Set", "long", Map.of("n", i, "secret", "S" + i + "Z"));
        }
        String publicKey = w.keyAt("public");

        // A page starts from the state before it: with that state cached, it applies only its own events.
        readState(publicKey, "long", "seq=100");
        long applied = stats.eventsApplied();
        editLogPage(publicKey, "long", 100, 30);
        assertEquals(30, stats.eventsApplied() - applied, "events applied for a page of 30");

        // Pages longer than the run folded at once, one of them holding the hide of an event before it.
        List<JsonNode> log = editLog(publicKey, "long", 130);
        assertEquals(160, log.size());
        List<Map<String, Object>> states = new ArrayList<>();
        for (int seq = 0; seq <= 160; seq++) {
            states.add(stateAt(publicKey, "long", seq));
        }
        for (JsonNode entry : log) {
            int seq = entry.path("seq").asInt();
            assertFalse(entry.toString().matches("(?s).*S\\d+Z.*"), "a hidden secret at seq " + seq + ": " + entry);
            assertEquals(mergeDiff(states.get(seq - 1), states.get(seq)), map(entry.path("changes")), "seq " + seq);
        }
        assertEquals("$hide", log.get(150).path("type").asText());
        assertEquals("{\"only\":null}", log.get(150).path("changes").toString(), "the hide took 'only' away");
        assertEquals("{\"n\":10,\"only\":\"ten\"}", log.get(9).path("changes").toString(),
                "what the hidden event changed when it was folded");
    }

    @Test
    void whereTheReducerFailsAtALevelTheEntrySaysSoAndTheOthersStillShowTheirChanges() throws Exception {
        Workspace w = workspace();
        saveReducer(w, "Set", """
                if (accessLevel !== 'owner' && event.metaData.boom) { throw new Error('not for you'); }
                return accessLevel === 'owner' ? event.metaData : { n: event.metaData.n };""");
        createObject(w.key(), "Thing", "t1");
        sendEventId(w.key(), "Set", "t1", Map.of("n", 1, "secret", "S1Z"));
        String boom = sendEventId(w.key(), "Set", "t1", Map.of("n", 2, "boom", true, "secret", "S2Z"));
        sendEventId(w.key(), "Set", "t1", Map.of("n", 3, "secret", "S3Z"));
        hideEvent(w.key(), boom).statusCode(201);
        sendEventId(w.key(), "Set", "t1", Map.of("n", 5, "secret", "S5Z"));

        List<JsonNode> log = editLog(w.keyAt("public"), "t1", 100);
        assertEquals(List.of("{\"n\":1}", "", "", "", "{\"n\":5}"),
                log.stream().map(e -> e.has("changes") ? e.path("changes").toString() : "").toList());
        for (int i = 1; i <= 3; i++) {
            assertTrue(log.get(i).path("changesUnavailable").asText().contains("fails"), log.get(i).toString());
            assertFalse(log.get(i).has("metaData"), log.get(i).toString());
        }
        assertFalse(log.toString().contains("S2Z"));
        // Pages that start on a failing state: without a hide in them, every entry fails alike; with one, the
        // states after it are folded from below the failing event.
        String publicKey = w.keyAt("public");
        assertTrue(editLogPage(publicKey, "t1", 2, 1).path("events").get(0).has("changesUnavailable"));
        JsonNode fromFailing = editLogPage(publicKey, "t1", 3, 2).path("events");
        assertTrue(fromFailing.get(0).has("changesUnavailable"), fromFailing.toString());
        assertEquals("{\"n\":5}", fromFailing.get(1).path("changes").toString());
    }

    @Test
    void theHighestLevelIsTheProjectsCurrentLastOneAndMembersReadAtIt() throws Exception {
        Workspace w = workspace();
        saveReducer(w, "Set", "return { n: event.metaData.n };");
        createObject(w.key(), "Thing", "t1");
        sendEventId(w.key(), "Set", "t1", Map.of("n", 1, "secret", "S1Z"));
        assertEquals("S1Z", editLog(w.key(), "t1", 10).get(0).path("metaData").path("secret").asText());

        as(w.account().token()).body(Map.of("accessLevels", List.of("public", "member", "owner", "root")))
                .patch("/v1/projects/" + w.projectId()).then().statusCode(200);
        JsonNode owner = editLog(w.key(), "t1", 10).get(0);
        assertEquals("{\"n\":1}", owner.path("changes").toString(), "owner is no longer the highest level");
        assertFalse(owner.has("metaData"));
        assertEquals("S1Z", editLog(w.keyAt("root"), "t1", 10).get(0).path("metaData").path("secret").asText());
        // A member's session reads the edit log at the project's highest level.
        as(w.account().token()).get("/v1/projects/" + w.projectId() + "/objects/t1/events").then().statusCode(200)
                .body("events[0].metaData.secret", Matchers.equalTo("S1Z"));
    }

    @Test
    void answersToWritesEchoNoMetaDataToAnyLevel() {
        Workspace w = workspace();
        saveReducer(w, "Set", "return accessLevel === 'owner' ? event.metaData : {};");
        createObject(w.key(), "Thing", "t1");
        String publicKey = w.keyAt("public");
        Map<String, Object> event = Map.of("type", "Set", "concerns", List.of("t1"), "metaData",
                Map.of("secret", "W1Z"));
        String single = as(publicKey).header("Idempotency-Key", "k1").body(event).post("/v1/events").then()
                .statusCode(201).extract().asString();
        String retried = as(publicKey).header("Idempotency-Key", "k1").body(event).post("/v1/events").then()
                .statusCode(201).extract().asString();
        String batch = as(publicKey).body(Map.of("events", List.of(event, Map.of("type", "Set", "concerns", "t1",
                "metaData", Map.of("secret", "W2Z"))))).post("/v1/events/batch").then().statusCode(200)
                .extract().asString();
        String eventId = JsonPath.from(single).getString("id");
        String hide = hideEvent(publicKey, eventId).statusCode(201).extract().asString();
        for (String answer : List.of(single, retried, batch, hide)) {
            assertFalse(answer.contains("W1Z") || answer.contains("W2Z") || answer.contains("metaData"), answer);
        }
        assertFalse(as(publicKey).get("/v1/objects/t1/events").then().statusCode(200).extract().asString()
                .matches("(?s).*W\\dZ.*"));
    }

    /** Copies each field of metaData it is sent into the delta, for the levels from the field's lowest up. */
    static String reducer(Map<String, Integer> lowest) {
        StringBuilder body = new StringBuilder("const rank = ['public', 'member', 'owner'].indexOf(accessLevel);\n")
                .append("const delta = { count: (state.count || 0) + 1 };\n");
        lowest.forEach((field, level) -> body.append("if ('").append(field).append("' in event.metaData && rank >= ")
                .append(level).append(") delta.").append(field).append(" = event.metaData.").append(field)
                .append(";\n"));
        return body.append("return delta;").toString();
    }

    static JsonNode editLogPage(String key, String objectId, long after, int limit) throws Exception {
        return JSON.readTree(as(key).get("/v1/objects/" + objectId + "/events?after=" + after + "&limit=" + limit)
                .then().statusCode(200).extract().asString());
    }

    /** The whole edit log, read in pages of {@code pageSize}. */
    static List<JsonNode> editLog(String key, String objectId, int pageSize) throws Exception {
        List<JsonNode> entries = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = editLogPage(key, objectId, after, pageSize);
            page.path("events").forEach(entries::add);
            if (page.path("next").isMissingNode() || page.path("next").isNull()) {
                return entries;
            }
            after = page.path("next").asLong();
        }
    }

    static JsonNode readState(String key, String objectId, String query) throws Exception {
        return JSON.readTree(as(key).get("/v1/objects/" + objectId + (query == null ? "" : "?" + query)).then()
                .statusCode(200).extract().asString());
    }

    static Map<String, Object> stateAt(String key, String objectId, int seq) throws Exception {
        return map(readState(key, objectId, "seq=" + seq).path("state"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(JsonNode node) {
        assertTrue(node.isObject(), "an object: " + node);
        return JSON.convertValue(node, Map.class);
    }

    /** RFC 7396's merge patch from {@code before} to {@code after}, written here without the server's library. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> mergeDiff(Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> diff = new HashMap<>();
        before.keySet().stream().filter(k -> !after.containsKey(k)).forEach(k -> diff.put(k, null));
        after.forEach((k, v) -> {
            Object old = before.get(k);
            if (!before.containsKey(k)) {
                diff.put(k, v);
            } else if (!Objects.equals(old, v)) {
                diff.put(k, old instanceof Map && v instanceof Map
                        ? mergeDiff((Map<String, Object>) old, (Map<String, Object>) v) : v);
            }
        });
        return diff;
    }

    /** RFC 7396's application of a merge patch. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> mergePatch(Map<String, Object> target, Map<String, Object> patch) {
        Map<String, Object> result = new HashMap<>(target);
        patch.forEach((k, v) -> {
            if (v == null) {
                result.remove(k);
            } else if (v instanceof Map) {
                Object old = result.get(k);
                result.put(k, mergePatch(old instanceof Map ? (Map<String, Object>) old : Map.of(),
                        (Map<String, Object>) v));
            } else {
                result.put(k, v);
            }
        });
        return result;
    }
}
