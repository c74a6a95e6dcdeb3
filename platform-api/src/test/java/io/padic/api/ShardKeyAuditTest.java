package io.padic.api;

import static io.padic.api.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.padic.api.analytics.AnalyticsBuilds;
import io.padic.api.analytics.AnalyticsFlusher;
import io.padic.api.analytics.AnomalyChecks;
import io.padic.api.store.MongoDeployScripts;
import io.padic.api.store.ShardKeyAudit;
import io.padic.api.store.ShardKeys;
import io.padic.api.support.Api;
import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.Filter;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The shard-key audit (docs/design.md#shard-keys) over a workload that calls every data-plane route and every route
 * of a project (the routes docs/roles.md lists under {@code /v1/objects}, {@code /v1/events} and
 * {@code /v1/projects/{projectId}}), with the background work they start (analytics flushes, a rebuild, the anomaly
 * check): no command a sharded cluster could not route by its shard key, and every sharded collection is reached, so
 * the audit checked real traffic. The other routes touch sharded collections only through the audit log and are
 * audited in the tests that call them (RoleMatrixTest calls every control-plane route); the audit's JUnit extension
 * fails any test class during which a violation happened.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class ShardKeyAuditTest {

    private static final String TYPE = "note.added";

    @Inject
    ShardKeyAudit audit;
    @Inject
    AnalyticsFlusher flusher;
    @Inject
    AnalyticsBuilds builds;
    @Inject
    AnomalyChecks anomalies;

    /** The routes this workload called, as docs/roles.md spells them ({@code GET /v1/objects/{id}}). */
    private final Set<String> called = new TreeSet<>();

    @Test
    void everyRouteOfTheDataPlaneAndOfAProjectNamesExactShardKeys() throws Exception {
        Map<String, Long> before = audit.routed();
        Set<String> violationsBefore = audit.violations();
        Workspace w = Api.workspace();
        String p = "/v1/projects/" + w.projectId();
        String key = w.key();
        String owner = w.account().token();
        Filter record = (request, response, ctx) -> {
            called.add(request.getMethod() + " " + template(request.getUserDefinedPath(), w.projectId()));
            return ctx.next(request, response);
        };
        as(owner).filter(record).body(Map.of("objectType", "Note",
                "fields", List.of(Map.of("name", "text", "type", "string")),
                "applyEvent", "return { text: event.metaData.text, n: (state.n || 0) + 1 };"))
                .put(p + "/event-types/" + TYPE).then().statusCode(201);

        // Data plane: objects, single, keyed, multi-object, flagged and batched events, a hide, past reads.
        RequestSpecification data = as(key).filter(record);
        for (String id : List.of("n1", "n2")) {
            as(key).filter(record).body(Map.of("type", "Note", "id", id)).post("/v1/objects").then().statusCode(201);
        }
        String first = event(key, record, null, TYPE, "n1", "one");
        event(key, record, "k-1", TYPE, "n2", "keyed");
        event(key, record, "k-1", TYPE, "n2", "keyed");
        event(key, record, null, TYPE, List.of("n1", "n2"), "both");
        event(key, record, null, "undeclared.type", "n1", "flagged");
        List<Map<String, ?>> batch = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            batch.add(Map.of("type", TYPE, "concerns", i % 10 == 0 ? List.of("n1", "n2") : List.of("n1"),
                    "metaData", Map.of("text", "b" + i)));
        }
        data.body(Map.of("events", batch)).post("/v1/events/batch").then().statusCode(200);
        as(key).filter(record).post("/v1/events/" + first + "/hide").then().statusCode(201);
        String at = Instant.now().toString();
        for (String read : List.of("/v1/objects/n1", "/v1/objects/n1?seq=70", "/v1/objects/n1?seq=66",
                "/v1/objects/n2?at=" + at, "/v1/objects/n1/events?after=3&limit=5", "/v1/objects?type=Note",
                "/v1/objects")) {
            as(key).filter(record).get(read).then().statusCode(200);
        }

        // A project's routes, and the background work behind analytics.
        flusher.flushNow();
        anomalies.checkNow();
        String keyId = as(owner).filter(record).body(Map.of("name", "second", "scopes", List.of("objects:read"),
                "accessLevel", "public")).post(p + "/api-keys").then().statusCode(201).extract().path("id");
        as(owner).filter(record).body(Map.of("name", "Renamed")).patch(p).then().statusCode(200);
        for (String read : List.of(p + "/objects/n1", p + "/objects/n1?seq=2", p + "/objects/n1/events",
                p + "/objects/n1/timeline", p + "/objects?type=Note", p + "/events/recent", p + "/events/" + first,
                p + "/event-types", p + "/event-types/" + TYPE, p + "/event-types/" + TYPE + "/schema.json",
                p + "/event-types/inferred", p + "/event-types/" + TYPE + "/drift", p + "/violations",
                p + "/violations/events?ids=" + first, p + "/violations/counts", p + "/analytics/overview",
                p + "/analytics/active?objectType=Note", p + "/analytics/retention?objectType=Note",
                p + "/analytics/lifecycle?objectType=Note", p + "/analytics/funnel?objectType=Note&steps=" + TYPE,
                p + "/analytics/anomalies", p, p + "/api-keys", p + "/api-keys/" + keyId + "/refusals",
                p + "/clients/typescript", p + "/clients/java")) {
            as(owner).filter(record).get(read).then().statusCode(200);
        }
        as(owner).filter(record).body(Map.of("event", Map.of("metaData", Map.of("text", "hi"))))
                .post(p + "/event-types/" + TYPE + "/test").then().statusCode(200);
        String second = event(key, record, null, TYPE, "n2", "two");
        as(owner).filter(record).post(p + "/events/" + second + "/hide").then().statusCode(201);
        as(owner).filter(record).post(p + "/analytics/rebuild").then().statusCode(202);
        builds.awaitBuilds();
        flusher.flushNow();
        as(owner).filter(record).delete(p + "/api-keys/" + keyId).then().statusCode(204);
        as(owner).filter(record).delete(p).then().statusCode(204);

        Set<String> violations = new TreeSet<>(audit.violations());
        violations.removeAll(violationsBefore);
        assertEquals(Set.of(), violations, "commands a sharded cluster could not route by their shard key");
        Map<String, Long> after = audit.routed();
        Set<String> unreached = new TreeSet<>(ShardKeys.sharded());
        unreached.removeIf(c -> after.getOrDefault(c, 0L) > before.getOrDefault(c, 0L));
        assertEquals(Set.of(), unreached, "sharded collections the workload never reached: the audit saw nothing there");
        Set<String> uncalled = new TreeSet<>();
        for (String route : RoleMatrixTest.listedRoutes()) {
            String path = route.substring(route.indexOf(' ') + 1);
            if (path.startsWith("/v1/objects") || path.startsWith("/v1/events") || path.startsWith("/v1/projects/{")) {
                uncalled.add(route);
            }
        }
        uncalled.removeAll(called);
        assertEquals(Set.of(), uncalled, "routes of the data plane and of a project this workload does not call");
        Path summary = Path.of("target", "shard-key-audit", "workload.txt");
        Files.createDirectories(summary.getParent());
        Files.writeString(summary, "routed (commands naming exact _ids, "
                + "by collection, since the app started): " + after + "\nbackground scans: " + audit.scans() + "\n");
    }

    @Test
    void theIndexScriptHoldsEveryIndexTheAppCreatesAndNoOther() throws Exception {
        assertEquals(new TreeSet<>(audit.indexes()), new TreeSet<>(MongoDeployScripts.indexes()),
                "deploy/mongodb/indexes.js against the createIndexes commands the app sent at startup");
    }

    /** Sends one event, with an Idempotency-Key if one is given, and answers its id. */
    private static String event(String key, Filter record, String idempotencyKey, String type, Object concerns,
            String text) {
        RequestSpecification request = as(key).filter(record);
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return request.body(Map.of("type", type, "concerns", concerns, "metaData", Map.of("text", text)))
                .post("/v1/events").then().statusCode(201).extract().path("id");
    }

    /** A called path as docs/roles.md spells its route: ids become {projectId}, {id}, {name}, {keyId}, {language}. */
    private static String template(String path, String projectId) {
        String route = path.replaceAll("\\?.*", "").replace(projectId, "{projectId}");
        route = route.replaceAll("/(objects|events)/(?!recent$|batch$)[^/]+", "/$1/{id}");
        route = route.replaceAll("/event-types/(?!inferred$)[^/]+", "/event-types/{name}");
        route = route.replaceAll("/clients/[^/]+", "/clients/{language}");
        return route.replaceAll("/api-keys/[^/]+", "/api-keys/{keyId}");
    }
}
