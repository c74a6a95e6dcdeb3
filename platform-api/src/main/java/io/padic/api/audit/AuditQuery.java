package io.padic.api.audit;

import io.padic.api.common.ApiProblem;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The audit log's filters: one action (its wire name), one actor (an id, or a name or e-mail in any case), and a
 * time range {@code [from, to)} given as instants or UTC dates. Null parts filter nothing.
 */
public record AuditQuery(String action, String actor, Instant from, Instant to) {

    /** Parses the query parameters as given (blank: not given); a bad one is a 422 naming it. */
    public static AuditQuery parse(String action, String actor, String from, String to) {
        String wantedAction = blankToNull(action);
        if (wantedAction != null && AuditAction.fromWire(wantedAction).isEmpty()) {
            throw ApiProblem.invalid("action", "must be one of " + String.join(", ", AuditAction.wireNames()));
        }
        Instant start = time("from", from);
        Instant end = time("to", to);
        if (start != null && end != null && !start.isBefore(end)) {
            throw ApiProblem.invalid("to", "must be later than 'from'");
        }
        return new AuditQuery(wantedAction, blankToNull(actor), start, end);
    }

    /** Whether anything but the time range narrows the log (then a page reads a bounded number of entries). */
    boolean narrows() {
        return action != null || actor != null;
    }

    boolean matches(AuditEntry entry) {
        return (action == null || action.equals(entry.action()))
                && (actor == null || entry.actor() != null && entry.actor().isNamed(actor))
                && (from == null || !entry.at().isBefore(from))
                && (to == null || entry.at().isBefore(to));
    }

    private static Instant time(String field, String value) {
        String text = blankToNull(value);
        if (text == null) {
            return null;
        }
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeException e) {
            throw ApiProblem.invalid(field, "must be a date (2026-01-31, UTC) or an instant (2026-01-31T12:00:00Z)");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
