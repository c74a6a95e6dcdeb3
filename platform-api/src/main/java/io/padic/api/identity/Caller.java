package io.padic.api.identity;

import io.padic.api.common.ApiProblem;
import io.padic.api.common.Digests;
import io.padic.api.projects.ApiKey;
import io.padic.api.projects.ControlPlaneCache;
import io.padic.api.projects.ProjectScope;
import io.padic.api.projects.Scope;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;

/**
 * Who is calling: a signed-in user (control plane) or an API key (data plane), read from the bearer
 * token. Resources ask for the kind they serve; the wrong kind, like a missing one, is a 401.
 */
@RequestScoped
public class Caller {

    public static final String API_KEY_PREFIX = "pdk";

    private final HttpServerRequest request;
    private final IdentityService identity;
    private final ControlPlaneCache keys;
    private User user;

    public Caller(HttpServerRequest request, IdentityService identity, ControlPlaneCache keys) {
        this.request = request;
        this.identity = identity;
        this.keys = keys;
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

    /** The project and access level fixed by the API key, if it carries the scope. */
    public ProjectScope apiKey(Scope needed) {
        String token = bearer();
        ApiKey key = token.startsWith(API_KEY_PREFIX + "_") ? keys.apiKey(Digests.sha256(token)).orElse(null)
                : null;
        // A key whose project is gone is dead even if its lookup record outlived the delete (a creation
        // that stopped half-way while the project was deleted).
        if (key == null || keys.project(key.projectId).isEmpty()) {
            throw ApiProblem.unauthorized("Send a valid API key as 'Authorization: Bearer <key>'");
        }
        if (!key.scopes.contains(needed.wire())) {
            throw ApiProblem.forbidden("This API key lacks the scope '" + needed.wire() + "'");
        }
        return new ProjectScope(key.projectId, key.accessLevel);
    }

    private String bearer() {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() < 8) {
            throw ApiProblem.unauthorized("Send 'Authorization: Bearer <token>'");
        }
        return header.substring(7).trim();
    }
}
