package io.padic.api.objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.padic.api.common.BearerToken;
import io.padic.api.projects.ApiKey;
import io.padic.api.projects.ControlPlaneCache;
import io.padic.api.projects.KeyUsage;
import io.padic.api.projects.ProjectScope;
import io.padic.api.projects.Scope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A warm {@code GET /v1/objects/{id}} answered on the HTTP event loop, before Quarkus REST sees it
 * (docs/design.md#warm-reads-without-the-store): when the API key and its project are in this process's memory, the
 * object's note in Redis is trusted (one non-blocking HMGET) and the state is among this process's copies. Anything
 * else (a query, an unknown or refused key, a note to distrust, a state to fetch or fold, a failure) goes on to
 * {@link ObjectResource}, whose answer for the same read is the same, byte for byte. A warm read is then mostly HTTP:
 * on the way through Quarkus REST it paid a worker's two thread hand-overs, the blocking Redis client's third, and
 * the request scope, more than the read itself.
 */
@ApplicationScoped
public class WarmReadRoute {

    static final String PATH = "/v1/objects/";

    private final ControlPlaneCache keys;
    private final ObjectService objects;
    private final KeyUsage usage;
    private final ObjectMapper json;
    private final Counter answered;
    /**
     * Each kept state's answer, written once: Jackson took a sixth of a warm read's CPU (the dates, the raw state).
     * Keyed by the state's own string, by identity (weak keys), so an answer lives no longer than the copy it was made
     * from (the answer holds the rest of the view, not the string). The rest is compared before an answer is reused,
     * because states of other objects or seqs may share the string (every object before its first event has the same
     * {@code {}}).
     */
    private final Cache<String, Answer> answers = Caffeine.newBuilder().weakKeys().maximumSize(100_000).build();

    /** An answer's body, and the view it was written from without its state (the key it is kept under). */
    private record Answer(ObjectResource.ObjectView stateless, byte[] body) {
        static Answer of(ObjectResource.ObjectView view, byte[] body) {
            return new Answer(withoutState(view), body);
        }

        /** True if this answer was written from {@code view}, whose state is the string it is kept under. */
        boolean answers(ObjectResource.ObjectView view) {
            return stateless.equals(withoutState(view));
        }

        private static ObjectResource.ObjectView withoutState(ObjectResource.ObjectView view) {
            return new ObjectResource.ObjectView(view.id(), view.type(), null, view.seq(), view.createdAt(),
                    view.updatedAt());
        }
    }

    public WarmReadRoute(ControlPlaneCache keys, ObjectService objects, KeyUsage usage, ObjectMapper json,
            MeterRegistry registry) {
        this.answered = Counter.builder("padic.objects.reads.event.loop")
                .description("Reads of an object's state now answered on the HTTP event loop, without Quarkus REST")
                .register(registry);
        this.keys = keys;
        this.objects = objects;
        this.usage = usage;
        this.json = json;
    }

    void register(@Observes Router router) {
        // After RequestLimits (-1000), before Quarkus REST's own route.
        router.get(PATH + ":id").order(-500).handler(this::read);
    }

    private void read(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String id = rc.pathParam("id");
        Optional<String> token = BearerToken.in(request);
        if (request.query() != null || id == null || token.isEmpty()) {
            rc.next();
            return;
        }
        Optional<ApiKey> key = keys.keptKeyWith(token.get(), Scope.OBJECTS_READ);
        if (key.isEmpty()) {
            rc.next();
            return;
        }
        ApiKey admitted = key.get();
        objects.readKept(new ProjectScope(admitted.projectId, admitted.accessLevel), id)
                .onComplete(read -> answer(rc, admitted, read.succeeded() ? read.result() : Optional.empty()));
    }

    /** Answers the read found, or hands the request on to the resource when there is none. */
    private void answer(RoutingContext rc, ApiKey admitted, Optional<ObjectService.Computed> found) {
        if (found.isEmpty()) {
            rc.next();
            return;
        }
        ObjectResource.ObjectView view = ObjectResource.ObjectView.of(found.get());
        Answer written = answers.getIfPresent(view.state());
        if (written == null || !written.answers(view)) {
            try {
                written = Answer.of(view, json.writeValueAsBytes(view));
            } catch (JsonProcessingException e) {
                rc.next();
                return;
            }
            answers.put(view.state(), written);
        }
        Buffer body = Buffer.buffer(written.body());
        // As projects.KeyUsageFilter counts each answer Quarkus REST gives to a key.
        usage.used(admitted.projectId, admitted.keyId, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        answered.increment();
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json;charset=UTF-8").end(body);
    }
}
