package io.padic.dashboard.analytics;

import io.padic.dashboard.client.AnalyticsApi;
import io.padic.dashboard.client.ApiError;
import io.padic.dashboard.client.ProjectsApi;
import io.quarkus.logging.Log;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The project home's three figures, each a link to the page that explains it: events today, objects active this
 * (ISO) week, and anomalies flagged in the last 7 days. A figure platform-api cannot give is shown as a dash.
 */
@ApplicationScoped
public class HeadlineFigures {

    /** The most object types whose active objects are added up (one call each). */
    static final int MOST_TYPES = 20;

    @TemplateData
    public record Figures(Long eventsToday, Long activeThisWeek, Integer openAnomalies, String eventsHref,
            String activeHref, String anomaliesHref) {
    }

    private final AnalyticsApi analytics;
    private final PageLoads loads;

    public HeadlineFigures(@RestClient AnalyticsApi analytics, PageLoads loads) {
        this.analytics = analytics;
        this.loads = loads;
    }

    /** The anomalies and the week's events are asked at once, then the active objects of each type at once. */
    public Figures of(ProjectsApi.Project project) {
        AnalyticsQuery today = AnalyticsQuery.of(project.id(), project.zone(), null, null, "hour", null, null);
        LocalDate day = today.to();
        LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        String base = "/projects/" + project.id() + "/analytics";
        CompletableFuture<Integer> open = loads.async(() -> {
            try {
                return analytics.anomalies(project.id(), day.minusDays(6).toString(), day.plusDays(1).toString(), 1)
                        .open();
            } catch (ApiError e) {
                return unavailable(e);
            }
        });
        Long events = null;
        Long active = null;
        try {
            AnalyticsApi.Overview week = analytics.overview(project.id(), monday.toString(), day.plusDays(1).toString(),
                    "day");
            int last = week.buckets().size() - 1;
            events = week.eventTypes().stream().mapToLong(t -> t.counts().get(last)).sum();
            List<CompletableFuture<List<Long>>> perType = week.objectTypes().stream().limit(MOST_TYPES)
                    .map(type -> loads.async(() -> analytics.active(project.id(), type.name(), monday.toString(),
                            monday.plusDays(7).toString(), "week").active()))
                    .toList();
            long sum = 0;
            for (CompletableFuture<List<Long>> counts : perType) {
                List<Long> week1 = PageLoads.join(counts);
                sum += week1.isEmpty() ? 0 : week1.getFirst();
            }
            active = sum;
        } catch (ApiError e) {
            unavailable(e);
        }
        return new Figures(events, active, PageLoads.join(open),
                base + "?from=" + day + "&to=" + day + "&interval=hour",
                base + "/active?from=" + monday + "&to=" + day + "&interval=day",
                base + "/anomalies?from=" + day.minusDays(6) + "&to=" + day);
    }

    /** A figure platform-api cannot give (no anomalies route yet, say) is a dash; a lost session is not. */
    private static <T> T unavailable(ApiError e) {
        if (e.status() == 401) {
            throw e;
        }
        Log.debugf("a headline figure is not available: %s", e.getMessage());
        return null;
    }
}
