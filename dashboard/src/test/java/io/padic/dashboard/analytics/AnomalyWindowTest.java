package io.padic.dashboard.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.padic.dashboard.client.AnalyticsApi;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The range each flagged series is charted over: a daily one over the page's range, an hourly one over the hours
 * around its flags (at most a week), so a 90-day page does not ask platform-api for 2,160 hours per chart.
 */
class AnomalyWindowTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-12-03");

    private static AnalyticsApi.Anomaly flag(String interval, String bucket) {
        return new AnalyticsApi.Anomaly("id", "events:order.created", "events", interval, "order.created", null,
                bucket, bucket, 20, 50, 4, List.of(), bucket);
    }

    private static AnalyticsQuery ninetyDays(String zone) {
        return AnalyticsQuery.of("prj_1", zone, "2026-09-05", "2026-12-03", "day", null, TODAY);
    }

    @Test
    void aDailySeriesIsChartedOverThePagesRange() {
        AnomalyViews.Window window = AnomalyViews.window(List.of(flag("day", "2026-12-02T00:00:00Z")),
                ninetyDays("UTC"));
        assertEquals(new AnomalyViews.Window("2026-09-05", "2026-12-04"), window);
    }

    @Test
    void anHourlySeriesIsChartedFromTwoDaysBeforeItsFirstFlagToADayAfterItsLast() {
        AnomalyViews.Window window = AnomalyViews.window(List.of(flag("hour", "2026-12-02T12:00:00Z"),
                flag("hour", "2026-12-01T09:00:00Z")), ninetyDays("UTC"));
        assertEquals(new AnomalyViews.Window("2026-11-29T09:00:00Z", "2026-12-03T12:00:00Z"), window);
    }

    @Test
    void anHourlyWindowStaysInsideThePageAndWithinAWeek() {
        // A flag an hour before the page's end: the window ends with the page.
        AnomalyViews.Window end = AnomalyViews.window(List.of(flag("hour", "2026-12-03T22:00:00Z")),
                ninetyDays("UTC"));
        assertEquals(new AnomalyViews.Window("2026-12-01T22:00:00Z", "2026-12-04T00:00:00Z"), end);
        // Flags a month apart: the week before the last one's day after.
        AnomalyViews.Window wide = AnomalyViews.window(List.of(flag("hour", "2026-12-02T12:00:00Z"),
                flag("hour", "2026-11-01T12:00:00Z")), ninetyDays("UTC"));
        assertEquals(new AnomalyViews.Window("2026-11-26T12:00:00Z", "2026-12-03T12:00:00Z"), wide);
        // A flag near the page's start: the window starts with the page, in the project's zone.
        AnomalyViews.Window start = AnomalyViews.window(List.of(flag("hour", "2026-09-05T10:00:00Z")),
                ninetyDays("Europe/Lisbon"));
        assertEquals(new AnomalyViews.Window("2026-09-05T00:00:00+01:00", "2026-09-06T11:00:00+01:00"), start);
    }
}
