package io.padic.api.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * I4 Cache truth (DESIGN §2), as a property: for random histories of appends (to one or several objects),
 * hides, reducer changes and reads (now, {@code seq=}, {@code at=}, at every access level, through two
 * processes sharing one store and one Redis, with the cache emptied at random), every state served equals
 * the fold of events 1..seq with the current reducers at that level, computed here in Java from what was
 * sent. Snapshots are taken every 3 events so that short histories cross many of them. jqwik prints the
 * seed of a failing try and shrinks it to a short history.
 */
class CacheTruthIT {

    private static final List<String> OBJECTS = List.of("o0", "o1", "o2");
    private static final List<String> LEVELS = List.of("public", "member", "owner");

    private static Backends backends;
    private static List<ApiClient> apps;
    private static List<AppProcess> processes;

    @BeforeContainer
    static void start() {
        backends = Backends.start();
        // Reducer changes made through one process are read through the other at once (the bound a
        // process keeps event-type heads for is tested in ControlPlaneStalenessIT).
        Map<String, String> env = Map.of("PADIC_SNAPSHOTS_EVERY", "3", "PADIC_CACHE_CONTROL_PLANE_STALENESS", "PT0S");
        processes = AppProcess.startTogether(List.of(new AppProcess.Spec("truth-1", backends, env),
                new AppProcess.Spec("truth-2", backends, env)));
        apps = processes.stream().map(ApiClient::to).toList();
    }

    @AfterContainer
    static void stop() {
        if (processes != null) {
            processes.forEach(AppProcess::close);
        }
        if (backends != null) {
            backends.close();
        }
    }

    // --- The operations a history is made of ---------------------------------------------------------

    sealed interface Op permits Append, Hide, NewCode, Read, FlushCache {
    }

    /** An event of {@code type} concerning the objects whose bits are set in {@code objects} (1..7). */
    record Append(int objects, String type, Map<String, Integer> metaData, int process) implements Op {
    }

    /** Hides the {@code pick}-th (modulo) of the events not yet hidden. */
    record Hide(int pick, int process) implements Op {
    }

    /** Saves a new version of {@code type}'s reducer, {@code variant} choosing its code. */
    record NewCode(String type, int variant) implements Op {
    }

    /** Reads one object at one level: now, at a seq or at an instant ({@code pick} chooses which). */
    record Read(int object, String level, String mode, int pick, int process) implements Op {
    }

    record FlushCache() implements Op {
    }

