package io.padic.dashboard.analytics;

import io.padic.dashboard.client.AnalyticsApi;
import io.quarkus.qute.TemplateData;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Anomaly flags in words ("fewer order.paid events than expected on 2026-11-02: 48 instead of about 100; most of
 * the difference: country = FR (83%)") and each flagged series drawn over the pickers' range with its flagged
 * buckets marked. Segment names come from platform-api ({@code eventType:…}, {@code objectType:…},
 * {@code meta:key=value}) and reach the page only as escaped text.
 */
public final class AnomalyViews {

    static final int MOST_CHARTS = 6;
    /** The longest an hourly series is charted over. */
    static final int HOURLY_CHART_DAYS = 7;

    private AnomalyViews() {
    }

    /** One flag, worded. */
    @TemplateData
    public record Flag(String series, String subject, String when, String expected, String actual, String change,
            String score, boolean up, List<String> reasons) {

        public String sentence() {
            return (up ? "More " : "Fewer ") + subject + " than expected " + when + ": " + actual + " instead of about "
                    + expected + " (" + change + ").";
        }

        public String explanation() {
            return reasons.isEmpty() ? "No single segment explains it." : "Most of the difference: "
                    + String.join(", ", reasons) + ".";
        }
    }

    /** A flagged series over the range: its values per bucket, the flagged buckets marked. */
    @TemplateData
    public record SeriesChart(String series, String title, String chart, List<Point> points) {
    }

    @TemplateData
    public record Point(String label, long value, String expected, boolean flagged) {
    }

    /** Whether the route exists yet and what it answered; {@code flags} newest first. */
    @TemplateData
    public record Listing(boolean available, int open, boolean building, List<Flag> flags,
            List<AnalyticsApi.Anomaly> raw) {

        public static Listing unavailable() {
            return new Listing(false, 0, false, List.of(), List.of());
        }

        public boolean isEmpty() {
            return flags.isEmpty();
        }
    }

    static Listing listing(AnalyticsApi.Anomalies answer, ZoneId zone) {
        List<Flag> flags = answer.anomalies().stream().map(a -> flag(a, zone)).toList();
        return new Listing(true, answer.open(), answer.building(), flags, answer.anomalies());
    }

    static Flag flag(AnalyticsApi.Anomaly a, ZoneId zone) {
        String subject = a.series().startsWith("active:")
                ? "active objects of type " + after(a.series())
                : after(a.series()) + " events";
        String change = a.expected() == 0 ? "new" : signed(Math.round((a.actual() - a.expected()) * 100 / a.expected()))
                + "%";
        List<String> reasons = new ArrayList<>();
        for (AnalyticsApi.Share share : a.explanation() == null ? List.<AnalyticsApi.Share>of() : a.explanation()) {
            reasons.add(segment(share.segment()) + " (" + Math.round(share.share() * 100) + "%)");
        }
        return new Flag(a.series(), subject, when(a, zone), number(a.expected()), number(a.actual()), change,
                String.format(Locale.ROOT, "%.1f", a.score()), a.actual() > a.expected(), reasons);
    }

    /** A segment as people say it: "event type x", "objects of type y", "key = value". */
    static String segment(String segment) {
        if (segment.startsWith("eventType:")) {
            return "event type " + after(segment);
        }
        if (segment.startsWith("objectType:")) {
            return "objects of type " + after(segment);
        }
        if (segment.startsWith("meta:")) {
            String pair = segment.substring("meta:".length());
            int eq = pair.indexOf('=');
            return eq < 0 ? pair : pair.substring(0, eq) + " = " + pair.substring(eq + 1);
        }
        return segment;
    }

    /** The flagged series to chart: the first {@value #MOST_CHARTS}, each with its flags, newest first. */
    static List<List<AnalyticsApi.Anomaly>> chartGroups(Listing listing) {
        Map<String, List<AnalyticsApi.Anomaly>> bySeries = new LinkedHashMap<>();
        for (AnalyticsApi.Anomaly a : listing.raw()) {
            bySeries.computeIfAbsent(a.series() + "\n" + a.interval(), k -> new ArrayList<>()).add(a);
        }
        return bySeries.values().stream().limit(MOST_CHARTS).toList();
    }

    /** The range a flagged series is charted over ({@code from} inclusive, {@code to} exclusive, as platform-api takes them). */
    public record Window(String from, String to) {
    }

    /**
     * A daily series is charted over the page's range; an hourly one over the hours around its flags (two days
     * before the first, one after the last, at most {@link #HOURLY_CHART_DAYS} days), not 24 points a day over the
     * whole range: that many hours would take platform-api longer to send than the rest of the page.
     */
    static Window window(List<AnalyticsApi.Anomaly> flagged, AnalyticsQuery query) {
        if (!"hour".equals(flagged.getFirst().interval())) {
            return new Window(query.apiFrom(), query.apiTo());
        }
        Instant pageFrom = LocalDate.parse(query.apiFrom()).atStartOfDay(query.zone()).toInstant();
        Instant pageTo = LocalDate.parse(query.apiTo()).atStartOfDay(query.zone()).toInstant();
        Instant first = flagged.stream().map(a -> instant(a.bucket())).min(Instant::compareTo).orElseThrow();
        Instant last = flagged.stream().map(a -> instant(a.bucket())).max(Instant::compareTo).orElseThrow();
        Instant to = min(pageTo, last.plus(Duration.ofDays(1)));
        Instant from = max(pageFrom, first.minus(Duration.ofDays(2)));
        if (Duration.between(from, to).compareTo(Duration.ofDays(HOURLY_CHART_DAYS)) > 0) {
            from = to.minus(Duration.ofDays(HOURLY_CHART_DAYS));
        }
        return new Window(iso(from, query.zone()), iso(to, query.zone()));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String iso(Instant instant, ZoneId zone) {
        return instant.atZone(zone).truncatedTo(ChronoUnit.HOURS).toOffsetDateTime()
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /**
     * The charts of the {@link #chartGroups}; {@code values} gives a group's buckets (start instants as platform-api
     * writes them) and counts over its {@link #window}, or null when it cannot be charted.
     */
    static List<SeriesChart> charts(Listing listing, AnalyticsQuery query,
            Function<List<AnalyticsApi.Anomaly>, Values> values) {
        List<SeriesChart> charts = new ArrayList<>();
        for (List<AnalyticsApi.Anomaly> flagged : chartGroups(listing)) {
            AnalyticsApi.Anomaly first = flagged.getFirst();
            Values series = values.apply(flagged);
            if (series == null) {
                continue;
            }
            Map<Instant, Double> expected = new LinkedHashMap<>();
            flagged.forEach(a -> expected.put(instant(a.bucket()), a.expected()));
            AnalyticsQuery at = query.withInterval(first.interval());
            List<String> labels = new ArrayList<>();
            List<Point> points = new ArrayList<>();
            List<Double> marks = new ArrayList<>();
            List<Double> baseline = new ArrayList<>();
            for (int b = 0; b < series.buckets().size(); b++) {
                Instant start = OffsetDateTime.parse(series.buckets().get(b)).toInstant();
                String label = at.bucketLabel(series.buckets().get(b));
                long value = series.counts().get(b);
                Double e = expected.get(start);
                labels.add(label);
                points.add(new Point(label, value, e == null ? null : number(e), e != null));
                marks.add(e == null ? null : (double) value);
                baseline.add(e);
            }
            String chart = ChartSpec.lines(labels)
                    .dataset(first.series(), series.counts(), "#3b7dd8")
                    .marks("flagged", marks, "#c8504b")
                    .marks("expected", baseline, "#888888")
                    .json();
            charts.add(new SeriesChart(first.series(), flag(first, query.zone()).subject() + " per "
                    + first.interval(), chart, points));
        }
        return charts;
    }

    /** A series' buckets and values as an analytics route gave them. */
    public record Values(List<String> buckets, List<Long> counts) {
    }

    static String csv(Listing listing) {
        Csv csv = new Csv().row("series", "interval", "bucket", "expected", "actual", "score", "explanation");
        for (int i = 0; i < listing.raw().size(); i++) {
            AnalyticsApi.Anomaly a = listing.raw().get(i);
            csv.row(a.series(), a.interval(), a.bucket(), a.expected(), a.actual(), a.score(),
                    listing.flags().get(i).explanation());
        }
        return csv.toString();
    }

    private static String when(AnalyticsApi.Anomaly a, ZoneId zone) {
        OffsetDateTime start = instant(a.bucket()).atZone(zone).toOffsetDateTime();
        if ("hour".equals(a.interval())) {
            return "on " + start.format(DateTimeFormatter.ofPattern("yyyy-MM-dd 'from' HH:mm"))
                    + start.plusHours(1).format(DateTimeFormatter.ofPattern(" 'to' HH:mm"));
        }
        return "on " + start.toLocalDate();
    }

    /** An instant written with Z or with an offset. */
    static Instant instant(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }

    private static String after(String series) {
        return series.substring(series.indexOf(':') + 1);
    }

    private static String signed(long percent) {
        return percent > 0 ? "+" + percent : percent < 0 ? "−" + -percent : "0";
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString(Math.round(value)) : String.format(Locale.ROOT, "%.1f", value);
    }
}
