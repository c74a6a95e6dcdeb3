package io.padic.api.it;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The analytics figures (overview, active, retention, lifecycle, funnel) recounted by brute force from the events a
 * test sent (docs/design.md#analytics, docs/api.md#analytics), with its own bucket arithmetic: a bucket is a local
 * date (day, the Monday of a week, the first of a month) or, for hours, the instant of the whole hour (the zones
 * used here are whole hours from UTC, so a local hour is a UTC hour).
 */
final class AnalyticsRecount {

    /** An event as sent and acknowledged: its type, its objects in order, and its time for analytics. */
    record Sent(String type, List<String> concerns, Instant time) {
    }

    /** One event type's line of the overview. */
    record EventLine(String name, List<Long> counts, long total, long previousTotal) {
    }

    /**
     * The figures the routes must answer; series are aligned with {@code buckets}, zero series left out. Lifecycle
     * and funnel per object type; the transitions' times are compared apart ({@link Times}: within 2%).
     */
    record Figures(List<String> buckets, List<EventLine> eventTypes, Set<String> newEventTypes,
            Set<String> goneEventTypes, Map<String, List<Long>> objectEvents, Map<String, List<Long>> created,
            Map<String, Map<String, List<Long>>> active, Map<String, List<List<Long>>> retention,
            Map<String, Lifecycle> lifecycle, Map<String, Funnel> funnel) {

        Figures withLifecycleAndFunnel(Map<String, Lifecycle> lifecycle, Map<String, Funnel> funnel) {
            return new Figures(buckets, eventTypes, newEventTypes, goneEventTypes, objectEvents, created, active,
                    retention, lifecycle, funnel);
        }
    }

    record Start(String eventType, long objects) {
    }

    record Transition(String from, String to, long count) {
    }

    /** The lifecycle answer without the times; {@code from} and {@code to} as the route echoes the rounded range. */
    record Lifecycle(String from, String to, List<Start> starts, List<Transition> transitions,
            List<String> mainPath) {
    }

    /** A transition's p50, p90 and p99 in seconds (here: the exact nearest-rank values). */
    record Times(String from, String to, double p50, double p90, double p99) {
    }

    /**
     * A funnel step; conversions in billionths and the median in half milliseconds (the median of an even count is
     * a mean of two whole milliseconds), so that equal figures compare equal whatever the arithmetic's last bit.
     * {@code fromPrevious} is null when the previous step has no object (the contract leaves 0/0 open).
     */
    record FunnelStep(String eventType, long objects, long conversion, Long fromPrevious, Long medianHalfMillis) {
    }

    record Funnel(String from, String to, List<FunnelStep> steps) {
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
                created, active, retention, Map.of(), Map.of());
    }

    /** Each object's events in seq order (the order they were sent: one at a time, a batch in its order). */
    private static Map<String, List<Sent>> historyOf(Map<String, String> objectTypes, List<Sent> events) {
        Map<String, List<Sent>> history = new TreeMap<>();
        objectTypes.keySet().forEach(id -> history.put(id, new ArrayList<>()));
        for (Sent event : events) {
            for (String objectId : event.concerns()) {
                history.get(objectId).add(event);
            }
        }
        return history;
    }

    /** The range the lifecycle route takes: {@code from} down to the start of its hour, {@code to} up. */
    static Instant[] wholeHours(Instant from, Instant to) {
        Instant start = from.truncatedTo(ChronoUnit.HOURS);
        Instant end = to.truncatedTo(ChronoUnit.HOURS);
        return new Instant[] {start, end.equals(to) ? end : end.plus(Duration.ofHours(1))};
    }

    /** Starts, transitions and main path of {@code objectType} in [from, to) (already whole hours). */
    Lifecycle lifecycle(Map<String, String> objectTypes, List<Sent> events, String objectType, Instant from,
            Instant to) {
        Map<String, Long> starts = new TreeMap<>();
        Map<List<String>, Long> counts = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
        transitionTimes(objectTypes, events, objectType, from, to)
                .forEach((pair, times) -> counts.put(pair, (long) times.size()));
        historyOf(objectTypes, events).forEach((objectId, history) -> {
            if (objectTypes.get(objectId).equals(objectType) && !history.isEmpty()
                    && inRange(history.getFirst().time(), from, to)) {
                starts.merge(history.getFirst().type(), 1L, Long::sum);
            }
        });
        List<Start> startList = new ArrayList<>();
        starts.forEach((type, n) -> startList.add(new Start(type, n)));
        startList.sort(Comparator.comparingLong(Start::objects).reversed().thenComparing(Start::eventType));
        List<Transition> transitions = new ArrayList<>();
        counts.forEach((pair, n) -> transitions.add(new Transition(pair.get(0), pair.get(1), n)));
        transitions.sort(Comparator.comparingLong(Transition::count).reversed().thenComparing(Transition::from)
                .thenComparing(Transition::to));
        List<String> mainPath = new ArrayList<>();
        if (!startList.isEmpty()) {
            mainPath.add(startList.getFirst().eventType());
            while (true) {
                String last = mainPath.getLast();
                // The transitions are sorted by count, then target name: the first fitting one is the next step.
                String next = transitions.stream().filter(t -> t.from().equals(last) && !mainPath.contains(t.to()))
                        .map(Transition::to).findFirst().orElse(null);
                if (next == null) {
                    break;
                }
                mainPath.add(next);
            }
        }
        return new Lifecycle(label(from), label(to), startList, transitions, mainPath);
    }

    /** The exact nearest-rank p50, p90 and p99 of each transition's times, in the lifecycle's order. */
    List<Times> times(Map<String, String> objectTypes, List<Sent> events, String objectType, Instant from,
            Instant to) {
        Map<List<String>, List<Long>> all = transitionTimes(objectTypes, events, objectType, from, to);
        List<Times> out = new ArrayList<>();
        for (Transition t : lifecycle(objectTypes, events, objectType, from, to).transitions()) {
            List<Long> sorted = all.get(List.of(t.from(), t.to())).stream().sorted().toList();
            out.add(new Times(t.from(), t.to(), nearestRank(sorted, 50), nearestRank(sorted, 90),
                    nearestRank(sorted, 99)));
        }
        return out;
    }

    private static double nearestRank(List<Long> sortedMillis, int percentile) {
        int rank = (percentile * sortedMillis.size() + 99) / 100; // ceil(p/100 · n), at least 1 for n ≥ 1
        return sortedMillis.get(rank - 1) / 1000.0;
    }

    /** Per (from, to) type pair, the times in ms of the transitions whose second event is in the range. */
    private static Map<List<String>, List<Long>> transitionTimes(Map<String, String> objectTypes, List<Sent> events,
            String objectType, Instant from, Instant to) {
        Map<List<String>, List<Long>> times = new HashMap<>();
        historyOf(objectTypes, events).forEach((objectId, history) -> {
            if (!objectTypes.get(objectId).equals(objectType)) {
                return;
            }
            for (int i = 1; i < history.size(); i++) {
                Sent a = history.get(i - 1);
                Sent b = history.get(i);
                if (inRange(b.time(), from, to)) {
                    times.computeIfAbsent(List.of(a.type(), b.type()), k -> new ArrayList<>())
                            .add(Math.max(0, Duration.between(a.time(), b.time()).toMillis()));
                }
            }
        });
        return times;
    }

    /** The funnel of {@code steps} over objects of {@code objectType} entering in [from, to), first occurrences. */
    Funnel funnel(Map<String, String> objectTypes, List<Sent> events, String objectType, Instant from, Instant to,
            List<String> steps, Duration window) {
        long[] reached = new long[steps.size()];
        List<List<Long>> gaps = new ArrayList<>();
        steps.forEach(s -> gaps.add(new ArrayList<>()));
        historyOf(objectTypes, events).forEach((objectId, history) -> {
            if (!objectTypes.get(objectId).equals(objectType)) {
                return;
            }
            Map<String, Instant> first = new HashMap<>();
            for (Sent event : history) {
                first.merge(event.type(), event.time(), (x, y) -> x.isBefore(y) ? x : y);
            }
            Instant t1 = first.get(steps.getFirst());
            if (t1 == null || !inRange(t1, from, to)) {
                return;
            }
            reached[0]++;
            Instant previous = t1;
            for (int i = 1; i < steps.size(); i++) {
                Instant at = first.get(steps.get(i));
                if (at == null || at.isBefore(previous) || Duration.between(t1, at).compareTo(window) > 0) {
                    break;
                }
                reached[i]++;
                gaps.get(i).add(Duration.between(previous, at).toMillis());
                previous = at;
            }
        });
        List<FunnelStep> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            long conversion = reached[0] == 0 ? 0 : billionths((double) reached[i] / reached[0]);
            Long fromPrevious = i == 0 ? Long.valueOf(conversion)
                    : reached[i - 1] == 0 ? null : billionths((double) reached[i] / reached[i - 1]);
            List<Long> sorted = gaps.get(i).stream().sorted().toList();
            Long median = i == 0 || sorted.isEmpty() ? null
                    : sorted.size() % 2 == 1 ? 2 * sorted.get(sorted.size() / 2)
                    : sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2);
            out.add(new FunnelStep(steps.get(i), reached[i], conversion, fromPrevious, median));
        }
        return new Funnel(label(from), label(to), out);
    }

    static long billionths(double ratio) {
        return Math.round(ratio * 1e9);
    }

    private static boolean inRange(Instant t, Instant from, Instant to) {
        return !t.isBefore(from) && t.isBefore(to);
    }

    /** An instant as the routes echo it: with the project zone's offset at that instant. */
    String label(Instant t) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atZone(zone));
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
