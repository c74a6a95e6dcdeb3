package io.padic.api.identity;

import io.padic.api.common.ApiProblem;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a personal access token may call: each control-plane route needs one scope, and routes outside this table
 * (the account's password, TOTP, sessions and tokens, log-in and re-authentication, the data plane) take no token
 * at all. The table is by path shape, so routes added later under /v1/workspaces or /v1/projects are covered.
 */
public final class TokenScopes {

    public static final String WORKSPACES_READ = "workspaces:read";
    public static final String WORKSPACES_WRITE = "workspaces:write";
    public static final String PROJECTS_READ = "projects:read";
    public static final String PROJECTS_WRITE = "projects:write";
    public static final String KEYS_WRITE = "keys:write";
    public static final String EVENT_TYPES_WRITE = "event-types:write";
    public static final List<String> ALL = List.of(WORKSPACES_READ, WORKSPACES_WRITE, PROJECTS_READ, PROJECTS_WRITE,
            KEYS_WRITE, EVENT_TYPES_WRITE);

    private TokenScopes() {
    }

    /** The scope a route needs from a token, or empty when no token may call it. */
    public static Optional<String> required(String method, String path) {
        String[] parts = path.replaceAll("/+$", "").split("/");
        // parts: "", "v1", area, ...
        if (parts.length < 3 || !parts[1].equals("v1")) {
            return Optional.empty();
        }
        boolean read = method.equals("GET") || method.equals("HEAD");
        return switch (parts[2]) {
            case "me" -> parts.length == 3 && read ? Optional.of(WORKSPACES_READ) : Optional.empty();
            case "workspaces" -> Optional.of(read ? WORKSPACES_READ : WORKSPACES_WRITE);
            case "projects" -> {
                String sub = parts.length > 4 ? parts[4] : "";
                if (read) {
                    yield Optional.of(PROJECTS_READ);
                }
                yield Optional.of(switch (sub) {
                    case "api-keys" -> KEYS_WRITE;
                    case "event-types" -> EVENT_TYPES_WRITE;
                    default -> PROJECTS_WRITE;
                });
            }
            default -> Optional.empty();
        };
    }

    /** 403 unless the token may call the route. */
    static void check(AccessToken token, String method, String path) {
        Optional<String> needed = required(method, path);
        if (needed.isEmpty()) {
            throw new ApiProblem(403, "token-not-allowed", "Forbidden", "A personal access token cannot call "
                    + method + " " + path + "; sign in to do this", null, Map.of());
        }
        if (!token.scopes.contains(needed.get())) {
            throw new ApiProblem(403, "missing-scope", "Forbidden", "This personal access token lacks the scope '"
                    + needed.get() + "'", null, Map.of("scope", needed.get()));
        }
    }
}
