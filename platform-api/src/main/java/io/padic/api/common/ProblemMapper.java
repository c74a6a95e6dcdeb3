package io.padic.api.common;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.padic.api.store.StoreOutage;
import io.padic.api.store.StoreUnreachable;
import io.quarkus.logging.Log;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place that turns failures into problem+json answers (docs/design.md#i7-clear-errors). */
public class ProblemMapper {

    /** A store outage fails every request that needs the store: one warning per this long, not one per request. */
    private static final long OUTAGE_WARNING_EVERY_NANOS = 10_000_000_000L;

    private final Duration storeRetryAfter;
    private final AtomicLong lastOutageWarning = new AtomicLong(System.nanoTime() - OUTAGE_WARNING_EVERY_NANOS);

    private final StoreOutage outage;

    public ProblemMapper(PadicConfig config, StoreOutage outage) {
        this.storeRetryAfter = config.store().retryAfter();
        this.outage = outage;
    }

    @ServerExceptionMapper
    public Response apiProblem(ApiProblem problem) {
        return respond(problem);
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<ApiProblem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new ApiProblem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(ApiProblem.FieldError::field))
                .toList();
        return respond(ApiProblem.invalid(errors));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e) {
        return respond(JsonProblems.of(e));
    }

    @ServerExceptionMapper
    public Response wrongJson(JsonMappingException e) {
        return respond(JsonProblems.of(e));
    }

    /** The rest of the JSON reader's failures, such as a body beyond its nesting or length limits. */
    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return respond(JsonProblems.of(e));
    }

    /** Quarkus maps this subtype of JsonMappingException itself (a bare 400) unless a mapper names it. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return respond(JsonProblems.of(e));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return respond(JsonProblems.of(json));
        }
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status
                : known.getReasonPhrase().charAt(0) + known.getReasonPhrase().substring(1).toLowerCase();
        String detail = switch (status) {
            case 404 -> "No such resource";
            case 405 -> "This method is not allowed here";
            case 406 -> "This resource answers application/json";
            case 415 -> "Send the body as application/json";
            case 413 -> "The body is larger than the limit of 1 MiB";
            default -> title;
        };
        String slug = status == 404 ? "not-found" : title.toLowerCase().replace(' ', '-');
        return respond(new ApiProblem(status, slug, title, detail));
    }

    @ServerExceptionMapper(priority = Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        if (StoreUnreachable.causedBy(e)) {
            if (!(e instanceof StoreOutage.Suspected)) {
                outage.noteUnreachable(); // not for a request that gave up at once, or the outage would never end
            }
            warnOfOutage(e);
            return respond(ApiProblem.storeUnavailable(storeRetryAfter));
        }
        Log.error("Unexpected failure", e);
        return respond(new ApiProblem(500, "internal", "Internal error",
                "Something went wrong on our side; the request may be retried"));
    }

    private void warnOfOutage(Throwable e) {
        long last = lastOutageWarning.get();
        long now = System.nanoTime();
        if (now - last >= OUTAGE_WARNING_EVERY_NANOS && lastOutageWarning.compareAndSet(last, now)) {
            Log.warnf("The store cannot be reached; requests that need it are answered 503 store-unavailable: %s", e);
        }
    }

    public static Response respond(ApiProblem problem) {
        Response.ResponseBuilder answer = Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(problem));
        if (problem.retryAfterSeconds() > 0) {
            answer.header("Retry-After", problem.retryAfterSeconds());
        }
        return answer.build();
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        // Paths look like "create.body.concerns[2]"; the caller knows only the part inside the body.
        StringBuilder out = new StringBuilder();
        int index = 0;
        for (Path.Node node : violation.getPropertyPath()) {
            if (index++ < 2) {
                continue;
            }
            if (node.getIndex() != null) {
                out.append(out.isEmpty() ? "" : ".").append(node.getName() == null ? "" : node.getName());
                out.append('[').append(node.getIndex()).append(']');
            } else if (node.getName() != null && !node.getName().startsWith("<")) {
                out.append(out.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        // A missing body is named as such, not as an empty path.
        return out.isEmpty() ? "body" : out.toString().replace(".[", "[");
    }
}
