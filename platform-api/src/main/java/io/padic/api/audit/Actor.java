package io.padic.api.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Who did what an audit entry records: a signed-in user (id and e-mail), an API key (id and name) or, later,
 * a personal access token (id and name). {@code kind} is {@code user}, {@code api_key} or {@code token}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Actor(String kind, String id, String name) {

    public static Actor user(String userId, String email) {
        return new Actor("user", userId, email);
    }

    public static Actor apiKey(String keyId, String keyName) {
        return new Actor("api_key", keyId, keyName);
    }

    /** Whether the {@code actor} filter (an id, or a name or e-mail in any case) names this actor. */
    boolean isNamed(String wanted) {
        return wanted.equals(id) || name != null && wanted.equalsIgnoreCase(name);
    }
}
