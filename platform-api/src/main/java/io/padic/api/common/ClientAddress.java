package io.padic.api.common;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The address a request came from: the connection's peer, or a proxy's X-Forwarded-For only when
 * {@code quarkus.http.proxy.*} trusts that proxy (docs/operations.md, "Limits"). Sign-in limits and the audit log
 * read it the same way.
 */
public final class ClientAddress {

    /** What is recorded when there is no request (a background job) or the peer is not known. */
    public static final String UNKNOWN = "unknown";

    private ClientAddress() {
    }

    public static String of(HttpServerRequest request) {
        return request == null || request.remoteAddress() == null ? UNKNOWN : request.remoteAddress().hostAddress();
    }

    /** The address of the request being served on this thread, or {@link #UNKNOWN} outside a request. */
    public static String current() {
        var container = Arc.container();
        if (container == null || !container.requestContext().isActive()) {
            return UNKNOWN;
        }
        RoutingContext current = container.instance(CurrentVertxRequest.class).get().getCurrent();
        return current == null ? UNKNOWN : of(current.request());
    }
}
