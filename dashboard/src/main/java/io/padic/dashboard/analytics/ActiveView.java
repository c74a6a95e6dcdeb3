package io.padic.dashboard.analytics;

import io.padic.dashboard.client.AnalyticsApi;
import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.List;

/**
 * Active objects of one type per bucket: new, returning and resurrected stacked above the axis (their sum is the
 * active count), dormant below it, as PostHog's lifecycle chart draws them; the same figures as table rows.
 */
@TemplateData
public record ActiveView(String objectType, String chart, List<Row> rows, long peak, boolean building) {

    /** One bucket; {@code dormant} is negative. */
    @TemplateData
    public record Row(String label, long active, long fresh, long returning, long resurrected, long dormant) {
    }

    static ActiveView of(AnalyticsApi.Active active, AnalyticsQuery query) {
        List<String> labels = active.buckets().stream().map(query::bucketLabel).toList();
        List<Row> rows = new ArrayList<>();
        long peak = 0;
        for (int b = 0; b < labels.size(); b++) {
            rows.add(new Row(labels.get(b), active.active().get(b), active.newObjects().get(b),
                    active.returning().get(b), active.resurrected().get(b), active.dormant().get(b)));
            peak = Math.max(peak, active.active().get(b));
        }
        String chart = ChartSpec.stackedBars(labels)
                .dataset("new", active.newObjects(), "#2e9e5b")
                .dataset("returning", active.returning(), "#3b7dd8")
                .dataset("resurrected", active.resurrected(), "#e0a030")
                .dataset("dormant", active.dormant(), "#c8504b")
                .json();
        return new ActiveView(active.objectType(), chart, rows, peak, active.building());
    }

    public boolean isEmpty() {
        return rows.stream().allMatch(r -> r.active() == 0 && r.dormant() == 0);
    }

    public String csv() {
        Csv csv = new Csv().row("bucket", "active", "new", "returning", "resurrected", "dormant");
        for (Row r : rows) {
            csv.row(r.label(), r.active(), r.fresh(), r.returning(), r.resurrected(), r.dormant());
        }
        return csv.toString();
    }
}
