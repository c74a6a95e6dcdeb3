package io.padic.dashboard.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** Turns every 4xx/5xx answer of platform-api into an {@link ApiError} carrying its problem+json. */
public class ProblemResponses implements ResponseExceptionMapper<ApiError> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public ApiError toThrowable(Response response) {
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        try {
            Problem problem = JSON.readValue(body, Problem.class);
            if (problem.status() == 0) {
                problem = new Problem(problem.type(), problem.title(), response.getStatus(), problem.detail(),
                        problem.errors(), problem.line(), problem.column());
            }
            return new ApiError(problem);
        } catch (Exception notJson) {
            return new ApiError(Problem.unavailable(response.getStatus(), "platform-api answered "
                    + response.getStatus() + " without a problem description"));
        }
    }

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }
}
