package io.padic.api.journal;

import java.time.Instant;

/** An object's row: it has no state of its own, only its type and how many events are pinned to it. */
public record StoredObject(String id, String type, Instant createdAt, long head, Instant lastCreatedAt) {
}
