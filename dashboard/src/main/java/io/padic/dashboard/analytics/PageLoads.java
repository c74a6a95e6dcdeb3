package io.padic.dashboard.analytics;

import io.padic.dashboard.client.AnalyticsApi;
import io.padic.dashboard.client.ApiError;
import io.padic.dashboard.client.ProjectsApi;
import io.padic.dashboard.web.FormErrors;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * What an analytics page needs from platform-api, asked at once where the answers do not depend on each other: the
 * project (its name and time zone), the object types of the range (for the picker) and the page's own figures. A
 * link from another tab names its days and object type, so the three go out together; only a page opened without
 * them waits for the project (today in its time zone) or the types (the busiest is the default). The calls run on
 * the managed executor, which carries the request's session to them.
 */
@ApplicationScoped
public class PageLoads {

    private static final Set<String> PICKERS = Set.of("from", "to", "interval", "objectType", "steps", "window");

    /** The pickers as the URL gave them, unread. */
    public record Asked(String from, String to, String interval, String objectType) {

        boolean namesItsDays() {
            return from != null && !from.isBlank() && to != null && !to.isBlank();
        }
    }

    /** The page's frame and its figures (null when there is nothing to ask or platform-api refused the pickers). */
    public record Loaded<T>(Frame frame, T figures) {
    }

    private final AnalyticsApi analytics;
    private final ProjectsApi projects;
    private final ManagedExecutor executor;
    private final String apiUrl;

    public PageLoads(@RestClient AnalyticsApi analytics, @RestClient ProjectsApi projects, ManagedExecutor executor,
            @ConfigProperty(name = "padic.api.public-url") String apiUrl) {
        this.analytics = analytics;
        this.projects = projects;
        this.executor = executor;
        this.apiUrl = apiUrl.replaceAll("/+$", "");
    }

    /**
     * A page about one object type ({@code withTypes}) or about the whole project: the frame, and {@code figures}
     * asked with the query (its object type defaulted to the busiest of the range). {@code figures} returns
     * platform-api's answers; what depends on the time zone is made from them with the frame's query.
     */
    <T> Loaded<T> load(String projectId, Asked asked, String tab, boolean withTypes,
            Function<AnalyticsQuery, T> figures) {
        CompletableFuture<ProjectsApi.Project> project = async(() -> projects.get(projectId));
        // With its days in the URL, the query does not depend on the project's time zone (only "today" does).
        AnalyticsQuery early = asked.namesItsDays()
                ? AnalyticsQuery.of(projectId, "UTC", asked.from(), asked.to(), asked.interval(), asked.objectType(),
                        null)
                : null;
        boolean parallel = early != null && early.errors().isEmpty();
        AnalyticsQuery start = parallel ? early : query(join(project), asked);
        CompletableFuture<List<String>> types = withTypes
                ? async(() -> typesOf(analytics.overview(projectId, start.apiFrom(), start.apiTo(), "month")))
                : CompletableFuture.completedFuture(List.of());
        CompletableFuture<T> answer = parallel && (!withTypes || start.objectType() != null)
                ? async(() -> figures.apply(start)) : null;

        ProjectsApi.Project found = join(project);
        AnalyticsQuery query = query(found, asked);
        List<String> typeList;
        try {
            typeList = join(types);
        } catch (ApiError e) {
            return new Loaded<>(refused(frame(found, query, tab, List.of()), e), null);
        }
        if (query.objectType() == null && !typeList.isEmpty()) {
            query = query.withObjectType(typeList.getFirst());
        }
        Frame frame = frame(found, query, tab, typeList);
        if (withTypes && query.objectType() == null) {
            return new Loaded<>(frame, null);
        }
        try {
            return new Loaded<>(frame, answer != null ? join(answer) : figures.apply(query));
        } catch (ApiError e) {
            return new Loaded<>(refused(frame, e), null);
        }
    }

    /** Runs a call to platform-api on another thread, with this request's session. */
    <T> CompletableFuture<T> async(Supplier<T> call) {
        return executor.supplyAsync(call);
    }

    /** The answer, or the call's own exception (an {@link ApiError} stays one). */
    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    static AnalyticsQuery query(ProjectsApi.Project project, Asked asked) {
        return AnalyticsQuery.of(project.id(), project.zone(), asked.from(), asked.to(), asked.interval(),
                asked.objectType(), null);
    }

    Frame frame(ProjectsApi.Project project, AnalyticsQuery query, String tab, List<String> types) {
        List<String> options = types;
        if (query.objectType() != null && !types.contains(query.objectType())) {
            options = new ArrayList<>(types);
            options.add(query.objectType());
        }
        return new Frame(project, query, tab, options, query.presets(LocalDate.now(query.zone())), query.errors(),
                apiUrl, null);
    }

    /** platform-api refused the pickers (422 naming one): the page shows why beside it; other refusals propagate. */
    static Frame refused(Frame frame, ApiError e) {
        if (e.status() != 422) {
            throw e;
        }
        return frame.withErrors(FormErrors.from(e.problem(), PICKERS));
    }

    /** The object types with events in the range, the busiest first. */
    static List<String> typesOf(AnalyticsApi.Overview overview) {
        return overview.objectTypes().stream()
                .sorted(Comparator.comparingLong((AnalyticsApi.ObjectTypeSeries t) -> -t.events().stream()
                        .mapToLong(Long::longValue).sum()).thenComparing(AnalyticsApi.ObjectTypeSeries::name))
                .map(AnalyticsApi.ObjectTypeSeries::name).toList();
    }
}
