package io.padic.api.inference;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/** The JSON type of a value as statistics count it; {@code integer} is a number without a fraction. */
public enum JsonKind {
    STRING, INTEGER, NUMBER, BOOLEAN, OBJECT, ARRAY, NULL;

    /** RFC 3339 date-time, what a {@code timestamp} field's {@code format: date-time} accepts. */
    private static final Pattern INSTANT = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JsonKind of(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return NULL;
        }
        if (value.isIntegralNumber()) {
            return INTEGER;
        }
        if (value.isNumber()) {
            return NUMBER;
        }
        if (value.isTextual()) {
            return STRING;
        }
        if (value.isBoolean()) {
            return BOOLEAN;
        }
        return value.isArray() ? ARRAY : OBJECT;
    }

    /** A string that a {@code timestamp} field would accept, such as {@code 2026-01-31T12:00:00Z}. */
    public static boolean isInstant(String text) {
        if (text.length() > 40 || !INSTANT.matcher(text).matches()) {
            return false;
        }
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
