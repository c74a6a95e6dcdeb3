package io.padic.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.padic.client.ApiException;
import io.padic.client.api.AccountsApi;
import io.padic.client.api.ObjectsApi;
import io.padic.client.api.ProjectsApi;
import io.padic.client.model.CreateKey;
import io.padic.client.model.CreateObject;
import io.padic.client.model.CreateProject;
import io.padic.client.model.CreatedKeyView;
import io.padic.client.model.SignUp;
import io.padic.client.model.SignedUpView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * platform-api's public API over plain {@code java.net.http}, as any client would speak it: the set-up journey
 * (sign up, log in, project, key, event type) and the data-plane calls tests and the bench make. Each
 * {@link #to} has its own connections; {@link #as} shares them with another bearer (a session token or an API
 * key). A dead or unreachable server surfaces as {@link UncheckedIOException}.
 */
public final class ApiClient implements AutoCloseable {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final List<String> ALL_SCOPES =
            List.of("objects:read", "objects:write", "events:read", "events:write");
    public static final String PASSWORD = "correct horse battery";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** An answer to {@code request} (method and path): the status and the JSON body (a null node when empty). */
    public record Reply(String request, int status, JsonNode body) {

        /** The body; {@link UnexpectedStatus} unless the status is {@code expected}. */
        public JsonNode expect(int expected) {
            if (status != expected) {
                throw new UnexpectedStatus(request, expected, status, String.valueOf(body));
            }
            return body;
        }
    }

    /** An answer as it came, unparsed: for callers that read large bodies their own way. */
    public record Text(String request, int status, String body) {

        /** The body; {@link UnexpectedStatus} unless the status is {@code expected}. */
        public String expect(int expected) {
            if (status != expected) {
                throw new UnexpectedStatus(request, expected, status, body);
            }
            return body;
        }
    }

    private final HttpClient http;
    private final URI base;
    private final Duration timeout;
    private final String bearer;

    private ApiClient(HttpClient http, URI base, Duration timeout, String bearer) {
        this.http = http;
        this.base = base;
        this.timeout = timeout;
        this.bearer = bearer;
    }

    public static ApiClient to(URI base) {
        return to(base, TIMEOUT);
    }

    public static ApiClient to(String baseUrl) {
        return to(URI.create(baseUrl));
    }

