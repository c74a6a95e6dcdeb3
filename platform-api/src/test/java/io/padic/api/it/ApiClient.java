package io.padic.api.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A client of one platform-api process that speaks JSON over {@code java.net.http}, as any client would.
 * Each instance has its own HTTP connections; {@link #as} shares them with a different bearer.
 */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> ALL_SCOPES = List.of("objects:read", "objects:write", "events:read", "events:write");

    /** An answer: the status and the JSON body (null when there is none). */
    record Reply(int status, JsonNode body) {
        JsonNode expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected " + expected + " but got " + status + ": " + body);
            }
            return body;
        }
    }

    /** A fresh project with a key that may do everything, at the strongest default level. */
    record Project(String id, String key) {
    }

    private final HttpClient http;
    private final URI base;
    private final String bearer;

    private ApiClient(HttpClient http, URI base, String bearer) {
        this.http = http;
        this.base = base;
        this.bearer = bearer;
    }

    static ApiClient to(AppProcess app) {
        return new ApiClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build(), app.uri(), null);
    }

    ApiClient as(String newBearer) {
        return new ApiClient(http, base, newBearer);
    }

    /** A fresh project with an all-scopes owner key, and the session token of the member who made it. */
    record MemberProject(String id, String key, String token) {
    }

    /** Signs up a new user, creates a project and an all-scopes owner key in it. */
    Project newProject() {
        MemberProject project = newMemberProject();
        return new Project(project.id(), project.key());
    }

    /** {@link #newProject}, keeping the member's session token for control-plane routes. */
    MemberProject newMemberProject() {
        String email = "it-" + UUID.randomUUID() + "@example.com";
        String token = post("/v1/auth/signup",
                Map.of("email", email, "password", "correct horse battery", "name", "IT user"), null)
                .expect(201).path("token").asText();
        ApiClient user = as(token);
        String projectId = user.post("/v1/projects", Map.of("name", "IT " + UUID.randomUUID()), null)
                .expect(201).path("id").asText();
        // The events these tests send have no declared type; "flag" keeps them accepted however strict the
        // default policy for undeclared types becomes.
        user.call("PATCH", "/v1/projects/" + projectId, Map.of("undeclaredEventTypes", "flag"), null).expect(200);
        String key = user.post("/v1/projects/" + projectId + "/api-keys",
                Map.of("name", "it key", "scopes", ALL_SCOPES, "accessLevel", "owner"), null)
                .expect(201).path("key").asText();
        return new MemberProject(projectId, key, token);
    }

    void createObjects(String type, String... ids) {
        for (String id : ids) {
            post("/v1/objects", Map.of("type", type, "id", id), null).expect(201);
        }
    }

    Reply sendEvent(String type, List<String> concerns, Map<String, ?> metaData) {
        return sendEvent(type, concerns, metaData, null);
    }

    Reply sendEvent(String type, List<String> concerns, Map<String, ?> metaData, String idempotencyKey) {
        return post("/v1/events", Map.of("type", type, "concerns", concerns, "metaData", metaData), idempotencyKey);
    }

    /** The object's whole edit log, read with {@code after}/{@code limit} pages of {@code pageSize}. */
    EditLog editLog(String objectId, int pageSize) {
        List<JsonNode> events = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = get("/v1/objects/" + objectId + "/events?after=" + after + "&limit=" + pageSize)
                    .expect(200);
            if (page.path("events").size() > pageSize) {
                throw new AssertionError("a page of limit " + pageSize + " held " + page.path("events").size());
            }
            page.path("events").forEach(events::add);
            if (page.path("next").isNull() || page.path("next").isMissingNode()) {
                return new EditLog(objectId, events);
            }
            after = page.path("next").asLong();
        }
    }

    Reply get(String path) {
        return send(request(path).GET().build());
    }

    Reply post(String path, Object body, String idempotencyKey) {
        return call("POST", path, body, idempotencyKey);
    }

    Reply call(String method, String path, Object body, String idempotencyKey) {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(write(body)));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return request;
    }

    /** Sends the request; a dead or unreachable process surfaces as {@link UncheckedIOException}. */
    private Reply send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + request.method() + " " + request.uri(), e);
        }
        String text = response.body();
        try {
            return new Reply(response.statusCode(), text == null || text.isEmpty() ? null : JSON.readTree(text));
        } catch (JsonProcessingException e) {
            throw new AssertionError(request.uri() + " answered " + response.statusCode() + " with no JSON: " + text, e);
        }
    }

    static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
