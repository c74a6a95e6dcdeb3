package io.padic.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * platform-api's public API as the load tool uses it: the control-plane calls of the setup, and the data-plane
 * calls that are measured. One {@link HttpClient} keeps a connection per concurrent client alive.
 */
public final class PadicClient implements AutoCloseable {

    static final String EVENT_TYPE = "order.updated";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final HttpClient http;
    private final String baseUrl;
    private final ObjectMapper json = new ObjectMapper();
    private String bearer;
    /** The signed-up user's token and project, kept for declaring more event types after the key is made. */
    private String userToken;
    private String projectId;

    public PadicClient(String baseUrl) {
        this.baseUrl = baseUrl;
        // HTTP/1.1 stated: the default would try an h2c upgrade on the first request of each connection.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** An HTTP answer other than the one the call expects. */
    static final class UnexpectedStatus extends RuntimeException {
        UnexpectedStatus(String what, int status, String body) {
            super(what + " answered " + status + ": " + (body.length() > 300 ? body.substring(0, 300) + "…" : body));
        }
    }

    /**
     * Signs up a new user, makes a project, declares {@link #EVENT_TYPE} in it and makes a key with every
     * data-plane scope; later calls use that key.
     */
    void signUpWithProjectKey(String email) {
        ObjectNode signup = json.createObjectNode().put("email", email).put("password", "bench-password-1")
                .put("name", "PAdic bench");
        bearer = call("POST", "/v1/auth/signup", signup, 201).get("token").asText();
        String projectId = call("POST", "/v1/projects", json.createObjectNode().put("name", "bench"), 201)
                .get("id").asText();
        this.projectId = projectId;
        this.userToken = bearer;
        ObjectNode key = json.createObjectNode().put("name", "bench");
        ArrayNode scopes = key.putArray("scopes");
        List.of("objects:read", "objects:write", "events:read", "events:write").forEach(scopes::add);
        // Ingest refuses undeclared event types: declare the one the load sends, with no schema and no code,
        // so events are stored as they come and folded by the built-in merge of metaData.
        ObjectNode type = json.createObjectNode().put("unknownFields", "allow");
        type.putArray("fields");
        send("PUT", "/v1/projects/" + projectId + "/event-types/" + EVENT_TYPE, type.toString(), 201,
                "PUT /v1/projects/{id}/event-types/{name}");
        bearer = call("POST", "/v1/projects/" + projectId + "/api-keys", key, 201).get("key").asText();
    }

    /** Creates the object; returns its {@code createdAt}. */
    public Instant createObject(String type, String id) {
        return Instant.parse(call("POST", "/v1/objects", json.createObjectNode().put("type", type).put("id", id), 201)
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
        StringBuilder body = new StringBuilder(count * 240).append("{\"events\":[");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append(eventJson(concerns.apply(i), first + i));
        }
        body.append("]}");
        String answer = send("POST", "/v1/events/batch", body.toString(), 200, "batch");
        // Read as a stream: a tree of 500 results per request would cost the tool more than the check needs.
        try (JsonParser results = json.getFactory().createParser(answer)) {
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
                                throw new UnexpectedStatus("batch item " + (items - 1), results.getIntValue(),
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
        JsonNode pins = parse(send("POST", "/v1/events", eventJson(objectId, n), 201, "POST /v1/events")).get("pins");
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
        return parse(send("GET", "/v1/objects/" + objectId, null, 200, "GET /v1/objects/{id}"));
    }

    /** {@code GET /v1/objects/{id}?at=<instant>}; returns the seq of the state as it was then. */
    long readObjectAt(String objectId, Instant at) {
        return parse(send("GET", "/v1/objects/" + objectId + "?at=" + at, null, 200, "GET /v1/objects/{id}?at="))
                .get("seq").asLong();
    }

    /** The status and body of a {@code GET} without credentials (the trivial endpoint, the metrics). */
    record Answer(int status, String body) {
    }

    Answer getWithoutKey(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT).GET().build();
        HttpResponse<String> response = exchange(request, "GET " + path);
        return new Answer(response.statusCode(), response.body());
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

    private JsonNode call(String method, String path, JsonNode body, int expected) {
        return parse(send(method, path, body.toString(), expected, method + " " + path));
    }

    private String send(String method, String path, String body, int expected, String what) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
                .header("Accept", "application/json");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = exchange(request.build(), what);
        if (response.statusCode() != expected) {
            throw new UnexpectedStatus(what, response.statusCode(), response.body());
        }
        return response.body();
    }

    private HttpResponse<String> exchange(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(what + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        }
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("Not JSON: " + body, e);
        }
    }

    /**
     * As {@link #signUpWithProjectKey(String)}, and also declares each of {@code eventTypes} (name → the body of
     * {@code PUT /v1/projects/{id}/event-types/{name}}) with the user's token; later calls still use the key.
     */
    public void signUpWithProjectKey(String email, Map<String, String> eventTypes) {
        signUpWithProjectKey(email);
        String key = bearer;
        bearer = userToken;
        eventTypes.forEach((name, body) -> send("PUT", "/v1/projects/" + projectId + "/event-types/" + name, body,
                201, "PUT /v1/projects/{id}/event-types/" + name));
        bearer = key;
    }

    /** {@code POST /v1/events}: one event of {@code type} concerning one object, with the given metaData. */
    public void sendEvent(String type, String objectId, String metaDataJson) {
        send("POST", "/v1/events", "{\"type\":\"" + type + "\",\"concerns\":\"" + objectId + "\",\"metaData\":"
                + metaDataJson + "}", 201, "POST /v1/events");
    }

    @Override
    public void close() {
        http.close();
    }
}
