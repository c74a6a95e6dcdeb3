package io.padic.api.common;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/** The RFC 9457 body of every error answer. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"type", "title", "status", "detail", "errors"})
public record Problem(String type, String title, int status, String detail, List<ApiProblem.FieldError> errors,
        @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://padic.io/problems/";

    public static Problem of(ApiProblem p) {
        return new Problem(TYPE_BASE + p.slug(), p.title(), p.status(), p.getMessage(), p.errors(), p.extensions());
    }

    @JsonAnyGetter
    public Map<String, Object> anyExtensions() {
        return extensions == null ? Map.of() : extensions;
    }
}
