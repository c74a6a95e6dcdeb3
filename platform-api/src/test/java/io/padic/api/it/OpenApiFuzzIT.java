package io.padic.api.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.api.it.FuzzOperations.Operation;
import io.padic.api.it.FuzzOperations.Plane;
import io.padic.api.it.FuzzRequest.Auth;
import io.padic.api.it.FuzzTenants.Credential;
import io.padic.testkit.ApiClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.awaitility.Awaitility;

/**
 * Fuzzing from the OpenAPI document (issue 18, point 5): requests for every operation platform-api's
 * {@code /q/openapi} lists, derived from its schemas and mutated ({@link FuzzMutation}: wrong types, missing,
 * extra and null members, oversize strings and arrays, lone surrogates, NUL and other edge strings, odd ids with
 * {@code /}, {@code ..}, {@code $}, {@code %2F}, deep nesting, wrong content types, bad JSON and bad UTF-8),
 * each with the rightful credential of its operation (session, API key, none) or sometimes none, a malformed
 * one, the wrong kind, a read-only key or another tenant's ({@link FuzzTenants}). Every answer must be
 * <ul>
 * <li>2xx with a body that parses as what it says it is, or 4xx {@code application/problem+json} with
 * {@code type}, {@code title}, {@code status} and {@code detail} (I7); never 5xx, 1xx or 3xx;</li>
 * <li>free of stack traces and class names ({@link #INTERNALS});</li>
 * <li>never 2xx to a path naming another tenant's workspace, project, key, user, session, token, invitation or
 * event (I5), nor to a request without a valid credential, nor to a write with the read-only key;</li>
 * </ul>
 * and after each batch the canary tenant reads byte for byte as before the first request.
 *
 * <p>Batches of up to {@value #BATCH} requests go {@value #PARALLEL} at a time; jqwik shrinks a failing batch to
 * the request that fails, and prints it (method, path, headers, body). The seed is printed first;
 * {@code -Dpadic.cacheTruth.seed=<seed>} replays it ({@link ReplayableSeed}) and {@code -Dpadic.cacheTruth.tries=<n>}
 * changes the number of batches.
 *
 * <p>Left out, on purpose: the fuzzer's own footing ({@link FuzzTenants#footing()}: its workspace, project, keys,
 * token and user) is never named by a route that deletes or leaves, so it keeps its ground; those routes still
 * get the other tenants' ids and odd ones. Log-out and sign-out-everywhere end a fresh session of a spare account
 * instead of the fuzzer's or the other tenant's. A saved reducer never throws ({@link FuzzRequests#SAFE_REDUCERS}).
 */
class OpenApiFuzzIT {

    static final int BATCH = 100;
    static final int PARALLEL = 4;
    /** quarkus.http.limits.max-initial-line-length: beyond it Vert.x answers a bare 414 before any of our code. */
    static final int HTTP_LAYER_TARGET_LIMIT = 16_384 - 20;
    /** Ids that are dot segments or hold a slash: the server resolves them to another path, maybe another route. */
    static final Pattern DOT_SEGMENTS = Pattern.compile("(?i)(\\.|%2e){1,2}(%2f.*)?|.*/.*");
    /** Stack frames, exception names, our packages and the libraries': nothing of the implementation. */
    static final Pattern INTERNALS = Pattern.compile("io\\.padic|java\\.(lang|util|io|net|time)\\.|javax?\\.|jakarta\\."
            + "|com\\.fasterxml|org\\.(jboss|graalvm|bson|mongodb|h2)|io\\.(vertx|quarkus|smallrye|netty)|Exception\\b"
            + "|\\bat [a-zA-Z_$][\\w$]*(\\.[\\w$]+)+\\(|\\.java:\\d+|StackOverflow|OutOfMemory|NullPointer");

    private static Backends backends;
    private static AppProcess app;
    private static FuzzTenants tenants;
    private static FuzzRequests requests;
    private static List<Operation> operations;
    private static Map<String, String> canaryBefore;
    private static HttpClient http;
    private static ExecutorService senders;
    /** Per route and per mutation: requests, 2xx, 4xx, other, and microseconds waited for answers. */
    private static final Map<String, AtomicLongArray> BY_ROUTE = new ConcurrentHashMap<>();
    private static final Map<String, AtomicLongArray> BY_MUTATION = new ConcurrentHashMap<>();
    private static long started;
    /** Time spent reading the canary, and requests sent again on a new connection ({@link #exchange}). */
    private static final AtomicLong CANARY_MICROS = new AtomicLong();
    private static final AtomicLong RETRIES = new AtomicLong();

