package io.padic.dashboard.client;

import io.padic.dashboard.session.CurrentSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/** Adds the signed-in user's platform-api session token to every call made while serving their request. */
@ApplicationScoped
public class BearerToken implements ClientHeadersFactory {

    private final CurrentSession session;

    public BearerToken(CurrentSession session) {
        this.session = session;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        session.token().ifPresent(token -> headers.putSingle("Authorization", "Bearer " + token));
        return headers;
    }
}
