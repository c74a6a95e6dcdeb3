package io.padic.api.it;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The analytics figures (overview, active, retention) recounted by brute force from the events a test sent
 * (docs/design.md#analytics), with its own bucket arithmetic: a bucket is a local date (day, the Monday of a week, the first of a month) or, for hours,
 * the instant of the whole hour (the zones used here are whole hours from UTC).
 */
final class AnalyticsRecount {

    /** An event as sent and acknowledged: its type, its objects in order, and its time for analytics. */
    record Sent(String type, List<String> concerns, Instant time) {
    }

    /** One event type's line of the overview. */
    record EventLine(String name, List<Long> counts, long total, long previousTotal) {
    }

    /** The figures the routes must answer; series are aligned with {@code buckets}, zero series left out. */
    record Figures(List<String> buckets, List<EventLine> eventTypes, Set<String> newEventTypes,
            Set<String> goneEventTypes, Map<String, List<Long>> objectEvents, Map<String, List<Long>> created,
            Map<String, Map<String, List<Long>>> active, Map<String, List<List<Long>>> retention) {
    }

    private final ZoneId zone;
    private final String interval;

    AnalyticsRecount(ZoneId zone, String interval) {
        this.zone = zone;
        this.interval = interval;
    }

    Figures figures(Map<String, String> objectTypes, List<Sent> events, LocalDate from, LocalDate to) {
        List<Comparable<?>> range = range(from, to);
        List<Comparable<?>> previous = new ArrayList<>();
        Comparable<?> bucket = range.getFirst();
        for (int i = 0; i < range.size(); i++) {
            bucket = previous(bucket);
            previous.addFirst(bucket);
        }
        Map<String, Map<Object, Long>> perType = new TreeMap<>();
        Map<String, Map<Object, Long>> perObjectType = new TreeMap<>();
        Map<String, TreeSet<Comparable<?>>> activeOf = new HashMap<>();
        for (Sent event : events) {
            Comparable<?> at = bucketOf(event.time());
            perType.computeIfAbsent(event.type(), t -> new HashMap<>()).merge(at, 1L, Long::sum);
            for (String objectId : event.concerns()) {
                perObjectType.computeIfAbsent(objectTypes.get(objectId), t -> new HashMap<>()).merge(at, 1L, Long::sum);
                activeOf.computeIfAbsent(objectId, o -> new TreeSet<>()).add(at);
            }
        }
        List<EventLine> lines = new ArrayList<>();
        Set<String> newTypes = new HashSet<>();
        Set<String> goneTypes = new HashSet<>();
        perType.forEach((type, counts) -> {
            List<Long> series = series(range, counts);
            long total = series.stream().mapToLong(Long::longValue).sum();
            long previousTotal = series(previous, counts).stream().mapToLong(Long::longValue).sum();
            if (total + previousTotal > 0) {
                lines.add(new EventLine(type, series, total, previousTotal));
            }
            if (total > 0 && previousTotal == 0) {
                newTypes.add(type);
            }
            if (total == 0 && previousTotal > 0) {
                goneTypes.add(type);
            }
        });
        lines.sort((a, b) -> a.total() != b.total() ? Long.compare(b.total(), a.total())
                : a.name().compareTo(b.name()));
        Map<String, List<Long>> objectEvents = new TreeMap<>();
        perObjectType.forEach((type, counts) -> putNonZero(objectEvents, type, series(range, counts)));
        Map<String, List<Long>> created = new TreeMap<>();
        Map<String, Map<String, List<Long>>> active = new TreeMap<>();
        Map<String, List<List<Long>>> retention = new TreeMap<>();
        for (String type : new TreeSet<>(objectTypes.values())) {
            Map<String, long[]> figures = new HashMap<>();
            for (String figure : List.of("active", "new", "returning", "resurrected", "dormant")) {
                figures.put(figure, new long[range.size()]);
            }
            activeOf.forEach((objectId, buckets) -> {
                if (!objectTypes.get(objectId).equals(type)) {
                    return;
                }
                for (int i = 0; i < range.size(); i++) {
                    Comparable<?> b = range.get(i);
                    boolean now = buckets.contains(b);
                    boolean before = buckets.contains(previous(b));
                    if (now) {
                        figures.get("active")[i]++;
                        figures.get(b.equals(buckets.first()) ? "new" : before ? "returning" : "resurrected")[i]++;
                    } else if (before) {
                        figures.get("dormant")[i]--;
                    }
                }
            });
            Map<String, List<Long>> byFigure = new TreeMap<>();
            figures.forEach((figure, values) -> byFigure.put(figure, Arrays.stream(values).boxed().toList()));
            active.put(type, byFigure);
            List<List<Long>> cohorts = new ArrayList<>();
            for (int i = 0; i < range.size(); i++) {
                long[] retained = new long[range.size() - i];
                for (Map.Entry<String, TreeSet<Comparable<?>>> object : activeOf.entrySet()) {
                    if (objectTypes.get(object.getKey()).equals(type)
                            && object.getValue().first().equals(range.get(i))) {
                        for (int k = 0; k < retained.length; k++) {
                            if (object.getValue().contains(range.get(i + k))) {
                                retained[k]++;
                            }
                        }
                    }
                }
                cohorts.add(Arrays.stream(retained).boxed().toList());
            }
            retention.put(type, cohorts);
            putNonZero(created, type, byFigure.get("new"));
        }
        return new Figures(range.stream().map(this::label).toList(), lines, newTypes, goneTypes, objectEvents,
                created, active, retention);
    }

    static void putNonZero(Map<String, List<Long>> into, String key, List<Long> series) {
        if (series.stream().anyMatch(n -> n != 0)) {
            into.put(key, series);
        }
    }

    private static List<Long> series(List<Comparable<?>> buckets, Map<Object, Long> counts) {
        return buckets.stream().map(b -> counts.getOrDefault(b, 0L)).toList();
    }

    /** The buckets from the one holding the start of {@code from} to the last starting before {@code to}. */
    private List<Comparable<?>> range(LocalDate from, LocalDate to) {
        Instant end = to.atStartOfDay(zone).toInstant();
        List<Comparable<?>> out = new ArrayList<>();
        for (Comparable<?> b = bucketOf(from.atStartOfDay(zone).toInstant()); start(b).isBefore(end); b = next(b)) {
            out.add(b);
        }
        return out;
    }

    private Comparable<?> bucketOf(Instant t) {
        ZonedDateTime local = t.atZone(zone);
        return switch (interval) {
            case "hour" -> t.minusSeconds(local.getMinute() * 60L + local.getSecond()).minusNanos(local.getNano());
            case "day" -> local.toLocalDate();
            case "week" -> local.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case "month" -> local.toLocalDate().withDayOfMonth(1);
            default -> throw new IllegalArgumentException(interval);
        };
    }

    private Comparable<?> next(Comparable<?> b) {
        return switch (interval) {
            case "hour" -> ((Instant) b).plus(Duration.ofHours(1));
            case "day" -> ((LocalDate) b).plusDays(1);
            case "week" -> ((LocalDate) b).plusWeeks(1);
            default -> ((LocalDate) b).plusMonths(1);
        };
    }

    private Comparable<?> previous(Comparable<?> b) {
        return switch (interval) {
            case "hour" -> ((Instant) b).minus(Duration.ofHours(1));
            case "day" -> ((LocalDate) b).minusDays(1);
            case "week" -> ((LocalDate) b).minusWeeks(1);
            default -> ((LocalDate) b).minusMonths(1);
        };
    }

    private Instant start(Comparable<?> b) {
        return b instanceof Instant instant ? instant : ((LocalDate) b).atStartOfDay(zone).toInstant();
    }

    private String label(Comparable<?> b) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(start(b).atZone(zone));
    }
}
