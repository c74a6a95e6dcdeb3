package io.padic.api.fold;

/**
 * The states of one object as one access level sees them with one reducerVersion: every cached state and
 * every snapshot belongs to exactly one line, and a state is only ever reused within its line (I4).
 */
public record StateLine(String projectId, String objectId, String accessLevel, String reducerVersion) {
}
