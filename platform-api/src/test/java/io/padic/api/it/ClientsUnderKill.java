package io.padic.api.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.testkit.ApiClient;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * The clients of ThreeProcessesUnderKillIT, each on its own thread, and what they saw. Each step goes to a random
 * process: an event with an Idempotency-Key, a batch whose items all carry keys, a batch without keys, a hide, a
 * read or a read of the past. A keyed write or a hide whose connection fails is sent again, unchanged, to the next
 * process until one answers; a batch without keys is not (its items may or may not be stored). Every event carries
 * a unique {@code op} in its metaData, so the test can find it in the edit logs whatever id it got.
 */
final class ClientsUnderKill {

    static final List<String> OBJECTS = List.of("o0", "o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8", "o9", "o10",
            "o11");
    /** Adds {@code k} to {@code sum} and counts itself in {@code adds}; events of type Mark keep the default merge. */
    static final String ADD_REDUCER =
            "return { sum: (state.sum || 0) + event.metaData.k, adds: (state.adds || 0) + 1 };";

    /** An event as a client sent it; {@code key} is null when it had none. */
    record Sent(String op, String type, List<String> concerns, Map<String, Object> metaData, String key) {
    }

    /** An event answered 201 (also as a batch item): its id and the seq it took on each object. */
    record Ack(Sent sent, String eventId, Map<String, Long> pins) {
    }

    /** A hide answered 201: the {@code $hide} event's id and pins. */
    record HideAck(String target, String eventId, Map<String, Long> pins) {
    }

    /** A read answered 200: the object's state at {@code seq}, as {@code request} got it. */
    record Read(String objectId, long seq, JsonNode state, String request) {
    }

    private final ThreeProcesses processes;
    private final String key;
    private final Map<URI, ApiClient> clients = new ConcurrentHashMap<>();

    final Map<String, Sent> sent = new ConcurrentHashMap<>();
    final Queue<Ack> acks = new ConcurrentLinkedQueue<>();
    final Queue<HideAck> hides = new ConcurrentLinkedQueue<>();
    final Queue<Read> reads = new ConcurrentLinkedQueue<>();
    /** Anything a client must never see: an HTTP error, a wrong status, a failure of a live process. */
    final Queue<String> problems = new ConcurrentLinkedQueue<>();
    final Tally requests = new Tally();
    final Tally errors = new Tally();
    /** Answers by the name of the process that gave them. */
    final Tally answeredBy = new Tally();
    /** Acknowledged events that are not hides and nobody hid yet: the targets hides take from. */
    private final List<String> hideable = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Long> seenSeq = new ConcurrentHashMap<>();
    /** The ops of keyed writes that were sent again to another process after a connection failed. */
    final Set<String> resent = ConcurrentHashMap.newKeySet();

    private volatile boolean running = true;

    ClientsUnderKill(ThreeProcesses processes, String key) {
        this.processes = processes;
        this.key = key;
    }

    /** Steps until {@link #stop}; {@code client} names its ops and seeds its choices. */
    void run(int client) {
        Random random = new Random(1000 + client);
        for (int step = 0; running; step++) {
            String op = "c" + client + "-" + step;
            int slot = random.nextInt(ThreeProcesses.SLOTS);
            int kind = random.nextInt(100);
            if (kind < 25) {
                single(op, random, slot);
            } else if (kind < 35) {
                keyedBatch(op, random, slot);
            } else if (kind < 40) {
                unkeyedBatch(op, random, slot);
            } else if (kind < 47) {
                hide(random, slot);
            } else if (kind < 88) {
                read(OBJECTS.get(random.nextInt(OBJECTS.size())), null, slot);
            } else {
                String objectId = OBJECTS.get(random.nextInt(OBJECTS.size()));
                long seen = seenSeq.getOrDefault(objectId, 0L);
                read(objectId, "seq=" + (seen == 0 ? 0 : random.nextLong(seen + 1)), slot);
            }
        }
    }

    void stop() {
        running = false;
    }

    void closeClients() {
        clients.values().forEach(ApiClient::close);
    }

    private void single(String op, Random random, int slot) {
        Sent event = newEvent(op, random, true);
        requests.add("single event (keyed)");
        Answer answer = untilAnswered("single event", slot, true,
                api -> api.post("/v1/events", request(event, false), event.key()), 201);
        if (answer != null) {
            acknowledge(event, answer.body(), answer.resent());
        }
    }

    private void keyedBatch(String op, Random random, int slot) {
        batch(op, random, slot, true);
    }

    private void unkeyedBatch(String op, Random random, int slot) {
        batch(op, random, slot, false);
    }

    private void batch(String op, Random random, int slot, boolean keyed) {
        List<Sent> items = new ArrayList<>();
        int size = 2 + random.nextInt(keyed ? 4 : 8);
        for (int i = 0; i < size; i++) {
            items.add(newEvent(op + "." + i, random, keyed));
        }
        String kind = keyed ? "batch (keyed items)" : "batch (items without keys)";
        requests.add(kind);
        requests.add(kind + ": items", size);
        Answer answer = untilAnswered(kind, slot, keyed, api -> api.post("/v1/events/batch",
                Map.of("events", items.stream().map(item -> request(item, true)).toList()), null), 200);
        if (answer == null) {
            return;
        }
        JsonNode results = answer.body().path("results");
        if (results.size() != size) {
            problems.add(kind + ": " + results.size() + " results for " + size + " items: " + answer);
            return;
        }
        for (int i = 0; i < size; i++) {
            JsonNode result = results.get(i);
            if (result.path("status").asInt() != 201) {
                problems.add(kind + " item " + i + " answered " + result);
            } else {
                acknowledge(items.get(i), result.path("event"), answer.resent());
            }
        }
    }

