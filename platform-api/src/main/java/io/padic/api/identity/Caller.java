package io.padic.api.identity;

import io.padic.api.common.BearerToken;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;

/**
 * A control-plane caller: the signed-in user whose session token the request carries. A missing or
 * unknown token, or an API key here, is a 401 (data-plane callers are {@code projects.KeyCaller}).
 */
@RequestScoped
public class Caller {

    private final HttpServerRequest request;
    private final IdentityService identity;
    private User user;

    public Caller(HttpServerRequest request, IdentityService identity) {
        this.request = request;
        this.identity = identity;
    }

    public User user() {
        if (user == null) {
            user = identity.userForToken(bearer());
        }
        return user;
    }

    /** The session token itself, for log-out. */
    public String sessionToken() {
        user();
        return bearer();
    }

    private String bearer() {
        return BearerToken.of(request);
    }
}
