package io.padic.api.it;

import static io.padic.api.it.CacheTruthOps.LEVELS;
import static io.padic.api.it.CacheTruthOps.OBJECTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.api.it.CacheTruthFold.Expected;
import io.padic.api.it.CacheTruthFold.Sent;
import io.padic.api.it.CacheTruthOps.Append;
import io.padic.api.it.CacheTruthOps.Batch;
import io.padic.api.it.CacheTruthOps.Item;
import io.padic.api.it.CacheTruthOps.Keying;
import io.padic.api.it.CacheTruthOps.NewCode;
import io.padic.api.it.CacheTruthOps.Retry;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * One project as CacheTruthIT drives it, and the model of what it holds: each object's events in seq order
 * as the 201 answers placed them, their times as the edit log shows them, and the reducer code in force.
 * Sending is safe from several threads; the model changes only through {@link #record} and {@link #place}.
 */
final class CacheTruthWorld {

    /** An acknowledged write: the event as the model keeps it, the answer, and its key if it had one. */
    record Ack(Sent sent, JsonNode event, Keyed keyed) {
    }

    /** A request sent with an Idempotency-Key (without the key) and the answer its first attempt got. */
    record Keyed(String key, Map<String, Object> request, JsonNode firstAnswer) {
    }

    private final List<ApiClient> apps;
    private final ExecutorService racers;
    private final ApiClient owner;
    private final String projectId;
    private final Map<String, String> keys = new HashMap<>();
    private final List<List<Sent>> logs = new ArrayList<>();
    /** Each object's per-seq createdAt, read from its edit log whenever the log has grown since. */
    private final List<List<Instant>> times = new ArrayList<>();
    private final List<Instant> created = new ArrayList<>();
    private final List<String> visibleIds = new ArrayList<>();
    private final Map<String, Set<String>> concerns = new HashMap<>();
    private final List<Keyed> keyed = new ArrayList<>();
    /** The variant of each type's code in force; absent: no code, metaData is merged. */
    private final Map<String, Integer> code = new HashMap<>();
    private final AtomicInteger nextKey = new AtomicInteger();

    private CacheTruthWorld(List<ApiClient> apps, ExecutorService racers, ApiClient owner, String projectId) {
        this.apps = apps;
        this.racers = racers;
        this.owner = owner;
        this.projectId = projectId;
    }

    /** A new user and project with a key per access level and the objects of {@link CacheTruthOps#OBJECTS}. */
    static CacheTruthWorld create(List<ApiClient> apps, ExecutorService racers) {
        ApiClient anonymous = apps.get(0);
        Account account = anonymous.signUp();
        String projectId = anonymous.createProject(account, "I4 " + UUID.randomUUID());
        anonymous.flagUndeclaredEventTypes(account, projectId);
        CacheTruthWorld world = new CacheTruthWorld(apps, racers, anonymous.as(account.token()), projectId);
        for (String level : LEVELS) {
            world.keys.put(level, anonymous.createKey(account, projectId, level, level, ApiClient.ALL_SCOPES)
                    .secret());
        }
        for (String id : OBJECTS) {
            JsonNode made = world.client(0, "owner").post("/v1/objects", Map.of("type", "Thing", "id", id), null)
                    .expect(201);
            world.logs.add(new ArrayList<>());
            world.times.add(new ArrayList<>());
            world.created.add(Instant.parse(made.path("createdAt").asText()));
        }
        return world;
    }

    ApiClient client(int process, String level) {
        return apps.get(process).as(keys.get(level));
    }

    int head(int object) {
        return logs.get(object).size();
    }

    Map<String, Integer> code() {
        return Map.copyOf(code);
    }

    Instant created(int object) {
        return created.get(object);
    }

    /** The expected answer at {@code seq} with the code in force. */
    Expected expected(int object, String level, int seq) {
        return expected(object, level, seq, code);
    }

    Expected expected(int object, String level, int seq, Map<String, Integer> withCode) {
        return CacheTruthFold.fold(logs.get(object).subList(0, seq), level, withCode);
    }

    String describe(int object) {
        return "code " + code + "; log of " + OBJECTS.get(object) + " " + logs.get(object);
    }

    // --- Sending (any thread) ----------------------------------------------------------------------------

    Ack send(Append a) {
        Map<String, Object> request = request(a.objects(), a.type(), a.metaData());
        String key = a.keying() == Keying.NONE ? null : "k-" + nextKey.incrementAndGet();
        IntFunction<JsonNode> attempt = p -> client(p, "owner").post("/v1/events", request, key).expect(201);
        JsonNode event = a.keying() == Keying.RACED ? raced(attempt, a.process()) : attempt.apply(a.process());
        return ack(event, request, key);
    }

    List<Ack> send(Batch b) {
        List<Map<String, Object>> requests = new ArrayList<>();
        List<Map<String, Object>> items = new ArrayList<>();
        List<String> itemKeys = new ArrayList<>();
        for (Item item : b.items()) {
            Map<String, Object> request = request(item.objects(), item.type(), item.metaData());
            String key = item.keyed() ? "k-" + nextKey.incrementAndGet() : null;
            requests.add(request);
            itemKeys.add(key);
            items.add(key == null ? request : withKey(request, key));
        }
        JsonNode results = client(b.process(), "owner").post("/v1/events/batch", Map.of("events", items), null)
                .expect(200).path("results");
        assertEquals(items.size(), results.size(), "one result per item: " + results);
        List<Ack> acks = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode result = results.get(i);
            if (b.items().get(i).objects() == 0) {
                assertEquals(422, result.path("status").asInt(), "an item concerning a missing object: " + result);
                continue;
            }
            assertEquals(201, result.path("status").asInt(), "item " + i + ": " + result);
            acks.add(ack(result.path("event"), requests.get(i), itemKeys.get(i)));
        }
        return acks;
    }

    /** Resends a keyed request; it must answer what the first attempt got (nothing new is stored: see reads). */
    void retry(Retry r) {
        if (keyed.isEmpty()) {
            return;
        }
        Keyed k = keyed.get(r.pick() % keyed.size());
        IntFunction<JsonNode> attempt = r.asBatchItem() ? p -> batchOfOne(p, withKey(k.request(), k.key()))
                : p -> client(p, "owner").post("/v1/events", k.request(), k.key()).expect(201);
        JsonNode answer = r.raced() ? raced(attempt, r.process()) : attempt.apply(r.process());
        assertEquals(k.firstAnswer(), answer, "a retry of " + k.key() + (r.asBatchItem() ? " as a batch item" : ""));
    }

    private JsonNode batchOfOne(int process, Map<String, Object> item) {
        JsonNode result = client(process, "owner").post("/v1/events/batch", Map.of("events", List.of(item)), null)
                .expect(200).path("results").get(0);
        assertEquals(201, result.path("status").asInt(), "a batch of " + item + ": " + result);
        return result.path("event");
    }

    /** The {@code pick}-th (modulo) visible event, which the model then counts as hidden; null if none. */
    String takeHideTarget(int pick) {
        return visibleIds.isEmpty() ? null : visibleIds.remove(pick % visibleIds.size());
    }

    /** The event the object's current state fails on at the first failing level from {@code level} on; null if none. */
    String takeFailingEvent(int object, String level) {
        for (int i = 0; i < LEVELS.size(); i++) {
            String failedOn = expected(object, LEVELS.get((LEVELS.indexOf(level) + i) % LEVELS.size()), head(object))
                    .failedOn();
            if (failedOn != null) {
                visibleIds.remove(failedOn);
                return failedOn;
            }
        }
        return null;
    }

    Ack hide(String target, int process) {
        JsonNode event = client(process, "owner").post("/v1/events/" + target + "/hide", Map.of(), null).expect(201);
        return new Ack(new Sent(event.path("id").asText(), "$hide", Map.of(), target), event, null);
    }

    /** Saves the code; the model adopts it with {@link #adopt}. */
    void save(NewCode c) {
        int status = owner.call("PUT", "/v1/projects/" + projectId + "/event-types/" + c.type(),
                Map.of("applyEvent", CacheTruthFold.body(c.type(), c.variant())), null).status();
        assertTrue(status == 200 || status == 201, "saving " + c + " answered " + status);
    }

    void adopt(NewCode c) {
        code.put(c.type(), c.variant());
    }

    /** Sends one attempt from each process at the same moment; both must answer the same event. */
    private JsonNode raced(IntFunction<JsonNode> attempt, int process) {
        CompletableFuture<JsonNode> first = CompletableFuture.supplyAsync(() -> attempt.apply(process), racers);
        CompletableFuture<JsonNode> second = CompletableFuture.supplyAsync(() -> attempt.apply(1 - process), racers);
        JsonNode answer = first.join();
        assertEquals(answer, second.join(), "two attempts of one keyed request at once answer the same event");
        return answer;
    }

    private static Map<String, Object> request(int objects, String type, Map<String, Integer> metaData) {
        List<String> to = new ArrayList<>();
        for (int o = 0; o < OBJECTS.size(); o++) {
            if ((objects & (1 << o)) != 0) {
                to.add(OBJECTS.get(o));
            }
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("type", type);
        request.put("concerns", to.isEmpty() ? List.of("ghost") : to);
        request.put("metaData", type.equals("Inc") ? Map.of() : metaData);
        return request;
    }

    private static Map<String, Object> withKey(Map<String, Object> request, String key) {
        Map<String, Object> item = new LinkedHashMap<>(request);
        item.put("idempotencyKey", key);
        return item;
    }

    @SuppressWarnings("unchecked")
    private static Ack ack(JsonNode event, Map<String, Object> request, String key) {
        Sent sent = new Sent(event.path("id").asText(), (String) request.get("type"),
                (Map<String, Integer>) request.get("metaData"), null);
        return new Ack(sent, event, key == null ? null : new Keyed(key, request, event));
    }

    // --- The model ---------------------------------------------------------------------------------------

    /** Adds writes that ran one after the other: each took the next seq of every object it concerns. */
    void record(List<Ack> acks) {
        for (Ack ack : acks) {
            noteConcerns(ack);
            for (JsonNode pin : ack.event().path("pins")) {
                int o = OBJECTS.indexOf(pin.path("objectId").asText());
                logs.get(o).add(ack.sent());
                assertEquals(logs.get(o).size(), pin.path("seq").asInt(),
                        "seq of " + ack.event() + " on " + OBJECTS.get(o));
            }
            remember(ack);
        }
    }

    /** Adds writes that ran at once: together they must fill each object's next seqs, each seq once. */
    void place(List<Ack> acks) {
        List<TreeMap<Integer, Sent>> placed = new ArrayList<>();
        OBJECTS.forEach(o -> placed.add(new TreeMap<>()));
        for (Ack ack : acks) {
            noteConcerns(ack);
            for (JsonNode pin : ack.event().path("pins")) {
                int o = OBJECTS.indexOf(pin.path("objectId").asText());
                Sent before = placed.get(o).put(pin.path("seq").asInt(), ack.sent());
                assertEquals(null, before, "two events at seq " + pin.path("seq") + " of " + OBJECTS.get(o));
            }
        }
        for (int o = 0; o < OBJECTS.size(); o++) {
            List<Integer> seqs = new ArrayList<>();
            for (int s = 1; s <= placed.get(o).size(); s++) {
                seqs.add(head(o) + s);
            }
            assertEquals(seqs, new ArrayList<>(placed.get(o).keySet()), "seqs the writers got on " + OBJECTS.get(o));
            logs.get(o).addAll(placed.get(o).values());
        }
        acks.forEach(this::remember);
    }

    /** The pins name exactly the objects the event concerns (for a hide: those of its target). */
    private void noteConcerns(Ack ack) {
        Set<String> pinned = new HashSet<>(ack.event().path("pins").findValuesAsText("objectId"));
        String target = ack.sent().hideTarget();
        if (target == null) {
            concerns.put(ack.sent().id(), pinned);
        } else {
            assertEquals(concerns.get(target), pinned, "the objects a hide of " + target + " was pinned to");
        }
    }

    private void remember(Ack ack) {
        if (ack.sent().hideTarget() == null) {
            visibleIds.add(ack.sent().id());
        }
        if (ack.keyed() != null) {
            keyed.add(ack.keyed());
        }
    }

    /** The object's per-seq createdAt, checking on the way that its edit log holds exactly the model's events. */
    List<Instant> times(int object) {
        if (times.get(object).size() != head(object)) {
            EditLog log = EditLog.read(client(object % 2, "owner"), OBJECTS.get(object), 1000)
                    .assertGapFreeAndOrdered();
            assertEquals(logs.get(object).stream().map(Sent::id).toList(), log.ids(),
                    "the edit log of " + OBJECTS.get(object) + " holds the acknowledged events at their seqs");
            for (int i = 0; i < head(object); i++) {
                Sent sent = logs.get(object).get(i);
                JsonNode logged = log.events().get(i);
                assertEquals(sent.type(), logged.path("type").asText(), "type at seq " + (i + 1));
                if (sent.hideTarget() == null) {
                    assertEquals(ApiClient.JSON.valueToTree(sent.metaData()), logged.path("metaData"),
                            "metaData at seq " + (i + 1));
                }
            }
            times.set(object, log.events().stream().map(e -> Instant.parse(e.path("createdAt").asText())).toList());
        }
        return times.get(object);
    }
}
