package io.padic.testkit;

/** A signed-up user: the e-mail they sign in with, their id, session token and personal workspace. */
public record Account(String email, String userId, String token, String tenantId) {
}
