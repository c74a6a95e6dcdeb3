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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
    private static final Set<String> PICKERS = Set.of("from", "to", "interval", "objectType", "steps", "window");

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

    private final AnalyticsApi analytics;
    private final ProjectsApi projects;
    private final String apiUrl;

    public AnalyticsPages(@RestClient AnalyticsApi analytics, @RestClient ProjectsApi projects,
            @ConfigProperty(name = "padic.api.public-url") String apiUrl) {
        this.analytics = analytics;
        this.projects = projects;
        this.apiUrl = apiUrl.replaceAll("/+$", "");
    }

    @GET
    public TemplateInstance home(@PathParam("projectId") String projectId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("interval") String interval,
            @QueryParam("objectType") String objectType) {
        ProjectsApi.Project project = projects.get(projectId);
        AnalyticsQuery query = query(project, from, to, interval, objectType);
        try {
            AnalyticsApi.Overview overview = analytics.overview(projectId, query.apiFrom(), query.apiTo(),
                    query.interval());
            Frame frame = frame(project, query, "home", typesOf(overview));
            return Templates.home(frame, OverviewView.of(overview, query), anomalies(query, HOME_ANOMALIES));
        } catch (ApiError e) {
            return Templates.home(refused(frame(project, query, "home", List.of()), e), null,
                    AnomalyViews.Listing.unavailable());
        }
    }

    @GET
    @Path("/active")
    public TemplateInstance active(@PathParam("projectId") String projectId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("interval") String interval,
            @QueryParam("objectType") String objectType) {
        Picked picked = pick(projectId, from, to, interval, objectType, "active");
        return picked.render(() -> Templates.active(picked.frame(), ActiveView.of(analytics.active(projectId,
                picked.type(), picked.query().apiFrom(), picked.query().apiTo(), picked.query().interval()),
                picked.query())), frame -> Templates.active(frame, null));
    }

    @GET
    @Path("/retention")
    public TemplateInstance retention(@PathParam("projectId") String projectId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("interval") String interval,
            @QueryParam("objectType") String objectType) {
        Picked picked = pick(projectId, from, to, interval, objectType, "retention");
        return picked.render(() -> Templates.retention(picked.frame(), RetentionView.of(analytics.retention(projectId,
                picked.type(), picked.query().apiFrom(), picked.query().apiTo(), picked.query().interval()),
                picked.query())), frame -> Templates.retention(frame, null));
    }

    @GET
    @Path("/lifecycle")
    public TemplateInstance lifecycle(@PathParam("projectId") String projectId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("interval") String interval,
            @QueryParam("objectType") String objectType) {
        Picked picked = pick(projectId, from, to, interval, objectType, "lifecycle");
        return picked.render(() -> Templates.lifecycle(picked.frame(), LifecycleGraph.of(analytics.lifecycle(projectId,
                picked.type(), picked.query().apiFrom(), picked.query().apiTo()))),
                frame -> Templates.lifecycle(frame, null));
    }

    @GET
    @Path("/funnel")
    public TemplateInstance funnel(@PathParam("projectId") String projectId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("interval") String interval,
            @QueryParam("objectType") String objectType, @QueryParam("step") List<String> steps,
            @QueryParam("window") String window) {
        Picked picked = pick(projectId, from, to, interval, objectType, "funnel");
        List<String> chosen = steps == null ? List.of() : steps.stream().map(String::trim).filter(s -> !s.isEmpty())
                .toList();
        String windowChoice = window == null || window.isBlank() ? "P30D" : window.trim();
        Frame asked = picked.frame().withFunnel(FunnelView.Pick.of(chosen, windowChoice));
        return new Picked(asked, picked.query()).render(() -> {
            FunnelView view = FunnelView.of(analytics.funnel(projectId, picked.type(),
                    chosen.isEmpty() ? null : String.join(",", chosen), picked.query().apiFrom(),
                    picked.query().apiTo(), windowChoice));
            return Templates.funnel(picked.frame().withFunnel(FunnelView.Pick.of(view.steps(), windowChoice)), view);
        }, frame -> Templates.funnel(frame, null));
    }

    @GET
    @Path("/anomalies")
    public TemplateInstance anomalies(@PathParam("projectId") String projectId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("interval") String interval,
            @QueryParam("objectType") String objectType) {
        ProjectsApi.Project project = projects.get(projectId);
        // The interval and object type are not this page's, but the tabs keep them for the others.
        AnalyticsQuery query = query(project, from, to, interval, objectType);
        Frame frame = frame(project, query, "anomalies", List.of());
        AnomalyViews.Listing listing = anomalies(query, null);
        Map<String, AnalyticsApi.Overview> overviews = new HashMap<>();
        List<AnomalyViews.SeriesChart> charts = AnomalyViews.charts(listing, query, (flag, flagInterval) -> {
            try {
                if (flag.series().startsWith("active:")) {
                    String type = flag.series().substring("active:".length());
                    AnalyticsApi.Active active = analytics.active(projectId, type, query.apiFrom(), query.apiTo(),
                            flagInterval);
                    return new AnomalyViews.Values(active.buckets(), active.active());
                }
                AnalyticsApi.Overview overview = overviews.computeIfAbsent(flagInterval,
                        i -> analytics.overview(projectId, query.apiFrom(), query.apiTo(), i));
                String type = flag.series().substring(flag.series().indexOf(':') + 1);
                List<Long> counts = overview.eventTypes().stream().filter(t -> t.name().equals(type)).findFirst()
                        .map(AnalyticsApi.EventTypeSeries::counts)
                        .orElse(overview.buckets().stream().map(b -> 0L).toList());
                return new AnomalyViews.Values(overview.buckets(), counts);
            } catch (ApiError e) {
                if (e.status() == 422) {
                    return null; // e.g. hours over a range too long for them: the flag is listed without a chart
                }
                throw e;
            }
        });
        return Templates.anomalies(frame, listing, charts);
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
        AnalyticsQuery query = query(project, from, to, interval, objectType);
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
                case "anomalies" -> AnomalyViews.csv(anomalies(query, null));
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

    /** The pickers of a page about one object type, with the type defaulted to the busiest one of the range. */
    private record Picked(Frame frame, AnalyticsQuery query) {

        String type() {
            return query.objectType();
        }

        /** The page, or the page without its chart (and the refusal by its picker) when platform-api says 422. */
        TemplateInstance render(Supplier<TemplateInstance> page, Function<Frame, TemplateInstance> empty) {
            if (type() == null) {
                return empty.apply(frame);
            }
            try {
                return page.get();
            } catch (ApiError e) {
                return empty.apply(refused(frame, e));
            }
        }
    }

    private Picked pick(String projectId, String from, String to, String interval, String objectType, String tab) {
        ProjectsApi.Project project = projects.get(projectId);
        AnalyticsQuery query = query(project, from, to, interval, objectType);
        List<String> types;
        try {
            types = typesOf(analytics.overview(projectId, query.apiFrom(), query.apiTo(), "month"));
        } catch (ApiError e) {
            Frame frame = refused(frame(project, query, tab, List.of()), e);
            return new Picked(frame, query);
        }
        if (query.objectType() == null && !types.isEmpty()) {
            query = query.withObjectType(types.getFirst());
        }
        return new Picked(frame(project, query, tab, types), query);
    }

    /** The object types with events in the range, the busiest first. */
    private static List<String> typesOf(AnalyticsApi.Overview overview) {
        return overview.objectTypes().stream()
                .sorted(Comparator.comparingLong((AnalyticsApi.ObjectTypeSeries t) -> -t.events().stream()
                        .mapToLong(Long::longValue).sum()).thenComparing(AnalyticsApi.ObjectTypeSeries::name))
                .map(AnalyticsApi.ObjectTypeSeries::name).toList();
    }

    /** The newest flags of the range, or "not available" while platform-api has no anomalies route (404). */
    private AnomalyViews.Listing anomalies(AnalyticsQuery query, Integer limit) {
        try {
            return AnomalyViews.listing(analytics.anomalies(query.projectId(), query.apiFrom(), query.apiTo(), limit),
                    query.zone());
        } catch (ApiError e) {
            if (e.status() == 404 || e.status() == 422) {
                return AnomalyViews.Listing.unavailable();
            }
            throw e;
        }
    }

    private static AnalyticsQuery query(ProjectsApi.Project project, String from, String to, String interval,
            String objectType) {
        return AnalyticsQuery.of(project.id(), project.zone(), from, to, interval, objectType, null);
    }

    private Frame frame(ProjectsApi.Project project, AnalyticsQuery query, String tab, List<String> types) {
        List<String> options = types;
        if (query.objectType() != null && !types.contains(query.objectType())) {
            options = append(types, query.objectType());
        }
        return new Frame(project, query, tab, options,
                query.presets(LocalDate.now(query.zone())), query.errors(), apiUrl, null);
    }

    /** platform-api refused the pickers (422 naming one): the page shows why beside it; other refusals propagate. */
    private static Frame refused(Frame frame, ApiError e) {
        if (e.status() != 422) {
            throw e;
        }
        return frame.withErrors(FormErrors.from(e.problem(), PICKERS));
    }

    private static List<String> append(List<String> list, String... more) {
        List<String> all = new ArrayList<>(list);
        all.addAll(List.of(more));
        return all;
    }
}
