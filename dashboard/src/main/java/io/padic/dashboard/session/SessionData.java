package io.padic.dashboard.session;

import java.time.Instant;

/** What the session cookie holds, encrypted: the platform-api session token and who it belongs to. */
public record SessionData(String token, String email, String name, Instant expiresAt) {
}
