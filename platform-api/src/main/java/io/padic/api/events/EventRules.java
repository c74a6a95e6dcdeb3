package io.padic.api.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.padic.api.common.ApiProblem;
import io.padic.api.common.ApiProblem.FieldError;
import io.padic.api.common.Quotas;
import io.padic.api.journal.ObjectIds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The limits and shapes of an incoming event (docs/design.md#limits-and-quotas); every violation is reported at once.
 */
final class EventRules {

    static final int MAX_METADATA_BYTES = 64 * 1024;
    static final int MAX_IDEMPOTENCY_KEY = 255;
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private EventRules() {
    }

    /**
     * A checked event: its concerns as a list without repeats, and metaData as JSON text. Its canonical form
     * (object members sorted), which says whether two requests are the same, is only worked out when an
     * idempotency key needs it.
     */
    record Checked(String type, List<String> concerns, String metaData, Instant occurredAt,
            JsonNode sentMetaData) {

        String canonical() {
            return type + "\n" + String.join("\n", concerns) + "\n\n" + EventRules.canonical(sentMetaData) + "\n"
                    + occurredAt;
        }
    }

    private static final ObjectMapper CANONICAL =
            JsonMapper.builder()
                    .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
                    .build();

    // The store keeps instants as BSON dates (milliseconds in a long); these years also fit every client's clock type.
    private static final Instant EARLIEST_OCCURRED_AT = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST_OCCURRED_AT = Instant.parse("+10000-01-01T00:00:00Z");

    /** Checks {@code event}; it may concern at most {@code maxConcerns} objects (padic.quotas.objects-per-event). */
    static Checked check(NewEvent event, int maxConcerns) {
        if (event.concerns() != null && event.concerns().isArray() && event.concerns().size() > maxConcerns) {
            throw Quotas.exceeded(422, "objects-per-event", maxConcerns, "concerns", "holds "
                    + event.concerns().size() + " ids; it must hold 1 to " + maxConcerns);
        }
        List<FieldError> errors = new ArrayList<>();
        if (event.type() == null) {
            errors.add(new FieldError("type", "is required"));
        } else if (!ObjectIds.isValidType(event.type())) {
            errors.add(new FieldError("type", ObjectIds.TYPE_RULE));
        }
        List<String> concerns = concerns(event.concerns(), maxConcerns, errors);
        String metaData = event.metaData() == null ? "{}" : event.metaData().toString();
        int size = metaData.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_METADATA_BYTES) {
            errors.add(new FieldError("metaData", "is " + size + " bytes; the limit is " + MAX_METADATA_BYTES
                    + " bytes (64 KiB)"));
        }
        if (event.occurredAt() != null && (event.occurredAt().isBefore(EARLIEST_OCCURRED_AT)
                || !event.occurredAt().isBefore(LATEST_OCCURRED_AT))) {
            errors.add(new FieldError("occurredAt", "must be an instant from 0001-01-01 to 9999-12-31"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        return new Checked(event.type(), concerns, metaData, event.occurredAt(), event.metaData());
    }

    private static String canonical(JsonNode metaData) {
        try {
            return metaData == null ? "{}" : CANONICAL.writeValueAsString(metaData);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void checkIdempotencyKey(String key, String field) {
        if (key != null && !KEY.matcher(key).matches()) {
            throw ApiProblem.invalid(field, "must be 1 to " + MAX_IDEMPOTENCY_KEY + " printable ASCII characters");
        }
    }

    private static List<String> concerns(JsonNode node, int maxConcerns, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError("concerns", "is required: one object id or a list of 1 to "
                    + maxConcerns + " ids"));
            return List.of();
        }
        if (node.isTextual()) {
            checkId(node.asText(), "concerns", errors);
            return List.of(node.asText());
        }
        if (!node.isArray()) {
            errors.add(new FieldError("concerns", "must be an object id or a list of object ids"));
            return List.of();
        }
        if (node.isEmpty()) {
            errors.add(new FieldError("concerns", "holds no ids; it must hold 1 to " + maxConcerns));
            return List.of();
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String field = "concerns[" + i + "]";
            if (!item.isTextual()) {
                errors.add(new FieldError(field, "must be a string"));
            } else if (checkId(item.asText(), field, errors)) {
                Integer first = seen.putIfAbsent(item.asText(), i);
                if (first != null) {
                    errors.add(new FieldError(field, "repeats concerns[" + first + "]"));
                }
            }
        }
        return List.copyOf(seen.keySet());
    }

    private static boolean checkId(String id, String field, List<FieldError> errors) {
        if (!ObjectIds.isValid(id)) {
            errors.add(new FieldError(field, ObjectIds.RULE));
            return false;
        }
        return true;
    }
}
