package io.padic.testkit;

/** An issued API key: its id (for listing and revoking) and the secret, shown only at creation. */
public record Key(String id, String secret) {
}