    /** A client whose requests may take up to {@code timeout} (the bench's large batches take longer). */
    public static ApiClient to(URI base, Duration timeout) {
        // HTTP/1.1 stated: the default would try an h2c upgrade on the first request of each connection.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String url = base.toString();
        return new ApiClient(http, URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url),
                timeout, null);
    }

    /** The same connections, sending {@code Authorization: Bearer newBearer} (none when null). */
    public ApiClient as(String newBearer) {
        return new ApiClient(http, base, timeout, newBearer);
    }

    // --- The set-up journey (control plane, with a session token) ---------------------------------------

    /** Signs up a new user with a random e-mail and {@link #PASSWORD}. */
    public Account signUp() {
        return signUp("user-" + UUID.randomUUID() + "@example.com", PASSWORD, "Test User");
    }

    public Account signUp(String email, String password, String name) {
        SignedUpView up = fromContract("POST /v1/auth/signup", 201, () -> new AccountsApi(contract(null))
                .postAuthSignup(new SignUp().email(email).password(password).name(name)));
        return new Account(email, up.getUser().getId(), up.getToken(), up.getTenant().getId());
    }

    /** Logs in; returns the new session token. */
    public String logIn(String email, String password) {
        return as(null).post("/v1/auth/login", Map.of("email", email, "password", password), null).expect(200)
                .path("token").asText();
    }

    /** A project with the defaults (events of undeclared types are refused); returns its id. */
    public String createProject(Account owner, String name) {
        return fromContract("POST /v1/projects", 201, () -> new ProjectsApi(contract(owner.token()))
                .postProjects(new CreateProject().name(name))).getId();
    }

    /**
     * Lets the project take events of types it never declared, flagging them instead of refusing them: for
     * tests of the store itself, which send types they never declare.
     */
    public void flagUndeclaredEventTypes(Account owner, String projectId) {
        as(owner.token()).call("PATCH", "/v1/projects/" + projectId, Map.of("undeclaredEventTypes", "flag"), null)
                .expect(200);
    }

    /** A key of the project at {@code accessLevel} with {@code scopes}. */
    public Key createKey(Account owner, String projectId, String name, String accessLevel, List<String> scopes) {
        CreatedKeyView key = fromContract("POST /v1/projects/" + projectId + "/api-keys", 201,
                () -> new ProjectsApi(contract(owner.token())).postProjectsApiKeys(projectId,
                        new CreateKey().name(name).scopes(scopes).accessLevel(accessLevel)));
        return new Key(key.getId(), key.getKey());
    }

    /** A key of the project at {@code accessLevel} with every scope; returns its secret. */
    public String createKey(Account owner, String projectId, String accessLevel) {
        return createKey(owner, projectId, "test key", accessLevel, ALL_SCOPES).secret();
    }

    /**
     * Declares a new event type: {@code definition} is the body of {@code PUT /v1/projects/{id}/event-types/{name}}
     * ({@code fields}, {@code applyEvent}, {@code objectType}, …), a map or JSON text.
     */
    public void declareEventType(Account owner, String projectId, String name, Object definition) {
        as(owner.token()).call("PUT", "/v1/projects/" + projectId + "/event-types/" + name, definition, null)
                .expect(201);
    }

    /** Signs up a new user and creates a project with an owner-level key that has every scope. */
    public Project newProject(String name) {
        Account owner = signUp();
        String projectId = createProject(owner, name);
        return new Project(owner, projectId, createKey(owner, projectId, "owner"));
    }

    /** As {@link #newProject(String)}, in a project that flags events of undeclared types instead of refusing them. */
    public Project newProjectTakingAnyType(String name) {
        Account owner = signUp();
        String projectId = createProject(owner, name);
        flagUndeclaredEventTypes(owner, projectId);
        return new Project(owner, projectId, createKey(owner, projectId, "owner"));
    }

    // --- The data plane (with this client's bearer, an API key) -----------------------------------------

    public void createObjects(String type, String... ids) {
        ObjectsApi objects = new ObjectsApi(contract(bearer));
        for (String id : ids) {
            fromContract("POST /v1/objects", 201, () -> objects.postObjects(new CreateObject().type(type).id(id)));
        }
    }

    /** A call through the generated client; its refusal becomes an {@link UnexpectedStatus} as the others do. */
    private static <T> T fromContract(String what, int expected, ContractCall<T> call) {
        try {
            return call.call();
        } catch (ApiException e) {
            throw new UnexpectedStatus(what, expected, e.getCode(), String.valueOf(e.getResponseBody()));
        }
    }

    private interface ContractCall<T> {
        T call() throws ApiException;
    }

    /**
     * The Java client generated from the contract, docs/openapi.json (module clients/java), speaking as {@code token}
     * over this client's connections (the generated one would open its own for every instance).
     */
    private io.padic.client.ApiClient contract(String token) {
        HttpClient shared = http;
        io.padic.client.ApiClient client = new io.padic.client.ApiClient() {
            @Override
            public HttpClient getHttpClient() {
                return shared;
            }
        };
        client.updateBaseUri(base.toString().replaceAll("/+$", ""));
        client.setReadTimeout(timeout);
        if (token != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        }
        return client;
    }

    /** {@code POST /v1/events}: one event; {@code concerns} is an object id or a list of them. */
    public Reply sendEvent(String type, Object concerns, Map<String, ?> metaData) {
        return sendEvent(type, concerns, metaData, null);
    }

    public Reply sendEvent(String type, Object concerns, Map<String, ?> metaData, String idempotencyKey) {
        return post("/v1/events", Map.of("type", type, "concerns", concerns, "metaData", metaData), idempotencyKey);
    }

    /** {@code GET /v1/objects/{id}}, with {@code query} (such as {@code at=…}) when it is not null. */
    public Reply readObject(String objectId, String query) {
        return get("/v1/objects/" + objectId + (query == null ? "" : "?" + query));
    }

    // --- Any call ---------------------------------------------------------------------------------------

    public Reply get(String path) {
        return parse(exchange(request(path).GET().build()));
    }

    public Reply post(String path, Object body, String idempotencyKey) {
        return call("POST", path, body, idempotencyKey);
    }

    /** Sends {@code body} (JSON text as it is, anything else written as JSON; null for none). */
    public Reply call(String method, String path, Object body, String idempotencyKey) {
        return parse(text(method, path, body instanceof String text ? text : write(body), idempotencyKey));
    }

    /** A GET as a scraper sends it, with no Accept header (metrics, the trivial endpoint), answered unparsed. */
    public Text getText(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return exchange(request.build());
    }

    /** Sends {@code json} (null for no body) and returns the answer unparsed. */
    public Text text(String method, String path, String json, String idempotencyKey) {
        HttpRequest.Builder request = request(path);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return exchange(request.build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Accept", "application/json");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return request;
    }

    private Text exchange(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Text(request.method() + " " + request.uri().getPath(), response.statusCode(),
                    response.body() == null ? "" : response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + request.method() + " " + request.uri(), e);
        }
    }

    private static Reply parse(Text text) {
        try {
            return new Reply(text.request(), text.status(),
                    text.body().isBlank() ? JSON.nullNode() : JSON.readTree(text.body()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(text.request() + " answered " + text.status() + " with no JSON: "
                    + text.body(), e);
        }
    }

    /** {@code body} as JSON text; null stays null (no body). */
    public static String write(Object body) {
        if (body == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Closes the connections this client and every {@link #as} of it share. */
    @Override
    public void close() {
        http.close();
    }
}
