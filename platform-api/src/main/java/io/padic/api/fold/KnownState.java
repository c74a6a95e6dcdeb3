package io.padic.api.fold;

import java.time.Instant;

/**
 * The fold of an object's events 1..seq (as JSON), with the createdAt of event {@code seq} (the object's
 * creation for seq 0), so that a stored state answers a read without touching the events.
 */
public record KnownState(long seq, Instant updatedAt, String state) {

    public static final String EMPTY = "{}";

    /** The state before any event. */
    public static KnownState initial(Instant objectCreatedAt) {
        return new KnownState(0, objectCreatedAt, EMPTY);
    }
}
