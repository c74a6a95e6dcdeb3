package io.padic.api.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An event as a client sends it. {@code concerns} is one object id or a list of them, so it stays a JSON
 * node until {@link EventRules} checks it. {@code idempotencyKey} is for batch items; single writes use
 * the {@code Idempotency-Key} header.
 */
public record NewEvent(@Schema(required = true, examples = "order.placed") String type,
        @Schema(required = true, oneOf = {String.class, String[].class}, description = "one object id or a list of 1 to"
                + " 100 distinct ids") JsonNode concerns,
        ObjectNode metaData, Instant occurredAt, String idempotencyKey) {
}
