package io.padic.api.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an audit entry's action was done to: its kind ({@code workspace}, {@code project}, {@code api_key},
 * {@code event_type}, {@code event}, …), id and name as they were then, and the project it belongs to (null for a
 * workspace or an account). A new kind of target is one factory here.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Target(String kind, String id, String name, String projectId) {

    public static Target workspace(String workspaceId, String name) {
        return new Target("workspace", workspaceId, name, null);
    }

    public static Target project(String projectId, String name) {
        return new Target("project", projectId, name, projectId);
    }

    public static Target apiKey(String projectId, String keyId, String name) {
        return new Target("api_key", keyId, name, projectId);
    }

    /** An event type is named by its name, which is its id within the project. */
    public static Target eventType(String projectId, String name) {
        return new Target("event_type", name, name, projectId);
    }

    public static Target event(String projectId, String eventId) {
        return new Target("event", eventId, null, projectId);
    }

    /** A member (or, for an invitation, the person invited) by user id (null before they join) and e-mail. */
    public static Target member(String userId, String email) {
        return new Target("member", userId, email, null);
    }

    public static Target invitation(String invitationId, String email) {
        return new Target("invitation", invitationId, email, null);
    }

    public static Target accessToken(String tokenId, String name) {
        return new Target("access_token", tokenId, name, null);
    }

    /** An identity provider of single sign-on, by its issuer URL. */
    public static Target identityProvider(String issuer) {
        return new Target("identity_provider", issuer, issuer, null);
    }
}
