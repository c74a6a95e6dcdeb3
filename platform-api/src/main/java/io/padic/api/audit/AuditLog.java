package io.padic.api.audit;

import io.padic.api.common.ApiProblem;
import io.padic.api.common.ClientAddress;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Each workspace's audit log (docs/design.md#audit-log): who did what, when, from which address, to what. Entries
 * are appended, never changed or removed, and read newest first by exact keys. A service calls {@link #record}
 * once its action has succeeded and before it answers, so an acknowledged action has its entry (a crash between
 * the two loses the entry, never invents one).
 */
@ApplicationScoped
public class AuditLog {

    public static final int DEFAULT_PAGE = 50;
    public static final int MAX_PAGE = 200;
    /**
     * How many entries one page filtered by action or actor looks at, at most: a rare action can leave a page short
     * (even empty) with a {@code next} to continue from, rather than one request reading the whole log.
     */
    public static final int FILTER_SCAN = 2000;
    /** Entries read per look-up while exporting. */
    private static final int EXPORT_BATCH = 500;
    /** Entry numbers read per probe of the search for a {@code to} bound: a few, in case some are holes. */
    private static final int PROBE = 8;

    private final AuditRepository entries;

    public AuditLog(AuditRepository entries) {
        this.entries = entries;
    }

    /**
     * Appends an entry to workspace {@code workspaceId}'s log, from the address of the request being served, and
     * returns it. {@code details} (may be empty) are short texts by name, e.g. {@code "name": "Old → New"}.
     */
    public AuditEntry record(String workspaceId, Actor actor, AuditAction action, Target target,
            Map<String, String> details) {
        return entries.append(workspaceId, Instant.now().truncatedTo(ChronoUnit.MILLIS), actor, action,
                ClientAddress.current(), target, details == null ? Map.of() : details);
    }

    public AuditEntry record(String workspaceId, Actor actor, AuditAction action, Target target) {
        return record(workspaceId, actor, action, target, Map.of());
    }

    /**
     * An action on an account, which belongs to no workspace: recorded in each workspace the account is a member of,
     * as sign-ins are (docs/design.md#audit-log), so its admins see what happened to their members' accounts.
     */
    public void recordForAccount(List<String> workspaceIds, Actor actor, AuditAction action, Target target) {
        for (String workspaceId : workspaceIds) {
            record(workspaceId, actor, action, target, Map.of());
        }
    }

    /** A page, newest first; {@code next} is the cursor of the older entries, null when there are none. */
    public record Page(List<AuditEntry> entries, String next) {
    }

    /**
     * Up to {@code limit} entries that match {@code query}, newest first, older than {@code cursor} (a page's
     * {@code next}) when given. Filtered by action or actor, a page looks at {@link #FILTER_SCAN} entries at most.
     */
    public Page page(String workspaceId, AuditQuery query, String cursor, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiProblem.invalid("limit", "must be between 1 and " + MAX_PAGE);
        }
        long start = start(workspaceId, query, cursor);
        long budget = query.narrows() ? Math.max(limit, FILTER_SCAN) : limit;
        int batch = query.narrows() ? MAX_PAGE : limit;
        List<AuditEntry> page = new ArrayList<>();
        long next = start; // the next number to look at; 0 when nothing older can match
        while (next >= 1 && page.size() < limit && start - next < budget) {
            long low = Math.max(1, Math.max(next - batch + 1, start - budget + 1));
            next = collect(workspaceId, query, next, low, page, limit);
        }
        return new Page(page, next >= 1 ? Long.toString(next + 1) : null);
    }

    /** One entry by its number. */
    public Optional<AuditEntry> one(String workspaceId, long number) {
        return number < 1 ? Optional.empty() : Optional.ofNullable(entries.load(workspaceId, number, number).get(number));
    }

    /** Every entry that matches, newest first, handed to {@code sink} a batch at a time (the CSV export). */
    public void each(String workspaceId, AuditQuery query, Consumer<AuditEntry> sink) {
        long next = start(workspaceId, query, null);
        List<AuditEntry> batch = new ArrayList<>();
        while (next >= 1) {
            batch.clear();
            next = collect(workspaceId, query, next, next - EXPORT_BATCH + 1, batch, EXPORT_BATCH);
            batch.forEach(sink);
        }
    }

    /**
     * Adds the matching entries numbered {@code high} down to {@code low} to {@code into} until it holds {@code limit};
     * returns the next number to look at, 0 once an entry older than the query's {@code from} was met (entry times
     * never decrease with their numbers, so none older can match).
     */
    private long collect(String workspaceId, AuditQuery query, long high, long low, List<AuditEntry> into, int limit) {
        Map<Long, AuditEntry> found = entries.load(workspaceId, high, low);
        long next = high;
        for (long n = high; n >= Math.max(1, low) && into.size() < limit; n--) {
            next = n - 1;
            AuditEntry entry = found.get(n);
            if (entry == null) {
                continue; // a hole: its writer stopped between taking the number and inserting
            }
            if (query.from() != null && entry.at().isBefore(query.from())) {
                return 0;
            }
            if (query.matches(entry)) {
                into.add(entry);
            }
        }
        return next;
    }

    /** The newest number a read starts at: below the cursor, and below the query's {@code to}. */
    private long start(String workspaceId, AuditQuery query, String cursor) {
        AuditRepository.Head head = entries.head(workspaceId);
        long start = head.number();
        if (cursor != null && !cursor.isBlank()) {
            start = Math.min(start, parseCursor(cursor) - 1);
        }
        if (query.to() != null && head.at() != null && !head.at().isBefore(query.to())) {
            start = Math.min(start, lastBefore(workspaceId, query.to(), start));
        }
        return start;
    }

    /**
     * The highest number at or below {@code high} whose entry is older than {@code to}, by a binary search over
     * entry numbers (times never decrease with numbers). A probe that finds only holes counts as older, which can
     * only start the read a little too high, never too low: each entry is checked against {@code to} again.
     */
    private long lastBefore(String workspaceId, Instant to, long high) {
        long lo = 0;
        long hi = high + 1;
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            Map<Long, AuditEntry> near = entries.load(workspaceId, mid, mid - PROBE + 1);
            Instant at = null;
            for (long n = mid; n > mid - PROBE && at == null; n--) {
                AuditEntry entry = near.get(n);
                at = entry == null ? null : entry.at();
            }
            if (at == null || at.isBefore(to)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static long parseCursor(String cursor) {
        long value;
        try {
            value = Long.parseLong(cursor.trim());
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid("cursor", "must be the 'next' of an earlier page");
        }
        if (value < 1) {
            throw ApiProblem.invalid("cursor", "must be the 'next' of an earlier page");
        }
        return value;
    }
}
