package io.padic.dashboard.analytics;

import io.padic.dashboard.client.AnalyticsApi;
import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.List;

/**
 * Retention of one object type as a heat map: a row per cohort (objects whose first event is in that bucket), a
 * cell per later bucket with the share of the cohort active then; the cell's shade is a class (heat-0 … heat-10),
 * since the Content-Security-Policy allows no inline style.
 */
@TemplateData
public record RetentionView(String objectType, String interval, List<Row> rows, int columns, boolean building) {

    @TemplateData
    public record Cell(long objects, long size) {

        public long percent() {
            return size == 0 ? 0 : Math.round(objects * 100.0 / size);
        }

        /** heat-0 (none) to heat-10 (all of the cohort). */
        public String shade() {
            return "heat-" + (size == 0 ? 0 : Math.round(objects * 10.0 / size));
        }
    }

    @TemplateData
    public record Row(String label, long size, List<Cell> cells) {
    }

    static RetentionView of(AnalyticsApi.Retention retention, AnalyticsQuery query) {
        List<Row> rows = new ArrayList<>();
        int columns = 0;
        for (AnalyticsApi.Cohort cohort : retention.cohorts()) {
            List<Cell> cells = cohort.retained().stream().map(n -> new Cell(n, cohort.size())).toList();
            rows.add(new Row(query.bucketLabel(cohort.start()), cohort.size(), cells));
            columns = Math.max(columns, cells.size());
        }
        return new RetentionView(retention.objectType(), retention.interval(), rows, columns, retention.building());
    }

    /** The later buckets' numbers, for the header: 0, 1, 2, … */
    public List<Integer> offsets() {
        List<Integer> offsets = new ArrayList<>();
        for (int k = 0; k < columns; k++) {
            offsets.add(k);
        }
        return offsets;
    }

    public boolean isEmpty() {
        return rows.stream().allMatch(r -> r.size() == 0);
    }

    /** Counts of objects (not shares), a column per later bucket. */
    public String csv() {
        Csv csv = new Csv();
        List<Object> header = new ArrayList<>(List.of("cohort", "size"));
        for (int k = 0; k < columns; k++) {
            header.add(interval + " " + k);
        }
        csv.row(header);
        for (Row row : rows) {
            List<Object> line = new ArrayList<>(List.of(row.label(), row.size()));
            row.cells().forEach(c -> line.add(c.objects()));
            csv.row(line);
        }
        return csv.toString();
    }
}
