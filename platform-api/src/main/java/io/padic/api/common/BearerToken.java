package io.padic.api.common;

import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;

/** The token of {@code Authorization: Bearer <token>}: a session token or an API key. */
public final class BearerToken {

    private BearerToken() {
    }

    /** The request's bearer token; a missing or malformed header is a 401. */
    public static String of(HttpServerRequest request) {
        return in(request).orElseThrow(() -> ApiProblem.unauthorized("Send 'Authorization: Bearer <token>'"));
    }

    /** The request's bearer token, if its header has one. */
    public static Optional<String> in(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() < 8) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).trim());
    }
}
