package io.padic.dashboard.analytics;

import io.padic.dashboard.client.AnalyticsApi;
import io.padic.dashboard.client.ApiError;
import io.padic.dashboard.client.ProjectsApi;
import io.padic.dashboard.session.SignedIn;
import io.padic.dashboard.web.FormErrors;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * A project's analytics, drawn from platform-api's analytics routes with nothing to configure: the overview (events
 * per type, totals against the period before, the latest anomalies), active objects, retention, lifecycle, funnel
 * and anomalies. The pickers are a GET form, so every choice is in the URL; each chart has its table and a CSV.
 */
@Path("/projects/{projectId}/analytics")
@SignedIn
@Blocking
@Produces(MediaType.TEXT_HTML)
public class AnalyticsPages {

    static final int HOME_ANOMALIES = 5;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(Frame frame, OverviewView overview, AnomalyViews.Listing anomalies);

        static native TemplateInstance active(Frame frame, ActiveView view);

        static native TemplateInstance retention(Frame frame, RetentionView view);

        static native TemplateInstance lifecycle(Frame frame, LifecycleGraph graph);

        static native TemplateInstance funnel(Frame frame, FunnelView view);

        static native TemplateInstance anomalies(Frame frame, AnomalyViews.Listing listing,
                List<AnomalyViews.SeriesChart> charts);
    }

    /** The Analytics home's answers: the overview and the latest anomalies (null: no anomalies route yet). */
    record HomeAnswers(AnalyticsApi.Overview overview, AnalyticsApi.Anomalies anomalies) {
    }

    private final AnalyticsApi analytics;
    private final ProjectsApi projects;
    private final PageLoads loads;

    public AnalyticsPages(@RestClient AnalyticsApi analytics, @RestClient ProjectsApi projects, PageLoads loads) {
        this.analytics = analytics;
        this.projects = projects;
        this.loads = loads;
    }

    @GET
    public TemplateInstance home(@PathParam("projectId") String projectId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("interval") String interval,
            @QueryParam("objectType") String objectType) {
        PageLoads.Loaded<HomeAnswers> page = loads.load(projectId, new PageLoads.Asked(from, to, interval, objectType),
                "home", false, q -> {
                    CompletableFuture<AnalyticsApi.Anomalies> flags = loads.async(() -> anomalies(q, HOME_ANOMALIES));
                    AnalyticsApi.Overview overview = analytics.overview(projectId, q.apiFrom(), q.apiTo(),
                            q.interval());
                    return new HomeAnswers(overview, PageLoads.join(flags));
                });
        AnalyticsQuery query = page.frame().query();
        HomeAnswers answers = page.figures();
        return Templates.home(page.frame(), answers == null ? null : OverviewView.of(answers.overview(), query),
                answers == null ? AnomalyViews.Listing.unavailable() : listing(answers.anomalies(), query));
    }

    @GET
    @Path("/active")
    public TemplateInstance active(@PathParam("projectId") String projectId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("interval") String interval,
            @QueryParam("objectType") String objectType) {
        PageLoads.Loaded<AnalyticsApi.Active> page = loads.load(projectId,
                new PageLoads.Asked(from, to, interval, objectType), "active", true,
                q -> analytics.active(projectId, q.objectType(), q.apiFrom(), q.apiTo(), q.interval()));
        return Templates.active(page.frame(), page.figures() == null ? null
                : ActiveView.of(page.figures(), page.frame().query()));
    }

    @GET
    @Path("/retention")
    public TemplateInstance retention(@PathParam("projectId") String projectId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("interval") String interval,
            @QueryParam("objectType") String objectType) {
        PageLoads.Loaded<AnalyticsApi.Retention> page = loads.load(projectId,
                new PageLoads.Asked(from, to, interval, objectType), "retention", true,
                q -> analytics.retention(projectId, q.objectType(), q.apiFrom(), q.apiTo(), q.interval()));
        return Templates.retention(page.frame(), page.figures() == null ? null
                : RetentionView.of(page.figures(), page.frame().query()));
    }

    @GET
    @Path("/lifecycle")
    public TemplateInstance lifecycle(@PathParam("projectId") String projectId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("interval") String interval,
            @QueryParam("objectType") String objectType) {
        PageLoads.Loaded<AnalyticsApi.Lifecycle> page = loads.load(projectId,
                new PageLoads.Asked(from, to, interval, objectType), "lifecycle", true,
                q -> analytics.lifecycle(projectId, q.objectType(), q.apiFrom(), q.apiTo()));
        return Templates.lifecycle(page.frame(), page.figures() == null ? null : LifecycleGraph.of(page.figures()));
    }

    @GET
    @Path("/funnel")
    public TemplateInstance funnel(@PathParam("projectId") String projectId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("interval") String interval,
            @QueryParam("objectType") String objectType, @QueryParam("step") List<String> steps,
            @QueryParam("window") String window) {
        List<String> chosen = steps == null ? List.of() : steps.stream().map(String::trim).filter(s -> !s.isEmpty())
                .toList();
        String windowChoice = window == null || window.isBlank() ? "P30D" : window.trim();
        PageLoads.Loaded<AnalyticsApi.Funnel> page = loads.load(projectId,
                new PageLoads.Asked(from, to, interval, objectType), "funnel", true,
                q -> analytics.funnel(projectId, q.objectType(), chosen.isEmpty() ? null : String.join(",", chosen),
                        q.apiFrom(), q.apiTo(), windowChoice));
        if (page.figures() == null) {
            return Templates.funnel(page.frame().withFunnel(FunnelView.Pick.of(chosen, windowChoice)), null);
        }
        FunnelView view = FunnelView.of(page.figures());
        return Templates.funnel(page.frame().withFunnel(FunnelView.Pick.of(view.steps(), windowChoice)), view);
    }

    @GET
    @Path("/anomalies")
    public TemplateInstance anomalies(@PathParam("projectId") String projectId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("interval") String interval,
            @QueryParam("objectType") String objectType) {
        // The interval and object type are not this page's, but the tabs keep them for the others.
        PageLoads.Loaded<AnalyticsApi.Anomalies> page = loads.load(projectId,
                new PageLoads.Asked(from, to, interval, objectType), "anomalies", false, q -> anomalies(q, null));
        AnalyticsQuery query = page.frame().query();
        AnomalyViews.Listing listing = listing(page.figures(), query);
        // Each chart's series is asked for at once, on its own thread: the page waits for the slowest, not the sum.
        Map<String, CompletableFuture<AnalyticsApi.Overview>> overviews = new ConcurrentHashMap<>();
        Map<List<AnalyticsApi.Anomaly>, CompletableFuture<AnomalyViews.Values>> loading = new HashMap<>();
        for (List<AnalyticsApi.Anomaly> flagged : AnomalyViews.chartGroups(listing)) {
            AnomalyViews.Window window = AnomalyViews.window(flagged, query);
            AnalyticsApi.Anomaly flag = flagged.getFirst();
            if (flag.series().startsWith("active:")) {
                String type = flag.series().substring("active:".length());
                loading.put(flagged, loads.async(() -> {
                    AnalyticsApi.Active active = analytics.active(projectId, type, window.from(), window.to(),
                            flag.interval());
                    return new AnomalyViews.Values(active.buckets(), active.active());
                }));
            } else {
                String type = flag.series().substring(flag.series().indexOf(':') + 1);
                loading.put(flagged, overviews.computeIfAbsent(flag.interval() + " " + window,
                        k -> loads.async(() -> analytics.overview(projectId, window.from(), window.to(),
                                flag.interval()))).thenApply(overview -> new AnomalyViews.Values(overview.buckets(),
                        overview.eventTypes().stream().filter(t -> t.name().equals(type)).findFirst()
                                .map(AnalyticsApi.EventTypeSeries::counts)
                                .orElse(overview.buckets().stream().map(b -> 0L).toList()))));
            }
        }
        List<AnomalyViews.SeriesChart> charts = AnomalyViews.charts(listing, query, flagged -> {
            try {
                return PageLoads.join(loading.get(flagged));
            } catch (ApiError e) {
                if (e.status() == 422) {
                    return null; // a range platform-api refuses for this interval: the flag is listed without a chart
                }
                throw e;
            }
        });
        return Templates.anomalies(page.frame(), listing, charts);
    }

    /** The figures of one chart as CSV, for the same pickers as its page. */
    @GET
    @Path("/{chart}.csv")
    @Produces("text/csv")
    public Response csv(@PathParam("projectId") String projectId, @PathParam("chart") String chart,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("interval") String interval,
            @QueryParam("objectType") String objectType, @QueryParam("step") List<String> steps,
            @QueryParam("window") String window) {
        ProjectsApi.Project project = projects.get(projectId);
        AnalyticsQuery query = PageLoads.query(project, new PageLoads.Asked(from, to, interval, objectType));
        String type = query.objectType();
        String csv;
        try {
            csv = switch (chart) {
                case "overview" -> OverviewView.of(analytics.overview(projectId, query.apiFrom(), query.apiTo(),
                        query.interval()), query).csv();
                case "active" -> ActiveView.of(analytics.active(projectId, type, query.apiFrom(), query.apiTo(),
                        query.interval()), query).csv();
                case "retention" -> RetentionView.of(analytics.retention(projectId, type, query.apiFrom(),
                        query.apiTo(), query.interval()), query).csv();
                case "lifecycle" -> LifecycleGraph.of(analytics.lifecycle(projectId, type, query.apiFrom(),
                        query.apiTo())).csv();
                case "funnel" -> FunnelView.of(analytics.funnel(projectId, type, steps == null || steps.isEmpty()
                        ? null : String.join(",", steps), query.apiFrom(), query.apiTo(),
                        window == null || window.isBlank() ? null : window)).csv();
                case "anomalies" -> AnomalyViews.csv(listing(anomalies(query, null), query));
                default -> throw new NotFoundException();
            };
        } catch (ApiError e) {
            if (e.status() != 422) {
                throw e;
            }
            return Response.status(422).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                    .entity(String.join("\n", FormErrors.from(e.problem(), Set.of()).getGeneral()) + "\n").build();
        }
        String name = chart + "-" + query.from() + "-" + query.to() + ".csv";
        return Response.ok(csv, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
    }

    /** The newest flags of the range; null while platform-api has no anomalies route (404). */
    private AnalyticsApi.Anomalies anomalies(AnalyticsQuery query, Integer limit) {
        try {
            return analytics.anomalies(query.projectId(), query.apiFrom(), query.apiTo(), limit);
        } catch (ApiError e) {
            if (e.status() == 404 || e.status() == 422) {
                return null;
            }
            throw e;
        }
    }

    private static AnomalyViews.Listing listing(AnalyticsApi.Anomalies answer, AnalyticsQuery query) {
        return answer == null ? AnomalyViews.Listing.unavailable() : AnomalyViews.listing(answer, query.zone());
    }
}
