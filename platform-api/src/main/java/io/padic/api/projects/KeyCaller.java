package io.padic.api.projects;

import io.padic.api.audit.Actor;
import io.padic.api.common.ApiProblem;
import io.padic.api.common.BearerToken;
import io.padic.api.common.Digests;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;

/**
 * A data-plane caller: the project and access level fixed by the API key the request carries. A session
 * token here, like a missing or unknown key, is a 401 (signed-in users are {@code identity.Caller}).
 */
@RequestScoped
public class KeyCaller {

    private final HttpServerRequest request;
    private final ControlPlaneCache keys;
    private ApiKey admitted;

    public KeyCaller(HttpServerRequest request, ControlPlaneCache keys) {
        this.request = request;
        this.keys = keys;
    }

    /** The project and access level fixed by the API key, if it carries the scope. */
    public ProjectScope scope(Scope needed) {
        String token = BearerToken.of(request);
        ApiKey key = token.startsWith(ApiKey.SECRET_PREFIX + "_") ? keys.apiKey(Digests.sha256(token)).orElse(null)
                : null;
        // A key whose project is gone is dead even if its lookup record outlived the delete (a creation
        // that stopped half-way while the project was deleted).
        if (key == null || keys.project(key.projectId).isEmpty()) {
            throw ApiProblem.unauthorized("Send a valid API key as 'Authorization: Bearer <key>'");
        }
        if (!key.scopes.contains(needed.wire())) {
            throw ApiProblem.forbidden("This API key lacks the scope '" + needed.wire() + "'");
        }
        this.admitted = key;
        return new ProjectScope(key.projectId, key.accessLevel);
    }

    /** The key that {@link #scope} let in, as the actor of an audit entry: its id and name. */
    public Actor actor() {
        if (admitted == null) {
            throw new IllegalStateException("scope() lets a key in before it acts");
        }
        String name = keys.project(admitted.projectId).flatMap(p -> p.apiKeys.stream()
                .filter(k -> k.id.equals(admitted.keyId)).findFirst()).map(k -> k.name).orElse(null);
        return Actor.apiKey(admitted.keyId, name);
    }
}
