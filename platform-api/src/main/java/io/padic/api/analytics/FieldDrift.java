package io.padic.api.analytics;

import io.padic.api.analytics.SegmentDocument.Segments;
import io.padic.api.common.ApiProblem;
import io.padic.api.projects.Project;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Field drift of an event type over its last days (docs/design.md#analytics): which metaData paths appeared, stopped
 * arriving or changed their JSON type, from the per-day field counts the flush keeps in {@code analytics_segments}.
 */
@ApplicationScoped
public class FieldDrift {

    static final int DEFAULT_DAYS = 14;
    static final int MAX_DAYS = 90;
    private static final String NULL = "null";

    private final AnalyticsScopes scopes;
    private final SegmentRepository segments;

    public FieldDrift(AnalyticsScopes scopes, SegmentRepository segments) {
        this.scopes = scopes;
        this.segments = segments;
    }

    /** A path first seen on {@code firstSeen}, after the type's first day with events in the window. */
    public record Appeared(String field, String firstSeen) {
    }

    /** A path last seen on {@code lastSeen}, before the type's last day with events in the window. */
    public record Stopped(String field, String lastSeen) {
    }

    /** A path whose usual JSON type on its first days differs from its type since {@code since}. */
    public record TypeChanged(String field, String from, String to, String since) {
    }

    public record Drift(String eventType, List<String> days, List<Appeared> appeared, List<Stopped> stopped,
            List<TypeChanged> typeChanged) {
    }

    public Drift drift(Project project, String eventType, String daysText) {
        int count = days(daysText);
        AnalyticsScope scope = scopes.find(project.id)
                .orElseGet(() -> new AnalyticsScope(project.id, 1, project.zone(), false));
        ZoneId zone = scope.zone();
        LocalDate today = LocalDate.now(zone);
        List<LocalDate> days = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        for (int i = count - 1; i >= 0; i--) {
            LocalDate day = today.minusDays(i);
            days.add(day);
            starts.add(day.atStartOfDay(zone).toEpochSecond());
        }
        Map<Long, Segments> byDay = segments.segments(scope.key(), Interval.DAY, starts);
        List<String> withEvents = new ArrayList<>();
        // path → day → its usual type that day (the most events; null values only if nothing else)
        Map<String, TreeMap<String, String>> usual = new TreeMap<>();
        for (int i = 0; i < days.size(); i++) {
            Segments day = byDay.getOrDefault(starts.get(i), Segments.EMPTY);
            if (day.objectTypes(eventType).isEmpty()) {
                continue;
            }
            String date = days.get(i).toString();
            withEvents.add(date);
            day.fields(eventType).forEach((path, kinds) ->
                    usual.computeIfAbsent(path, p -> new TreeMap<>()).put(date, usualKind(kinds)));
        }
        List<Appeared> appeared = new ArrayList<>();
        List<Stopped> stopped = new ArrayList<>();
        List<TypeChanged> changed = new ArrayList<>();
        if (!withEvents.isEmpty()) {
            String first = withEvents.getFirst();
            String last = withEvents.getLast();
            usual.forEach((path, seen) -> {
                if (seen.firstKey().compareTo(first) > 0) {
                    appeared.add(new Appeared(path, seen.firstKey()));
                }
                if (seen.lastKey().compareTo(last) < 0) {
                    stopped.add(new Stopped(path, seen.lastKey()));
                }
                String from = seen.firstEntry().getValue();
                String to = seen.lastEntry().getValue();
                if (!from.equals(to)) {
                    String since = seen.lastKey();
                    for (Map.Entry<String, String> day : seen.descendingMap().entrySet()) {
                        if (!day.getValue().equals(to)) {
                            break;
                        }
                        since = day.getKey();
                    }
                    changed.add(new TypeChanged(path, from, to, since));
                }
            });
        }
        return new Drift(eventType, days.stream().map(LocalDate::toString).toList(), appeared, stopped, changed);
    }

    private static String usualKind(Map<String, Long> kinds) {
        Map<String, Long> counted = new HashMap<>(kinds);
        if (counted.size() > 1) {
            counted.remove(NULL);
        }
        // The most events; on a tie, the type first in alphabetical order.
        Comparator<Map.Entry<String, Long>> usual = Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
                .thenComparing(Map.Entry::getKey, Comparator.reverseOrder());
        return counted.entrySet().stream().max(usual).map(Map.Entry::getKey).orElse(NULL);
    }

    private static int days(String text) {
        if (text == null) {
            return DEFAULT_DAYS;
        }
        try {
            int days = Integer.parseInt(text);
            if (days >= 1 && days <= MAX_DAYS) {
                return days;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.invalid("days", "must be a whole number from 1 to " + MAX_DAYS);
    }
}