    @Provide
    Arbitrary<List<Op>> histories() {
        Arbitrary<Integer> process = Arbitraries.integers().between(0, 1);
        Arbitrary<Map<String, Integer>> metaData = Arbitraries.maps(Arbitraries.of("a", "b", "secret"),
                Arbitraries.integers().between(0, 9).injectNull(0.2)).ofMaxSize(3);
        Arbitrary<Op> append = Combinators.combine(Arbitraries.integers().between(1, 7),
                Arbitraries.of("Set", "Inc", "Profile"), metaData, process).as(Append::new);
        Arbitrary<Op> hide = Combinators.combine(Arbitraries.integers().between(0, 1000), process).as(Hide::new);
        Arbitrary<Op> newCode = Combinators.combine(Arbitraries.of("Inc", "Profile"),
                Arbitraries.integers().between(0, 2)).as(NewCode::new);
        Arbitrary<Op> read = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.of(LEVELS),
                Arbitraries.of("now", "seq", "at"), Arbitraries.integers().between(0, 1000), process).as(Read::new);
        Arbitrary<Op> flush = Arbitraries.just(new FlushCache());
        return Arbitraries.frequencyOf(Tuple.of(6, append), Tuple.of(2, hide), Tuple.of(1, newCode),
                Tuple.of(6, read), Tuple.of(1, flush)).list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 25)
    void everyServedStateIsTheFoldOfItsEvents(@ForAll("histories") List<Op> history) {
        World world = World.create(apps.get(0));
        for (Op op : history) {
            switch (op) {
                case Append a -> world.append(a);
                case Hide h -> world.hide(h);
                case NewCode c -> world.newCode(c);
                case Read r -> world.check(r.object(), r.level(), r.mode(), r.pick(), r.process());
                case FlushCache f -> flushRedis();
            }
        }
        // Then every past state of every object, at one level each, newest first (the first read of a level
        // nobody read yet folds the whole history across many snapshot seqs), through alternating processes.
        for (int o = 0; o < OBJECTS.size(); o++) {
            String level = LEVELS.get((history.size() + o) % LEVELS.size());
            for (int seq = world.log(o).size(); seq >= 0; seq--) {
                world.checkSeq(o, level, seq, seq % 2);
            }
        }
    }

    private static void flushRedis() {
        try (Socket socket = new Socket("127.0.0.1", backends.redis().port())) {
            OutputStream out = socket.getOutputStream();
            out.write("*1\r\n$8\r\nFLUSHALL\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            assertEquals("+OK\r\n", new String(in.readNBytes(5), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- The model: what was sent, and the fold computed from it -------------------------------------

    /** An event as pinned to one object, as this test sent it. */
    record Sent(String id, String type, Map<String, Integer> metaData, Instant createdAt, String hideTarget) {
    }

    /** One project: its keys, each object's edit log and the reducer code in force. */
    static final class World {
        private final ApiClient owner;
        private final String projectId;
        private final Map<String, String> keys = new HashMap<>();
        private final List<List<Sent>> logs = new ArrayList<>();
        private final List<Instant> created = new ArrayList<>();
        private final List<String> visibleIds = new ArrayList<>();
        private final Map<String, List<String>> concerns = new HashMap<>();
        /** The variant of each type's code in force; absent: no code, metaData is merged. */
        private final Map<String, Integer> code = new HashMap<>();

        private World(ApiClient owner, String projectId) {
            this.owner = owner;
            this.projectId = projectId;
        }

        static World create(ApiClient anonymous) {
            String token = anonymous.post("/v1/auth/signup", Map.of("email", "truth-" + UUID.randomUUID()
                    + "@example.com", "password", "correct horse battery", "name", "I4"), null)
                    .expect(201).path("token").asText();
            ApiClient user = anonymous.as(token);
            String projectId = user.post("/v1/projects", Map.of("name", "I4 " + UUID.randomUUID()), null)
                    .expect(201).path("id").asText();
            user.call("PATCH", "/v1/projects/" + projectId, Map.of("undeclaredEventTypes", "flag"), null).expect(200);
            World world = new World(user, projectId);
            for (String level : LEVELS) {
                world.keys.put(level, user.post("/v1/projects/" + projectId + "/api-keys", Map.of("name", level,
                        "scopes", ApiClient.ALL_SCOPES, "accessLevel", level), null).expect(201).path("key").asText());
            }
            for (String id : OBJECTS) {
                JsonNode made = world.client(0, "owner").post("/v1/objects", Map.of("type", "Thing", "id", id), null)
                        .expect(201);
                world.logs.add(new ArrayList<>());
                world.created.add(Instant.parse(made.path("createdAt").asText()));
            }
            return world;
        }

        List<Sent> log(int object) {
            return logs.get(object);
        }

        ApiClient client(int process, String level) {
            return apps.get(process).as(keys.get(level));
        }

        void append(Append a) {
            List<String> to = new ArrayList<>();
            for (int o = 0; o < OBJECTS.size(); o++) {
                if ((a.objects() & (1 << o)) != 0) {
                    to.add(OBJECTS.get(o));
                }
            }
            Map<String, Integer> meta = a.type().equals("Inc") ? Map.of() : a.metaData();
            JsonNode event = client(a.process(), "owner").sendEvent(a.type(), to, meta).expect(201);
            record(event, new Sent(event.path("id").asText(), a.type(), meta,
                    Instant.parse(event.path("createdAt").asText()), null));
            visibleIds.add(event.path("id").asText());
            concerns.put(event.path("id").asText(), to);
        }

        void hide(Hide h) {
            if (visibleIds.isEmpty()) {
                return;
            }
            String target = visibleIds.remove(h.pick() % visibleIds.size());
            JsonNode event = client(h.process(), "owner").post("/v1/events/" + target + "/hide", Map.of(), null)
                    .expect(201);
            record(event, new Sent(event.path("id").asText(), "$hide", Map.of(),
                    Instant.parse(event.path("createdAt").asText()), target));
        }

        /** Notes the event on each object it was pinned to, checking the seq the store gave matches the model. */
        private void record(JsonNode event, Sent sent) {
            for (JsonNode pin : event.path("pins")) {
                int o = OBJECTS.indexOf(pin.path("objectId").asText());
                logs.get(o).add(sent);
                assertEquals(logs.get(o).size(), pin.path("seq").asInt(), "seq of " + sent + " on " + OBJECTS.get(o));
            }
        }

        void newCode(NewCode c) {
            int status = owner.call("PUT", "/v1/projects/" + projectId + "/event-types/" + c.type(),
                    Map.of("applyEvent", body(c.type(), c.variant())), null).status();
            assertEquals(true, status == 200 || status == 201, "saving " + c + " answered " + status);
            code.put(c.type(), c.variant());
        }

        private static String body(String type, int variant) {
            if (type.equals("Inc")) {
                return "return { n: (state.n || 0) + " + step(variant) + " };";
            }
            return "const d = Object.assign({}, event.metaData); if (" + hiddenBelow(variant)
                    + ") { delete d.secret; } return d;";
        }

        private static int step(int variant) {
            return new int[] {1, 2, 5}[variant];
        }

        private static String hiddenBelow(int variant) {
            return new String[] {"accessLevel !== 'owner'", "accessLevel === 'public'", "false"}[variant];
        }

        void check(int object, String level, String mode, int pick, int process) {
            List<Sent> log = logs.get(object);
            switch (mode) {
                case "now" -> {
                    JsonNode read = client(process, level).get("/v1/objects/" + OBJECTS.get(object)).expect(200);
                    assertEquals(log.size(), read.path("seq").asInt(), "head of " + OBJECTS.get(object));
                    assertEquals(fold(object, level, log.size()), read.path("state"), where(object, level, log.size()));
                }
                case "seq" -> checkSeq(object, level, pick % (log.size() + 1), process);
                default -> {
                    int k = pick % (log.size() + 1);
                    Instant at = k == 0 ? created.get(object) : log.get(k - 1).createdAt();
                    int expectedSeq = 0;
                    for (int i = 0; i < log.size(); i++) {
                        if (!log.get(i).createdAt().isAfter(at)) {
                            expectedSeq = i + 1;
                        }
                    }
                    JsonNode read = client(process, level).get("/v1/objects/" + OBJECTS.get(object) + "?at=" + at)
                            .expect(200);
                    assertEquals(expectedSeq, read.path("seq").asInt(), "seq at " + at);
                    assertEquals(fold(object, level, expectedSeq), read.path("state"), where(object, level, expectedSeq));
                }
            }
        }

        void checkSeq(int object, String level, int seq, int process) {
            JsonNode read = client(process, level).get("/v1/objects/" + OBJECTS.get(object) + "?seq=" + seq)
                    .expect(200);
            assertEquals(fold(object, level, seq), read.path("state"), where(object, level, seq));
        }

        private String where(int object, String level, int seq) {
            return OBJECTS.get(object) + " at seq " + seq + " for " + level + " with code " + code + "; log "
                    + logs.get(object);
        }

        /** The fold of DESIGN §1, written independently: events 1..seq, the hides among them honoured. */
        ObjectNode fold(int object, String level, int seq) {
            List<Sent> events = logs.get(object).subList(0, seq);
            List<String> hidden = events.stream().filter(e -> e.hideTarget() != null).map(Sent::hideTarget).toList();
            ObjectNode state = JsonNodeFactory.instance.objectNode();
            for (Sent e : events) {
                if (e.hideTarget() != null || hidden.contains(e.id())) {
                    continue;
                }
                Map<String, Integer> delta = new HashMap<>(e.metaData());
                if (e.type().equals("Inc") && code.containsKey("Inc")) {
                    delta = Map.of("n", state.path("n").asInt(0) + step(code.get("Inc")));
                } else if (e.type().equals("Profile") && code.containsKey("Profile")) {
                    int variant = code.get("Profile");
                    boolean hide = switch (variant) {
                        case 0 -> !level.equals("owner");
                        case 1 -> level.equals("public");
                        default -> false;
                    };
                    if (hide) {
                        delta.remove("secret");
                    }
                }
                for (Map.Entry<String, Integer> member : delta.entrySet()) {
                    if (member.getValue() == null) {
                        state.remove(member.getKey());
                    } else {
                        state.put(member.getKey(), member.getValue());
                    }
                }
            }
            return state;
        }
    }
}
