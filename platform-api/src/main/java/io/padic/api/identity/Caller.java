package io.padic.api.identity;

import io.padic.api.common.ApiProblem;
import io.padic.api.common.BearerToken;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import java.util.Map;

/**
 * A control-plane caller: the signed-in user whose session token, or personal access token, the request carries.
 * A token is held to its scopes for this route (TokenScopes); the account's own security (TOTP, sessions, tokens,
 * re-authentication) takes a session only ({@link #session()}). A missing, unknown or expired token, or an API
 * key here, is a 401 (data-plane callers are {@code projects.KeyCaller}).
 */
@RequestScoped
public class Caller {

    private final HttpServerRequest request;
    private final SessionService sessions;
    private final AccessTokenService tokens;
    private final IdentityRepository users;
    private User user;
    private Session session;
    private AccessToken token;

    public Caller(HttpServerRequest request, SessionService sessions, AccessTokenService tokens,
            IdentityRepository users) {
        this.request = request;
        this.sessions = sessions;
        this.tokens = tokens;
        this.users = users;
    }

    public User user() {
        if (user == null) {
            String bearer = BearerToken.of(request);
            String userId;
            if (bearer.startsWith(AccessToken.SECRET_PREFIX + "_")) {
                AccessToken found = tokens.authenticate(bearer);
                TokenScopes.check(found, request.method().name(), request.path());
                token = found;
                userId = found.userId;
            } else {
                session = sessions.authenticate(bearer, clientAddress());
                userId = session.userId;
            }
            User found = users.findById(userId);
            if (found == null) {
                throw ApiProblem.unauthorized("Sign in again: the session token is missing, unknown or expired");
            }
            user = found;
        }
        return user;
    }

    /** The caller's session; a personal access token is refused (403), as it may not manage the account. */
    public Session session() {
        user();
        if (session == null) {
            throw new ApiProblem(403, "token-not-allowed", "Forbidden",
                    "A personal access token cannot call this route; sign in to do this", null, Map.of());
        }
        return session;
    }

    /** The personal access token the request carries, or null for a session. */
    public AccessToken accessToken() {
        user();
        return token;
    }

    /** 403 reauth-required unless the caller's session signed in or re-authenticated recently (never a token). */
    public void requireRecentAuthentication() {
        user();
        sessions.requireRecent(session);
    }

    /** The peer of the connection; a proxy's X-Forwarded-For only when quarkus.http.proxy.* trusts it. */
    public String clientAddress() {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    public SessionService.Client client() {
        return new SessionService.Client(clientAddress(), request.getHeader("User-Agent"));
    }
}
