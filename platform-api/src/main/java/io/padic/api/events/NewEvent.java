package io.padic.api.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * An event as a client sends it. {@code concerns} is one object id or a list of them, so it stays a JSON
 * node until {@link EventRules} checks it. {@code idempotencyKey} is for batch items; single writes use
 * the {@code Idempotency-Key} header.
 */
public record NewEvent(String type, JsonNode concerns, ObjectNode metaData, Instant occurredAt,
        String idempotencyKey) {
}
