package io.padic.api.identity;

import io.padic.api.common.ApiProblem;
import io.padic.api.common.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;

/**
 * The audit routes only read: any other method on them answers 405 with {@code Allow: GET}, naming why. Without this,
 * a PUT or DELETE there would fall through to the workspace routes and answer a plain 404.
 */
@ApplicationScoped
public class AuditReadOnly {

    private static final String AUDIT_PATHS = "/v1/workspaces/[^/]+/audit(\\.csv|/[^/]*)?";
    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    void register(@Observes Router router) {
        router.routeWithRegex(AUDIT_PATHS).order(-900).handler(this::refuseWrites);
    }

    private void refuseWrites(RoutingContext rc) {
        if (READS.contains(rc.request().method())) {
            rc.next();
            return;
        }
        ApiProblem problem = new ApiProblem(405, "method-not-allowed", "Method not allowed",
                "The audit log is append-only: its entries are never changed or removed");
        rc.response().setStatusCode(405).putHeader(HttpHeaders.ALLOW, "GET")
                // The body, if any, is not read: the connection ends with the answer.
                .putHeader(HttpHeaders.CONNECTION, "close")
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(Json.encode(Problem.of(problem)));
    }
}