    private void hide(Random random, int slot) {
        String target;
        synchronized (hideable) {
            if (hideable.isEmpty()) {
                return;
            }
            target = hideable.remove(random.nextInt(hideable.size()));
        }
        requests.add("hide");
        // Hiding is idempotent by itself: a repeat answers the same $hide and appends nothing.
        Answer answer = untilAnswered("hide", slot, true,
                api -> api.post("/v1/events/" + target + "/hide", Map.of(), null), 201);
        if (answer != null) {
            hides.add(new HideAck(target, answer.body().path("id").asText(), pins(answer.body())));
        }
    }

    private void read(String objectId, String query, int slot) {
        String kind = query == null ? "read" : "read of the past";
        requests.add(kind);
        String path = "/v1/objects/" + objectId + (query == null ? "" : "?" + query);
        Answer answer = untilAnswered(kind, slot, false, api -> api.get(path), 200);
        if (answer != null) {
            long seq = answer.body().path("seq").asLong();
            seenSeq.merge(objectId, seq, Math::max);
            reads.add(new Read(objectId, seq, answer.body().path("state"), "GET " + path));
        }
    }

    private Sent newEvent(String op, Random random, boolean keyed) {
        List<String> concerns = new ArrayList<>(OBJECTS);
        Collections.shuffle(concerns, random);
        // Three in ten concern two or three objects.
        int objects = random.nextInt(10) < 7 ? 1 : 2 + random.nextInt(2);
        Map<String, Object> metaData = new LinkedHashMap<>();
        metaData.put("op", op);
        boolean add = random.nextInt(10) < 6;
        metaData.put(add ? "k" : "m", 1 + random.nextInt(9));
        Sent event = new Sent(op, add ? "Add" : "Mark", List.copyOf(concerns.subList(0, objects)), metaData,
                keyed ? "key-" + op : null);
        sent.put(op, event);
        return event;
    }

    private static Map<String, Object> request(Sent event, boolean asBatchItem) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("type", event.type());
        request.put("concerns", event.concerns());
        request.put("metaData", event.metaData());
        if (asBatchItem && event.key() != null) {
            request.put("idempotencyKey", event.key());
        }
        return request;
    }

    private void acknowledge(Sent event, JsonNode answer, boolean wasResent) {
        if (wasResent) {
            resent.add(event.op());
        }
        String eventId = answer.path("id").asText();
        acks.add(new Ack(event, eventId, pins(answer)));
        hideable.add(eventId);
    }

    private static Map<String, Long> pins(JsonNode answer) {
        Map<String, Long> pins = new LinkedHashMap<>();
        answer.path("pins").forEach(pin -> pins.put(pin.path("objectId").asText(), pin.path("seq").asLong()));
        return pins;
    }

    /** The body of an answer, and whether it came after a failed connection, from another process. */
    private record Answer(JsonNode body, boolean resent) {
    }

    /**
     * Sends through {@code slot}; while the connection fails, and if {@code resend}, through the next slots. Returns
     * the answer if it has status {@code expected}; null if there was none (a connection failure without resending,
     * or another status, which is a problem).
     */
    private Answer untilAnswered(String kind, int slot, boolean resend, Function<ApiClient, ApiClient.Reply> call,
            int expected) {
        for (int attempt = 0; ; attempt++) {
            URI uri = processes.uri((slot + attempt) % ThreeProcesses.SLOTS);
            if (attempt > 0) {
                requests.add(kind + ": sent again to another process");
            }
            requests.add("all requests via slot " + (slot + attempt) % ThreeProcesses.SLOTS);
            ApiClient.Reply reply;
            try {
                reply = call.apply(clients.computeIfAbsent(uri, ApiClient::to).as(key));
            } catch (UncheckedIOException e) {
                String failure = failure(e);
                errors.add(failure + (processes.wasKilled(uri) ? " (killed process)" : " (LIVE process)"));
                if (!processes.wasKilled(uri) || failure.equals("timeout")) {
                    problems.add(kind + " to " + uri + ": " + failure + ": " + e.getMessage());
                    return null;
                }
                if (!resend) {
                    requests.add(kind + ": cut by a kill, not sent again");
                    return null;
                }
                continue;
            }
            answeredBy.add(processes.name(uri));
            if (reply.status() != expected) {
                errors.add("HTTP " + reply.status());
                problems.add(reply.request() + " via " + uri + " answered " + reply.status() + ": " + reply.body());
                return null;
            }
            return new Answer(reply.body(), attempt > 0);
        }
    }

    private static String failure(UncheckedIOException e) {
        Throwable cause = e.getCause();
        if (cause instanceof HttpTimeoutException) {
            return "timeout";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        return "connection reset or closed";
    }
}