    @BeforeContainer
    static void start() {
        started = System.nanoTime();
        backends = Backends.start();
        // Quotas high enough that creating projects and keys keeps working for the whole run; the full JIT, as
        // the process serves for two minutes.
        app = AppProcess.start("fuzz", backends, Map.of("PADIC_QUOTAS_PROJECTS_PER_TENANT", "100000",
                "PADIC_QUOTAS_KEYS_PER_PROJECT", "100000"), List.of("-XX:+UseSerialGC"));
        ApiClient api = ApiClient.to(app.uri());
        tenants = new FuzzTenants(api);
        JsonNode document = api.get("/q/openapi?format=json").expect(200);
        FuzzOperations parsed = new FuzzOperations(document);
        operations = parsed.all();
        assertTrue(operations.size() > 60, "the OpenAPI document lists only " + operations.size() + " operations");
        requests = new FuzzRequests(parsed, operations, new FuzzValues(tenants));
        senders = Executors.newFixedThreadPool(PARALLEL);
        // The canary key's use during set-up is written within 2 s (KeyUsage): wait for it before the first look.
        String keys = "/v1/projects/" + tenants.cProject + "/api-keys";
        canaryBefore = Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> tenants.canary(senders), canary -> canary.get(keys).contains("\"requestsLast24h\":5"));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
        System.out.printf("OpenApiFuzzIT: %d operations, set up in %d ms%n", operations.size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    @AfterContainer
    static void stop() {
        report();
        if (senders != null) {
            senders.shutdownNow();
        }
        if (http != null) {
            http.close();
        }
        if (app != null) {
            app.close();
        }
        if (backends != null) {
            backends.close();
        }
    }

    @Provide
    Arbitrary<List<FuzzRequest>> batches() {
        return requests.any().list().ofMinSize(1).ofMaxSize(BATCH).withSizeDistribution(RandomDistribution.uniform());
    }

    // 460 batches of 50.5 requests on average: about 23,200 requests, at least 20,000 but for one seed in 10^7.
    @Property(tries = 460, edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(ReplayableSeed.class)
    void everyAnswerIsASuccessOrAProblemAndTheCanaryStaysAsItWas(@ForAll("batches") List<FuzzRequest> batch)
            throws InterruptedException {
        List<Future<String>> answers = new ArrayList<>();
        for (FuzzRequest request : batch) {
            answers.add(senders.submit(() -> send(request)));
        }
        List<String> wrong = new ArrayList<>();
        for (Future<String> answer : answers) {
            try {
                String failure = answer.get();
                if (failure != null) {
                    wrong.add(failure);
                }
            } catch (ExecutionException e) {
                wrong.add(String.valueOf(e.getCause()));
            }
        }
        assertEquals(List.of(), wrong, "answers that break the API's promises" + appFailures());
        long reading = System.nanoTime();
        Map<String, String> canaryNow = tenants.canary(senders);
        CANARY_MICROS.addAndGet((System.nanoTime() - reading) / 1000);
        List<String> changed = canaryBefore.keySet().stream().filter(p -> !canaryBefore.get(p).equals(canaryNow.get(p)))
                .map(p -> "GET " + p + "\n  before: " + canaryBefore.get(p) + "\n  now:    " + canaryNow.get(p)).toList();
        assertEquals(List.of(), changed, "the canary tenant's answers changed");
    }

    /** The verdict catches what the property is there to catch: without this, a run that finds nothing proves little. */
    @Example
    void theVerdictRefusesEveryBrokenPromise() {
        Operation project = operations.stream().filter(o -> o.route().equals("GET /v1/projects/{projectId}"))
                .findFirst().orElseThrow();
        FuzzRequest own = new FuzzRequest(project, Auth.OWN, 0, "/v1/projects/" + tenants.fProject, List.of(),
                "application/json", null, List.of(tenants.fProject), "");
        FuzzRequest canarys = new FuzzRequest(project, Auth.OWN, 0, "/v1/projects/" + tenants.cProject, List.of(),
                "application/json", null, List.of(tenants.cProject), "");
        Credential f = new Credential("Bearer " + tenants.f.token(), FuzzTenants.Tenant.F);
        String problem = "{\"type\": \"https://padic.io/problems/not-found\", \"title\": \"Not found\", \"status\": 404, "
                + "\"detail\": \"No such project\"}";
        byte[] fine = "{\"id\": \"x\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(null, verdict(own, f, 200, "application/json", fine));
        assertEquals(null, verdict(canarys, f, 404, "application/problem+json", problem.getBytes(StandardCharsets.UTF_8)));
        assertTrue(verdict(own, f, 500, "application/problem+json", problem.replace("404", "500")
                .getBytes(StandardCharsets.UTF_8)) != null, "a 500");
        assertTrue(verdict(own, f, 404, "text/plain", "Not Found".getBytes(StandardCharsets.UTF_8)) != null, "a bare 404");
        assertTrue(verdict(own, f, 400, "application/problem+json", "{\"status\": 400}".getBytes(StandardCharsets.UTF_8))
                != null, "a problem without type, title and detail");
        assertTrue(verdict(own, f, 200, "application/json", "{\"e\": \"java.lang.IllegalStateException: x\"}"
                .getBytes(StandardCharsets.UTF_8)) != null, "a class name");
        assertTrue(verdict(own, f, 200, "application/json", "{\"e\": \"\\tat io.padic.api.X.y(X.java:12)\"}"
                .getBytes(StandardCharsets.UTF_8)) != null, "a stack frame");
        assertTrue(verdict(own, f, 200, "application/json", "{\"a\": ".getBytes(StandardCharsets.UTF_8)) != null,
                "JSON that does not parse");
        assertTrue(verdict(canarys, f, 200, "application/json", fine) != null, "the canary's project answered to F");
        assertTrue(verdict(own, new Credential(null, null), 200, "application/json", fine) != null,
                "a 2xx without credentials");
        assertTrue(verdict(own, f, 302, "", new byte[0]) != null, "a redirect");
    }

    /** Sends {@code request}; answers what is wrong with its answer, or null. */
    private static String send(FuzzRequest request) throws InterruptedException {
        Credential credential = tenants.credential(request.op(), request.auth(), request.authVariant());
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(app.uri() + request.target()))
                .timeout(Duration.ofSeconds(30));
        if (credential.header() != null) {
            builder.header("Authorization", credential.header());
        }
        if (request.body() != null && !request.contentType().equals("none")) {
            builder.header("Content-Type", request.contentType());
        }
        request.headers().forEach(h -> builder.header(h.getKey(), h.getValue()));
        builder.method(request.op().method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        HttpResponse<byte[]> answer;
        long t = System.nanoTime();
        try {
            answer = exchange(builder.build());
        } catch (IOException e) {
            return request + "-> no answer: " + e;
        }
        count(request, answer.statusCode(), System.nanoTime() - t);
        String problem = verdict(request, credential, answer.statusCode(),
                answer.headers().firstValue("Content-Type").orElse(""), answer.body());
        return problem == null ? null : request + "-> " + answer.statusCode() + " "
                + answer.headers().firstValue("Content-Type").orElse("(no content type)") + "\n"
                + FuzzRequest.printable(answer.body()) + "\n=> " + problem;
    }

    /**
     * Sends once more, on a new connection, when the pooled one turned out closed before any byte of the answer.
     * That happens after a request line past the HTTP layer's 16 KiB backstop: Vert.x answers its bare 414 and
     * closes the connection, and the JDK client, which resends only idempotent requests itself, may already have
     * taken that connection for the next request (seen with one connection per sender: each time, the request
     * before on it had such a line).
     */
    private static HttpResponse<byte[]> exchange(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
                throw e;
            }
            RETRIES.incrementAndGet();
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    /** What is wrong with {@code answer} to {@code request}, or null. */
    static String verdict(FuzzRequest request, Credential credential, int status, String type, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        Matcher leak = INTERNALS.matcher(text);
        if (leak.find()) {
            return "the body shows the implementation: '" + leak.group() + "'";
        }
        if (status == 414 && request.target().length() > HTTP_LAYER_TARGET_LIMIT) {
            return null; // the HTTP layer's backstop, bare by design (docs/operations.md, "Request limits")
        }
        if (status >= 400 && status < 500) {
            return problem(status, type, text);
        }
        if (status < 200 || status >= 300) {
            return "only 2xx and 4xx are allowed";
        }
        if (type.startsWith("application/problem+json")) {
            return "a success answered as a problem";
        }
        if (!text.isEmpty() && type.contains("json")) {
            try {
                ApiClient.JSON.readTree(text);
            } catch (IOException e) {
                return "a 2xx body that says JSON but does not parse";
            }
        } else if (!text.isEmpty() && !type.startsWith("text/csv")) {
            return "a 2xx body of an unexpected type";
        }
        return isolation(request, credential);
    }

    private static String problem(int status, String type, String text) {
        if (!type.startsWith("application/problem+json")) {
            return "a 4xx that is not application/problem+json";
        }
        try {
            JsonNode problem = ApiClient.JSON.readTree(text);
            for (String member : List.of("type", "title", "detail")) {
                if (!problem.path(member).isTextual() || problem.path(member).asText().isBlank()) {
                    return "the problem has no " + member;
                }
            }
            return problem.path("status").asInt() == status ? null : "the problem's status is not the answer's";
        } catch (IOException e) {
            return "a problem that does not parse";
        }
    }

    /** A 2xx must come from a valid credential that owns every id in the path (I5). */
    private static String isolation(FuzzRequest request, Credential credential) {
        if (request.pathIds().stream().anyMatch(id -> DOT_SEGMENTS.matcher(id).matches())) {
            return null; // "/v1/projects/../objects" is /v1/objects once normalised (RFC 3986): another route
        }
        Operation op = request.op();
        if (op.plane() != Plane.PUBLIC && credential.tenant() == null) {
            return "2xx to " + request.auth() + " credentials";
        }
        if (request.auth() == Auth.READ_ONLY_KEY && op.writes()) {
            return "a write done with a read-only key";
        }
        for (String id : request.pathIds()) {
            FuzzTenants.Tenant owner = tenants.owners.get(id);
            if (owner != null && owner != credential.tenant()) {
                return "2xx to " + credential.tenant() + " for an id of " + owner + ": " + id;
            }
        }
        return null;
    }

    private static void count(FuzzRequest request, int status, long nanos) {
        int column = status / 100 == 2 ? 1 : status / 100 == 4 ? 2 : 3;
        for (AtomicLongArray counts : List.of(BY_ROUTE.computeIfAbsent(request.op().route(), r -> new AtomicLongArray(5)),
                BY_MUTATION.computeIfAbsent(request.mutation().isEmpty() ? "NONE"
                        : request.mutation().substring(0, request.mutation().indexOf(' ')), m -> new AtomicLongArray(5)))) {
            counts.incrementAndGet(0);
            counts.incrementAndGet(column);
            counts.addAndGet(4, nanos / 1000);
        }
    }

    /** The app's own account of its failures, for a failing try: the first stack trace it logged. */
    private static String appFailures() {
        try {
            String log = Files.readString(app.log());
            int at = log.indexOf("Unexpected failure");
            return at < 0 ? "" : "\nThe app logged:\n" + log.substring(at, Math.min(log.length(), at + 4000));
        } catch (IOException e) {
            return "";
        }
    }

    /** Requests per route and per mutation, with how many were 2xx and 4xx; routes never sent fail the run. */
    private static void report() {
        if (operations == null) {
            return;
        }
        long total = BY_ROUTE.values().stream().mapToLong(c -> c.get(0)).sum();
        StringBuilder out = new StringBuilder(String.format("OpenApiFuzzIT: %d requests in %d s%n", total,
                (System.nanoTime() - started) / 1_000_000_000));
        new TreeMap<>(BY_ROUTE).forEach((route, c) -> out.append(String.format("  %-70s %5d  2xx %5d  4xx %5d %6d ms%n",
                route, c.get(0), c.get(1), c.get(2), c.get(4) / 1000)));
        new TreeMap<>(BY_MUTATION).forEach((kind, c) -> out.append(String.format("  %-70s %5d  2xx %5d  4xx %5d %6d ms%n",
                "mutation " + kind, c.get(0), c.get(1), c.get(2), c.get(4) / 1000)));
        out.append(String.format("  canary read in %d ms; %d requests sent again on a new connection%n",
                CANARY_MICROS.get() / 1000, RETRIES.get()));
        System.out.print(out);
        List<String> unsent = operations.stream().map(Operation::route).filter(r -> !BY_ROUTE.containsKey(r)).toList();
        assertEquals(List.of(), total > 5_000 ? unsent : List.of(), "operations the fuzzer never called");
    }
}
