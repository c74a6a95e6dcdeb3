package io.padic.dashboard.analytics;

import io.padic.dashboard.web.FormErrors;
import io.quarkus.qute.TemplateData;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the analytics pages' pickers chose, as it stands in the URL (so a link shows the same charts): the days
 * {@code from} and {@code to} (both included, in the project's time zone), the {@code interval} and the
 * {@code objectType}. Missing or unreadable values fall back to the last 30 days by day; what was unreadable is
 * named in {@link #errors()}.
 */
@TemplateData
public record AnalyticsQuery(String projectId, ZoneId zone, LocalDate from, LocalDate to, String interval,
        String objectType, FormErrors errors) {

    public static final List<String> INTERVALS = List.of("hour", "day", "week", "month");
    static final int DEFAULT_DAYS = 30;
    /** Hours over more days than this would exceed platform-api's 3,660 buckets. */
    static final int MOST_HOUR_DAYS = 152;

    /** A preset range of the pickers: the last {@code days} days up to today. */
    @TemplateData
    public record Preset(String label, String query, boolean current) {
    }

    /** {@code today} null: today in the project's time zone. */
    public static AnalyticsQuery of(String projectId, String timeZone, String fromText, String toText,
            String intervalText, String objectTypeText, LocalDate today) {
        ZoneId zone = zone(timeZone);
        if (today == null) {
            today = LocalDate.now(zone);
        }
        Map<String, String> problems = new LinkedHashMap<>();
        LocalDate to = date(toText, "to", problems);
        LocalDate from = date(fromText, "from", problems);
        if (to == null) {
            to = today;
        }
        if (from == null) {
            from = to.minusDays(DEFAULT_DAYS - 1L);
        }
        if (from.isAfter(to)) {
            problems.put("from", "must not be after the last day");
            from = to.minusDays(DEFAULT_DAYS - 1L);
        }
        String interval = blank(intervalText) ? "day" : intervalText.trim();
        if (!INTERVALS.contains(interval)) {
            problems.put("interval", "is one of hour, day, week, month");
            interval = "day";
        }
        if ("hour".equals(interval) && from.plusDays(MOST_HOUR_DAYS).isBefore(to)) {
            problems.put("interval", "by hour shows at most " + MOST_HOUR_DAYS
                    + " days; choose day or a shorter range");
            interval = "day";
        }
        String objectType = blank(objectTypeText) ? null : objectTypeText.trim();
        FormErrors errors = FormErrors.none();
        for (Map.Entry<String, String> problem : problems.entrySet()) {
            errors = errors.and(problem.getKey(), problem.getValue());
        }
        return new AnalyticsQuery(projectId, zone, from, to, interval, objectType, errors);
    }

    /** The same choice for another object type. */
    public AnalyticsQuery withObjectType(String type) {
        return new AnalyticsQuery(projectId, zone, from, to, interval, type, errors);
    }

    /** The same choice by another interval. */
    public AnalyticsQuery withInterval(String other) {
        return new AnalyticsQuery(projectId, zone, from, to, other, objectType, errors);
    }

    /** platform-api's {@code from}: the first day. */
    public String apiFrom() {
        return from.toString();
    }

    /** platform-api's {@code to} is exclusive: the day after the last one. */
    public String apiTo() {
        return to.plusDays(1).toString();
    }

    public String timeZone() {
        return zone.getId();
    }

    public long days() {
        return to.toEpochDay() - from.toEpochDay() + 1;
    }

    /** The pickers' values as a query string (for links between the pages and to the CSV downloads). */
    public String query() {
        return "from=" + from + "&to=" + to + "&interval=" + interval
                + (objectType == null ? "" : "&objectType=" + encode(objectType));
    }

    /** The last 7, 30 and 90 days and 12 months, each keeping the interval and object type. */
    public List<Preset> presets(LocalDate today) {
        return List.of(preset("Last 7 days", today.minusDays(6), today),
                preset("Last 30 days", today.minusDays(29), today),
                preset("Last 90 days", today.minusDays(89), today),
                preset("Last 12 months", today.minusMonths(12).plusDays(1), today));
    }

    private Preset preset(String label, LocalDate first, LocalDate last) {
        AnalyticsQuery other = new AnalyticsQuery(projectId, zone, first, last,
                "hour".equals(interval) && first.plusDays(MOST_HOUR_DAYS).isBefore(last) ? "day" : interval,
                objectType, errors);
        return new Preset(label, other.query(), first.equals(from) && last.equals(to));
    }

    /** A bucket's start as platform-api gives it, written for people at this interval (in the project's zone). */
    public String bucketLabel(String bucket) {
        OffsetDateTime start = OffsetDateTime.parse(bucket);
        return switch (interval) {
            case "hour" -> start.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
            case "month" -> start.format(DateTimeFormatter.ofPattern("yyyy-MM"));
            default -> start.toLocalDate().toString();
        };
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static ZoneId zone(String timeZone) {
        try {
            return ZoneId.of(blank(timeZone) ? "UTC" : timeZone);
        } catch (DateTimeException unknown) {
            return ZoneId.of("UTC");
        }
    }

    private static LocalDate date(String text, String field, Map<String, String> problems) {
        if (blank(text)) {
            return null;
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeException e) {
            problems.put(field, "is a date such as 2026-03-01");
            return null;
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
