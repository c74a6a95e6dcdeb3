package io.padic.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import io.padic.testkit.UnexpectedStatus;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * platform-api's public API as the load tool uses it: the set-up journey through the test kit's
 * {@link ApiClient}, and the measured data-plane calls, whose request bodies are written as text and whose large
 * answers are read as a stream. One HTTP client keeps a connection per concurrent client alive.
 */
public final class PadicClient implements AutoCloseable {

    static final String EVENT_TYPE = "order.updated";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final ApiClient anonymous;
    /** The project's key once {@link #signUpWithProjectKey} has made it; without a bearer before. */
    private ApiClient api;

    public PadicClient(String baseUrl) {
        this(baseUrl, null);
    }

    /** A client whose calls send {@code Authorization: Bearer bearer} (an API key or a session token). */
    public PadicClient(String baseUrl, String bearer) {
        this.anonymous = ApiClient.to(URI.create(baseUrl), TIMEOUT);
        this.api = anonymous.as(bearer);
    }

    /**
     * Signs up a new user, makes a project, declares {@link #EVENT_TYPE} in it and makes a key with every
     * data-plane scope; later calls use that key.
     */
    void signUpWithProjectKey(String email) {
        signUpWithProjectKey(email, Map.of());
    }

    /**
     * As {@link #signUpWithProjectKey(String)}, and also declares each of {@code eventTypes} (name → the body of
     * {@code PUT /v1/projects/{id}/event-types/{name}}); later calls use the key.
     */
    public void signUpWithProjectKey(String email, Map<String, String> eventTypes) {
        Account owner = anonymous.signUp(email, "bench-password-1", "PAdic bench");
        String projectId = anonymous.createProject(owner, "bench");
        // Ingest refuses undeclared event types: declare the one the load sends, with no schema and no code,
        // so events are stored as they come and folded by the built-in merge of metaData.
        ObjectNode type = ApiClient.JSON.createObjectNode().put("unknownFields", "allow");
        type.putArray("fields");
        anonymous.declareEventType(owner, projectId, EVENT_TYPE, type.toString());
        eventTypes.forEach((name, body) -> anonymous.declareEventType(owner, projectId, name, body));
        // "public", the first of the default access levels: what a key made without a level gets.
        api = anonymous.as(anonymous.createKey(owner, projectId, "bench", "public", ApiClient.ALL_SCOPES).secret());
    }

    /** Creates the object; returns its {@code createdAt}. */
    public Instant createObject(String type, String id) {
        return Instant.parse(api.post("/v1/objects", Map.of("type", type, "id", id), null).expect(201)
                .get("createdAt").asText());
    }

    /**
     * Sends {@code count} events to one object through {@code /v1/events/batch}, in one request; returns the
     * last event's {@code createdAt}.
     */
    Instant appendBatch(String objectId, int first, int count) {
        return sendBatch(count, i -> objectId, first);
    }

    /**
     * {@code POST /v1/events/batch} of {@code count} single-concern events, event {@code i} concerning
     * {@code concerns.apply(i)} with {@link #metaDataJson(long)} of {@code first + i}; throws unless every item
     * was stored. Returns the last event's {@code createdAt}.
     */
    Instant sendBatch(int count, IntFunction<String> concerns, long first) {
        return sendEvents(count, i -> eventJson(concerns.apply(i), first + i));
    }

