package io.padic.api.common;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * The request's size limits, answered with problem+json naming the limit before anything is read. The HTTP
 * layer's own limits ({@code quarkus.http.limits.*}) are set higher and are only a backstop: a request beyond
 * them gets Vert.x's bare 414, 431 or 413, which no application code can word (docs/operations.md, "Limits").
 */
@ApplicationScoped
public class RequestLimits {

    public static final long MAX_BODY_BYTES = 1024 * 1024;
    public static final int MAX_TARGET_BYTES = 4096;
    public static final int MAX_HEADER_BYTES = 20 * 1024;

    // Reads a body of unannounced length (chunked) into memory, up to the limit; past it, fails with 413.
    private final BodyHandler chunkedBodies = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES)
            .setHandleFileUploads(false);

    void register(@Observes Router router) {
        router.route().order(-1000).handler(this::limit).failureHandler(this::bodyTooLarge);
    }

    private void limit(RoutingContext rc) {
        String target = rc.request().uri();
        if (target.length() > MAX_TARGET_BYTES) {
            refuse(rc, new ApiProblem(414, "uri-too-long", "URI too long", "The request's path and query are "
                    + target.length() + " bytes; the limit is " + MAX_TARGET_BYTES + " bytes", null,
                    Map.of("limit", MAX_TARGET_BYTES)));
            return;
        }
        long headerBytes = headerBytes(rc.request().headers());
        if (headerBytes > MAX_HEADER_BYTES) {
            refuse(rc, new ApiProblem(431, "headers-too-large", "Request header fields too large",
                    "The request's headers are " + headerBytes + " bytes; the limit is " + MAX_HEADER_BYTES
                            + " bytes (20 KiB)", null, Map.of("limit", MAX_HEADER_BYTES)));
            return;
        }
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && parse(length) > MAX_BODY_BYTES) {
            refuse(rc, bodyProblem("The body is " + length.trim() + " bytes"));
            return;
        }
        if (length == null && hasBody(rc)) {
            chunkedBodies.handle(rc);
            return;
        }
        rc.next();
    }

    /** Where the chunked-body reader's 413 lands: answered in the same words as an announced length. */
    private void bodyTooLarge(RoutingContext rc) {
        if (rc.statusCode() == 413 && !rc.response().ended()) {
            refuse(rc, bodyProblem("The body is larger than " + MAX_BODY_BYTES + " bytes"));
            return;
        }
        rc.next();
    }

    private static ApiProblem bodyProblem(String size) {
        return ApiProblem.tooLarge(size + "; the limit is " + MAX_BODY_BYTES + " bytes (1 MiB)",
                new ApiProblem.FieldError("body", "is larger than 1 MiB"), MAX_BODY_BYTES);
    }

    private static void refuse(RoutingContext rc, ApiProblem problem) {
        // The rest of the request is not read: the connection ends with the answer.
        rc.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Json.encode(Problem.of(problem)));
    }

    private static boolean hasBody(RoutingContext rc) {
        HttpMethod method = rc.request().method();
        return rc.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)
                && (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH);
    }

    /** As the HTTP layer counts them: each line's name, value and separators. */
    private static long headerBytes(MultiMap headers) {
        long total = 0;
        for (Map.Entry<String, String> header : headers) {
            total += header.getKey().length() + header.getValue().length() + 4;
        }
        return total;
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
