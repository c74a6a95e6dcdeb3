package io.padic.api.common;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a body over the limit with problem+json before it is read. The HTTP layer's own limit
 * ({@code quarkus.http.limits.max-body-size}) still stops bodies that do not announce their length.
 */
@ApplicationScoped
public class BodyLimit {

    public static final long MAX_BODY_BYTES = 1024 * 1024;

    void register(@Observes Router router) {
        router.route().order(-1000).handler(this::limit);
    }

    private void limit(RoutingContext rc) {
        String length = rc.request().getHeader("Content-Length");
        if (length != null && parse(length) > MAX_BODY_BYTES) {
            ApiProblem problem = ApiProblem.tooLarge("body", "The body is " + length
                    + " bytes; the limit is " + MAX_BODY_BYTES + " bytes (1 MiB)");
            rc.response().setStatusCode(413)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Connection", "close")
                    .end(Json.encode(Problem.of(problem)));
            return;
        }
        rc.next();
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
