package io.padic.api.projects;

/**
 * What a data-plane request may touch: one project, read at one access level. Built from an API key or
 * from a member's session; services take this instead of loose ids.
 */
public record ProjectScope(String projectId, String accessLevel) {
}
