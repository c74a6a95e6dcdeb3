package io.padic.api.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * One audit entry as stored and answered: its number in the workspace's log (1, 2, 3, … in the order written),
 * when, what ({@link AuditAction}'s wire name), who, from which address, to what, and a few details (for a
 * change, {@code field: "before → after"}). Immutable once written.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEntry(long number, Instant at, String action, Actor actor, String address, Target target,
        Map<String, String> details) {

    public AuditEntry {
        details = details == null ? Map.of() : details;
    }
}
