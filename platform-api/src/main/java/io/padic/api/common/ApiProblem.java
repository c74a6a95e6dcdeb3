package io.padic.api.common;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A failure that the caller can act on. Services throw these; {@link ProblemMapper} turns them into
 * RFC 9457 problem+json, so no service ever builds an HTTP response.
 */
public class ApiProblem extends RuntimeException {

    /** One violation of the request, named by its JSON path (for example {@code concerns[2]}). */
    public record FieldError(String field, String message) {
    }

    private final int status;
    private final String slug;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, Object> extensions;
    private final long retryAfterSeconds;

    public ApiProblem(int status, String slug, String title, String detail, List<FieldError> errors,
            Map<String, Object> extensions) {
        this(status, slug, title, detail, errors, extensions, null);
    }

    private ApiProblem(int status, String slug, String title, String detail, List<FieldError> errors,
            Map<String, Object> extensions, Duration retryAfter) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
        // Retry-After is in whole seconds; round up so a client that waits that long is let in.
        this.retryAfterSeconds = retryAfter == null ? 0 : Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    public ApiProblem(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, null, null);
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(404, "not-found", "Not found", what + " was not found");
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(409, "conflict", "Conflict", detail);
    }

    public static ApiProblem invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static ApiProblem invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new ApiProblem(422, "validation", "The request is invalid", detail, errors, null);
    }

    /** 400: the body is not the JSON asked for; {@code extensions} may give its line and column. */
    public static ApiProblem malformedJson(String detail, Map<String, Object> extensions) {
        return new ApiProblem(400, "malformed-json", "Malformed JSON", detail, null, extensions);
    }

    public static ApiProblem malformedJson(String detail) {
        return malformedJson(detail, null);
    }

    public static ApiProblem unauthorized(String detail) {
        return new ApiProblem(401, "unauthorized", "Unauthorized", detail);
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(403, "forbidden", "Forbidden", detail);
    }

    /** 413: the request is over a size limit; {@code limit} is the limit in bytes. */
    public static ApiProblem tooLarge(String detail, FieldError error, long limit) {
        return new ApiProblem(413, "too-large", "Payload too large", detail, List.of(error), Map.of("limit", limit));
    }

    /** 429: a rate limit was reached; {@code limit} names it, the answer carries {@code Retry-After}. */
    public static ApiProblem tooManyRequests(String limit, String detail, Duration retryAfter) {
        return new ApiProblem(429, "too-many-requests", "Too many requests", detail, null,
                Map.of("limit", limit), retryAfter);
    }

    /** 503: the server is busy with this kind of work right now; the answer carries {@code Retry-After}. */
    public static ApiProblem busy(String detail, Duration retryAfter) {
        return new ApiProblem(503, "busy", "Service busy", detail, null, null, retryAfter);
    }

    /**
     * 503: the store cannot be reached (docs/design.md#store-outages); the answer carries {@code Retry-After}. A write
     * answered so may have been cut short: its retry with the same Idempotency-Key completes it exactly once.
     */
    public static ApiProblem storeUnavailable(Duration retryAfter) {
        return new ApiProblem(503, "store-unavailable", "Store unavailable",
                "The data store cannot be reached right now; retry after the Retry-After delay (a write with the same"
                        + " Idempotency-Key is stored exactly once)", null, null, retryAfter);
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    /** Seconds for the {@code Retry-After} header, or 0 when the answer has none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
