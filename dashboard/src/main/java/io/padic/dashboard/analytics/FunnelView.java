package io.padic.dashboard.analytics;

import io.padic.dashboard.client.AnalyticsApi;
import io.quarkus.qute.TemplateData;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A funnel of one object type: the steps (editable, prefilled by platform-api with the lifecycle's main path), the
 * objects that reached each, the conversion from entering and from the step before, and the median time.
 */
@TemplateData
public record FunnelView(String objectType, List<String> steps, String window, String chart, List<Row> rows,
        boolean building) {

    public static final int MOST_STEPS = 8;
    /** The windows the page offers (ISO-8601, as platform-api takes them) with their names. */
    public static final List<Choice> WINDOWS = List.of(new Choice("PT1H", "1 hour"), new Choice("P1D", "1 day"),
            new Choice("P7D", "7 days"), new Choice("P30D", "30 days"), new Choice("P90D", "90 days"));

    @TemplateData
    public record Choice(String value, String label) {
    }

    /** The funnel's own pickers: the steps' inputs (one empty to add a step) and the window. */
    @TemplateData
    public record Pick(List<String> inputs, String window) {

        static Pick of(List<String> steps, String window) {
            List<String> inputs = new ArrayList<>(steps);
            if (inputs.size() < MOST_STEPS) {
                inputs.add("");
            }
            return new Pick(inputs, window);
        }

        public List<Choice> windows() {
            return WINDOWS;
        }

        /** The steps and window as query parameters (after the pickers' own). */
        String query() {
            StringBuilder query = new StringBuilder();
            for (String step : inputs) {
                if (!step.isEmpty()) {
                    query.append("&step=").append(AnalyticsQuery.encode(step));
                }
            }
            return query.append("&window=").append(AnalyticsQuery.encode(window)).toString();
        }
    }

    @TemplateData
    public record Row(int number, String eventType, long objects, double conversion, double fromPrevious,
            Double medianSeconds) {

        public String conversionPercent() {
            return percent(conversion);
        }

        public String fromPreviousPercent() {
            return number == 1 ? "–" : percent(fromPrevious);
        }

        public String median() {
            return Durations.words(medianSeconds);
        }
    }

    static FunnelView of(AnalyticsApi.Funnel funnel) {
        List<Row> rows = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        List<Long> objects = new ArrayList<>();
        for (AnalyticsApi.Step step : funnel.steps()) {
            rows.add(new Row(rows.size() + 1, step.eventType(), step.objects(), step.conversion(),
                    step.conversionFromPrevious(), step.medianSecondsFromPrevious()));
            steps.add(step.eventType());
            objects.add(step.objects());
        }
        String chart = ChartSpec.bars(steps).dataset("objects", objects, "#3b7dd8").json();
        return new FunnelView(funnel.objectType(), steps, funnel.window(), chart, rows, funnel.building());
    }

    /** The window as people say it: "30 days", "12 hours" (platform-api writes PT720H). */
    public String windowWords() {
        try {
            Duration d = Duration.parse(window);
            if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
                return d.toDays() + (d.toDays() == 1 ? " day" : " days");
            }
            return d.toHours() == 1 ? "1 hour" : Durations.words((double) d.toSeconds());
        } catch (DateTimeParseException unreadable) {
            return window;
        }
    }

    public String firstStep() {
        return steps.isEmpty() ? "" : steps.getFirst();
    }

    public boolean isEmpty() {
        return rows.isEmpty() || rows.getFirst().objects() == 0;
    }

    public String csv() {
        Csv csv = new Csv().row("step", "eventType", "objects", "conversion", "conversionFromPrevious",
                "medianSecondsFromPrevious");
        for (Row r : rows) {
            csv.row(r.number(), r.eventType(), r.objects(), r.conversion(), r.number() == 1 ? null : r.fromPrevious(),
                    r.medianSeconds());
        }
        return csv.toString();
    }

    static String percent(double share) {
        double p = Math.round(share * 1000) / 10.0; // one decimal: 0.2 × 100 is 20.000000000000004
        return (p == Math.rint(p) ? String.format(Locale.ROOT, "%.0f", p)
                : String.format(Locale.ROOT, "%.1f", p)) + "%";
    }
}
