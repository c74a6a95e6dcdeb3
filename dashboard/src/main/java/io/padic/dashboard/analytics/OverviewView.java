package io.padic.dashboard.analytics;

import io.padic.dashboard.client.AnalyticsApi;
import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Analytics home's chart (events per bucket, stacked by event type: the {@value #SHOWN} busiest types and the
 * rest together) with the same figures as table rows, and every type's total beside the period before.
 */
@TemplateData
public record OverviewView(String chart, List<String> columns, List<Row> rows, List<TypeTotal> totals,
        List<String> newTypes, List<String> goneTypes, long total, long previousTotal, boolean building) {

    static final int SHOWN = 8;
    /** Not a possible event type name (platform-api allows letters, digits and _ . : - only). */
    static final String OTHERS = "(other types)";

    /** One bucket of the chart: its label and a count per column. */
    @TemplateData
    public record Row(String label, List<Long> values) {
    }

    /** An event type's total in the range and in as long a period just before. */
    @TemplateData
    public record TypeTotal(String name, long total, long previousTotal) {

        public String change() {
            return OverviewView.change(total, previousTotal);
        }
    }

    static OverviewView of(AnalyticsApi.Overview overview, AnalyticsQuery query) {
        List<AnalyticsApi.EventTypeSeries> types = overview.eventTypes().stream().filter(t -> t.total() > 0).toList();
        List<String> columns = new ArrayList<>();
        List<List<Long>> series = new ArrayList<>();
        for (int i = 0; i < types.size() && i < SHOWN; i++) {
            columns.add(types.get(i).name());
            series.add(types.get(i).counts());
        }
        if (types.size() > SHOWN) {
            List<Long> others = new ArrayList<>();
            for (int b = 0; b < overview.buckets().size(); b++) {
                long sum = 0;
                for (AnalyticsApi.EventTypeSeries type : types.subList(SHOWN, types.size())) {
                    sum += type.counts().get(b);
                }
                others.add(sum);
            }
            columns.add(OTHERS);
            series.add(others);
        }
        List<String> labels = overview.buckets().stream().map(query::bucketLabel).toList();
        List<Row> rows = new ArrayList<>();
        for (int b = 0; b < labels.size(); b++) {
            List<Long> values = new ArrayList<>();
            for (List<Long> counts : series) {
                values.add(counts.get(b));
            }
            rows.add(new Row(labels.get(b), values));
        }
        ChartSpec chart = ChartSpec.stackedBars(labels);
        for (int c = 0; c < columns.size(); c++) {
            chart.dataset(columns.get(c), series.get(c), null);
        }
        List<TypeTotal> totals = overview.eventTypes().stream()
                .map(t -> new TypeTotal(t.name(), t.total(), t.previousTotal())).toList();
        long total = totals.stream().mapToLong(TypeTotal::total).sum();
        long previous = totals.stream().mapToLong(TypeTotal::previousTotal).sum();
        return new OverviewView(chart.json(), columns, rows, totals, overview.newEventTypes(),
                overview.goneEventTypes(), total, previous, overview.building());
    }

    public boolean isEmpty() {
        return total == 0;
    }

    public String totalChange() {
        return change(total, previousTotal);
    }

    /** The chart's figures as CSV: a column per event type shown. */
    public String csv() {
        Csv csv = new Csv();
        List<Object> header = new ArrayList<>(List.of("bucket"));
        header.addAll(columns);
        csv.row(header);
        for (Row row : rows) {
            List<Object> line = new ArrayList<>(List.of(row.label()));
            line.addAll(row.values());
            csv.row(line);
        }
        return csv.toString();
    }

    static String change(long now, long before) {
        if (before == 0) {
            return now == 0 ? "no change" : "new";
        }
        long percent = Math.round((now - before) * 100.0 / before);
        return percent == 0 ? "no change"
                : String.format(Locale.ROOT, "%s%d%%", percent > 0 ? "+" : "−", Math.abs(percent));
    }
}
