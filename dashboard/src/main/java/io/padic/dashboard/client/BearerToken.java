package io.padic.dashboard.client;

import io.padic.dashboard.session.CurrentSession;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * Adds the signed-in user's platform-api session token to every call made while serving their request, and the
 * browser's address in X-Forwarded-For: platform-api's audit log records where an action came from, and believes the
 * header only from a dashboard it trusts (docs/operations.md, "Limits").
 */
@ApplicationScoped
public class BearerToken implements ClientHeadersFactory {

    private final CurrentSession session;
    private final CurrentVertxRequest request;

    public BearerToken(CurrentSession session, CurrentVertxRequest request) {
        this.session = session;
        this.request = request;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        session.token().ifPresent(token -> headers.putSingle("Authorization", "Bearer " + token));
        RoutingContext current = request.getCurrent();
        if (current != null && current.request().remoteAddress() != null && !outgoing.containsKey("X-Forwarded-For")) {
            headers.putSingle("X-Forwarded-For", current.request().remoteAddress().hostAddress());
        }
        return headers;
    }
}
