package io.padic.dashboard.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;

/**
 * What the session cookie holds, encrypted: the platform-api session token, who it belongs to, and the CSRF
 * cookie it was issued with (the session counts only beside that cookie, so a CSRF token from another session,
 * planted in this browser, finds no session to act for).
 */
public record SessionData(String token, String email, String name, Instant expiresAt, String csrf) {

    /** Whether {@code csrfCookie} is the CSRF cookie this session was issued with. */
    boolean boundTo(String csrfCookie) {
        return csrf != null && csrfCookie != null
                && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                        csrfCookie.getBytes(StandardCharsets.UTF_8));
    }
}