    /**
     * {@code POST /v1/events/batch} of {@code count} events, event {@code i} written as {@code events.apply(i)} (JSON
     * text); throws unless every item was stored. Returns the last event's {@code createdAt}.
     */
    public Instant sendEvents(int count, IntFunction<String> events) {
        StringBuilder body = new StringBuilder(count * 240).append("{\"events\":[");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append(events.apply(i));
        }
        body.append("]}");
        String answer = api.text("POST", "/v1/events/batch", body.toString(), null).expect(200);
        // Read as a stream: a tree of 500 results per request would cost the tool more than the check needs.
        try (JsonParser results = ApiClient.JSON.getFactory().createParser(answer)) {
            int depth = 0;
            int items = 0;
            String lastCreatedAt = null;
            for (var token = results.nextToken(); token != null; token = results.nextToken()) {
                switch (token) {
                    case START_OBJECT, START_ARRAY -> {
                        if (++depth == 3 && token == JsonToken.START_OBJECT) {
                            items++;
                        }
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    case FIELD_NAME -> {
                        if (depth == 3 && "status".equals(results.currentName())) {
                            results.nextToken();
                            if (results.getIntValue() != 201) {
                                throw new UnexpectedStatus("batch item " + (items - 1), 201, results.getIntValue(),
                                        parse(answer).get("results").get(items - 1).toString());
                            }
                        } else if (depth == 4 && "createdAt".equals(results.currentName())) {
                            results.nextToken();
                            lastCreatedAt = results.getText();
                        }
                    }
                    default -> {
                    }
                }
            }
            if (items != count || lastCreatedAt == null) {
                throw new IllegalStateException("the batch answered " + items + " results for " + count + " events");
            }
            return Instant.parse(lastCreatedAt);
        } catch (IOException e) {
            throw new IllegalStateException("Not JSON: " + answer, e);
        }
    }

    /**
     * {@code POST /v1/events} with one event concerning one object; the measured ingest request. Returns the
     * seq it was pinned at.
     */
    long sendEvent(String objectId, long n) {
        JsonNode pins = parse(api.text("POST", "/v1/events", eventJson(objectId, n), null).expect(201)).get("pins");
        if (pins == null || pins.size() != 1) {
            throw new IllegalStateException("the event was pinned " + pins + ", not once");
        }
        return pins.get(0).get("seq").asLong();
    }

    /** {@code GET /v1/objects/{id}}; returns the object's {@code seq} (how many events were folded). */
    long readObject(String objectId) {
        return readObjectBody(objectId).get("seq").asLong();
    }

    /** {@code GET /v1/objects/{id}} as it answered. */
    JsonNode readObjectBody(String objectId) {
        return api.readObject(objectId, null).expect(200);
    }

    /** {@code GET /v1/objects/{id}?at=<instant>}; returns the seq of the state as it was then. */
    long readObjectAt(String objectId, Instant at) {
        return api.readObject(objectId, "at=" + at).expect(200).get("seq").asLong();
    }

    /** {@code GET path} with this client's bearer, as it answered. */
    ApiClient.Reply get(String path) {
        return api.get(path);
    }

    /** {@code POST path} without a body, with this client's bearer. */
    ApiClient.Reply post(String path) {
        return api.call("POST", path, null, null);
    }

    /** The status and body of a {@code GET} without credentials (the trivial endpoint, the metrics). */
    ApiClient.Text getWithoutKey(String path) {
        return anonymous.getText(path);
    }

    /** A single-concern event with {@link #metaDataJson(long)} as its metaData. */
    static String eventJson(String objectId, long n) {
        return "{\"type\":\"" + EVENT_TYPE + "\",\"concerns\":\"" + objectId + "\",\"metaData\":"
                + metaDataJson(n) + "}";
    }

    /**
     * About 190 bytes of JSON that change a few fields each time, so a fold merges real work rather than
     * one constant; the raw baseline stores the same text.
     */
    public static String metaDataJson(long n) {
        return "{\"n\":" + n
                + ",\"status\":\"" + (n % 3 == 0 ? "open" : n % 3 == 1 ? "paid" : "shipped") + "\""
                + ",\"amount\":" + (n % 10_000) / 100.0
                + ",\"line" + (n % 16) + "\":{\"sku\":\"SKU-" + (n % 997) + "\",\"qty\":" + (1 + n % 5) + "}"
                + ",\"note\":\"benchmark event with a short free-text note of about eighty characters in it\"}";
    }

    /** {@code POST /v1/events}: one event of {@code type} concerning one object, with the given metaData. */
    public void sendEvent(String type, String objectId, String metaDataJson) {
        api.text("POST", "/v1/events", "{\"type\":\"" + type + "\",\"concerns\":\"" + objectId + "\",\"metaData\":"
                + metaDataJson + "}", null).expect(201);
    }

    private static JsonNode parse(String body) {
        try {
            return ApiClient.JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("Not JSON: " + body, e);
        }
    }

    @Override
    public void close() {
        anonymous.close();
    }
}
