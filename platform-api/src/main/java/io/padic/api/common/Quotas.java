package io.padic.api.common;

import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;

/**
 * What one tenant may hold and one request may carry (docs/operations.md, "Quotas"). Over a quota the answer is a
 * {@code quota-exceeded} problem naming it and its value: 429 when the tenant holds as many as it may (deleting
 * one makes room), 422 when the request itself is too big (splitting it helps, sending it again never does).
 * The {@code padic.quotas.*} group of {@link PadicConfig}.
 */
public interface Quotas {

    /** Projects in one tenant. */
    @WithDefault("100")
    int projectsPerTenant();

    /** Live API keys in one project. */
    @WithDefault("100")
    int keysPerProject();

    /** Objects one event concerns (docs/design.md#limits-and-quotas). */
    @WithDefault("100")
    int objectsPerEvent();

    /** Events in one batch request (docs/design.md#limits-and-quotas). */
    @WithDefault("1000")
    int eventsPerBatch();

    /** Objects one request pins events to: the sum of its events' concerns. */
    @WithDefault("10000")
    int objectsPerRequest();

    /** The problem for {@code quota} (its property name after {@code padic.quotas.}) at {@code limit}. */
    static ApiProblem exceeded(int status, String quota, int limit, String field, String detail) {
        String named = detail + " (quota padic.quotas." + quota + " = " + limit + ")";
        return new ApiProblem(status, "quota-exceeded", "Quota exceeded", named,
                field == null ? null : List.of(new ApiProblem.FieldError(field, detail)),
                Map.of("quota", quota, "limit", limit));
    }
}
