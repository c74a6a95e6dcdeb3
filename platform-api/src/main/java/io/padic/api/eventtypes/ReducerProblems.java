package io.padic.api.eventtypes;

import io.padic.api.common.ApiProblem;
import io.padic.api.journal.PinnedEvent;
import io.padic.sandbox.ReducerFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a reducer's failure into a problem that points at the user's code and, at read time, the event. */
public final class ReducerProblems {

    private ReducerProblems() {
    }

    /** At save: 422 naming applyEvent, with the line and column in the user's body. */
    public static ApiProblem atSave(ReducerFailure failure) {
        Map<String, Object> where = location(failure);
        String detail = where.isEmpty() ? failure.getMessage()
                : failure.getMessage() + " (line " + where.get("line") + ", column " + where.get("column") + ")";
        return new ApiProblem(422, "reducer-rejected", "applyEvent was rejected", detail,
                List.of(new ApiProblem.FieldError("applyEvent", detail)), where);
    }

    /** A test run: the same shape as a read-time failure, without an event id. */
    public static ApiProblem atTest(ReducerFailure failure) {
        Map<String, Object> where = location(failure);
        where.put("kind", failure.kind().name().toLowerCase());
        return new ApiProblem(422, "reducer-failed", "applyEvent failed", failure.getMessage(), null, where);
    }

    /**
     * At read: the object cannot be computed because a reducer failed. It names the event, its type, the
     * version of the code, and the line and column, so the owner can fix it (or hide the event).
     */
    public static ReadFailure atRead(ReducerFailure failure, List<PinnedEvent> folded, Map<String, Integer> versions) {
        Map<String, Object> where = new LinkedHashMap<>();
        where.put("kind", failure.kind().name().toLowerCase());
        StringBuilder detail = new StringBuilder();
        if (failure.eventIndex() >= 0 && failure.eventIndex() < folded.size()) {
            PinnedEvent event = folded.get(failure.eventIndex());
            Integer version = failure.version() != null ? failure.version() : versions.get(event.type());
            where.put("eventId", event.eventId());
            where.put("eventType", event.type());
            if (version != null) {
                where.put("version", version);
            }
            detail.append("applyEvent of ").append(event.type());
            if (version != null) {
                detail.append(" v").append(version);
            }
            detail.append(" failed on event ").append(event.eventId()).append(" (seq ").append(event.seq())
                    .append(")");
        } else {
            detail.append("The reducers failed");
        }
        where.putAll(location(failure));
        if (where.containsKey("line")) {
            detail.append(" at line ").append(where.get("line")).append(", column ").append(where.get("column"));
        }
        return new ReadFailure(detail.toString(), failure.getMessage(), where);
    }

    /**
     * A read-time failure. The reducer's message may quote the event's metaData (a thrown value, a
     * JSON.parse error), so below the project's highest level it is told without it ({@link #redacted}).
     */
    public static final class ReadFailure extends ApiProblem {
        private final String where;
        private final Map<String, Object> extensions;

        ReadFailure(String where, String message, Map<String, Object> extensions) {
            super(500, "reducer-failed", "A reducer failed", where + ": " + message, null, extensions);
            this.where = where;
            this.extensions = extensions;
        }

        /** The same failure with its place (event, type, version, line, column) but not the reducer's message. */
        public ApiProblem redacted() {
            return new ApiProblem(status(), slug(), title(),
                    where + " (its message is shown to the project's highest access level only)", null, extensions);
        }
    }

    private static Map<String, Object> location(ReducerFailure failure) {
        Map<String, Object> where = new LinkedHashMap<>();
        if (failure.location() != null) {
            where.put("line", failure.location().line());
            where.put("column", failure.location().column());
        }
        return where;
    }
}
