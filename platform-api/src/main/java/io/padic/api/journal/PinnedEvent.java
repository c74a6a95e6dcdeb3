package io.padic.api.journal;

import java.time.Instant;
import java.util.List;

/** An event as pinned to one object: its place ({@code seq}) in that object's history. */
public record PinnedEvent(long seq, String eventId, String type, Integer typeVersion, Instant createdAt,
        Instant occurredAt, List<String> concerns, String metaData) {

    public static final String HIDE_TYPE = "$hide";
}
