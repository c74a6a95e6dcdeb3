package io.padic.dashboard.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * platform-api's {@code application/problem+json} answer (RFC 9457): {@code errors} names fields, and a reducer
 * failure carries {@code line} and {@code column} in the user's applyEvent body.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors, Integer line,
        Integer column, String mfaToken) {

    public Problem(String type, String title, int status, String detail, List<FieldError> errors, Integer line,
            Integer column) {
        this(type, title, status, detail, errors, line, column, null);
    }

    /** Whether this is the problem {@code https://padic.io/problems/<slug>}. */
    public boolean is(String slug) {
        return type != null && type.endsWith("/problems/" + slug);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FieldError(String field, String message) {
    }

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** A problem built here when platform-api could not be reached or answered something unreadable. */
    public static Problem unavailable(int status, String detail) {
        return new Problem(null, "platform-api did not answer as expected", status, detail, List.of(), null, null);
    }
}
