package io.padic.api.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.padic.api.analytics.CounterDocument.BucketCounts;
import io.padic.api.analytics.CounterDocument.Figure;
import io.padic.api.common.ApiProblem;
import io.padic.api.journal.ObjectDirectory;
import io.padic.api.projects.Project;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * The analytics routes' answers, from the counters of the buckets asked for (one {@code $in} of computed ids,
 * however many events the project holds) (docs/design.md#analytics).
 */
@ApplicationScoped
public class AnalyticsService {

    /** The most buckets one answer holds: 10 years of days, about 5 months of hours. */
    public static final int MAX_BUCKETS = 3660;
    /** The most cohorts of one retention answer (it holds about half the square of this many numbers). */
    public static final int MAX_COHORTS = 400;
    private static final int DEFAULT_DAYS = 30;

    private final CounterRepository counters;
    private final ObjectDirectory directory;
    private final Clock clock;

    public AnalyticsService(CounterRepository counters, ObjectDirectory directory) {
        this.counters = counters;
        this.directory = directory;
        this.clock = Clock.systemUTC();
    }

    public record EventTypeSeries(String name, List<Long> counts, long total, long previousTotal) {
    }

    public record ObjectTypeSeries(String name, List<Long> events, List<Long> created) {
    }

    public record Overview(String timeZone, String interval, List<String> buckets, List<EventTypeSeries> eventTypes,
            List<ObjectTypeSeries> objectTypes, List<String> newEventTypes, List<String> goneEventTypes) {
    }

    /** Dormant objects are negative numbers, drawn below the axis. */
    public record Active(String objectType, String interval, List<String> buckets, List<Long> active,
            @JsonProperty("new") List<Long> newObjects, List<Long> returning, List<Long> resurrected,
            List<Long> dormant) {
    }

    /** One cohort: the objects whose first event is in the bucket starting at {@code start}. */
    public record Cohort(String start, long size, List<Long> retained) {
    }

    /** {@code retained[k]}: objects of the cohort active k buckets after its own, up to the end of the range. */
    public record Retention(String objectType, String interval, List<Cohort> cohorts) {
    }

    /** The buckets asked for: {@code from} (a date or an instant) to {@code to}, exclusive. */
    record Range(ZoneId zone, Interval interval, List<Long> starts) {

        List<String> labels() {
            DateTimeFormatter format = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
            return starts.stream().map(start -> format.format(Instant.ofEpochSecond(start).atZone(zone))).toList();
        }
    }

    public Overview overview(Project project, String from, String to, String interval) {
        Range range = range(project.zone(), from, to, interval);
        List<Long> previous = previous(range);
        List<Long> all = new ArrayList<>(previous);
        all.addAll(range.starts());
        Map<Long, BucketCounts> counts = counters.counts(project.id, range.interval(), all);
        TreeSet<String> eventTypes = new TreeSet<>();
        TreeSet<String> objectTypes = new TreeSet<>();
        for (long start : all) {
            counts.getOrDefault(start, BucketCounts.EMPTY).events().forEach((type, n) -> {
                if (n != 0) {
                    eventTypes.add(type);
                }
            });
        }
        for (long start : range.starts()) {
            objectTypes.addAll(counts.getOrDefault(start, BucketCounts.EMPTY).objects().keySet());
        }
        List<EventTypeSeries> eventSeries = new ArrayList<>();
        List<String> newTypes = new ArrayList<>();
        List<String> goneTypes = new ArrayList<>();
        for (String type : eventTypes) {
            List<Long> series = series(range.starts(), counts, bucket -> bucket.events().getOrDefault(type, 0L));
            long total = series.stream().mapToLong(Long::longValue).sum();
            long previousTotal = series(previous, counts, bucket -> bucket.events().getOrDefault(type, 0L))
                    .stream().mapToLong(Long::longValue).sum();
            eventSeries.add(new EventTypeSeries(type, series, total, previousTotal));
            if (total > 0 && previousTotal == 0) {
                newTypes.add(type);
            } else if (total == 0 && previousTotal > 0) {
                goneTypes.add(type);
            }
        }
        eventSeries.sort(Comparator.comparingLong(EventTypeSeries::total).reversed()
                .thenComparing(EventTypeSeries::name));
        List<ObjectTypeSeries> objectSeries = new ArrayList<>();
        for (String type : objectTypes) {
            objectSeries.add(new ObjectTypeSeries(type,
                    series(range.starts(), counts, bucket -> bucket.figure(type, Figure.EVENTS)),
                    series(range.starts(), counts, bucket -> bucket.figure(type, Figure.NEW))));
        }
        return new Overview(range.zone().getId(), range.interval().json(), range.labels(), eventSeries, objectSeries,
                newTypes, goneTypes);
    }

    public Active active(Project project, String objectType, String from, String to, String interval) {
        requireObjectType(project, objectType);
        Range range = range(project.zone(), from, to, interval);
        Map<Long, BucketCounts> counts = counters.counts(project.id, range.interval(), range.starts());
        List<Long> starts = range.starts();
        return new Active(objectType, range.interval().json(), range.labels(),
                series(starts, counts, b -> b.figure(objectType, Figure.ACTIVE)),
                series(starts, counts, b -> b.figure(objectType, Figure.NEW)),
                series(starts, counts, b -> b.figure(objectType, Figure.RETURNING)),
                series(starts, counts, b -> b.figure(objectType, Figure.RESURRECTED)),
                series(starts, counts, b -> -b.figure(objectType, Figure.DORMANT)));
    }

    public Retention retention(Project project, String objectType, String from, String to, String interval) {
        requireObjectType(project, objectType);
        Range range = range(project.zone(), from, to, interval);
        if (range.starts().size() > MAX_COHORTS) {
            throw ApiProblem.invalid("to", "the range holds more than " + MAX_COHORTS + " " + range.interval().json()
                    + " buckets, the most cohorts one answer holds; choose a shorter range or a longer interval");
        }
        Map<Long, BucketCounts> counts = counters.counts(project.id, range.interval(), range.starts());
        List<String> labels = range.labels();
        List<Cohort> cohorts = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            BucketCounts cohort = counts.getOrDefault(range.starts().get(i), BucketCounts.EMPTY);
            List<Long> retained = new ArrayList<>(labels.size() - i);
            for (long k = 0; k < labels.size() - i; k++) {
                retained.add(cohort.retained(objectType, k));
            }
            cohorts.add(new Cohort(labels.get(i), retained.getFirst(), retained));
        }
        return new Retention(objectType, range.interval().json(), cohorts);
    }

    private void requireObjectType(Project project, String objectType) {
        if (objectType == null || objectType.isBlank()) {
            throw ApiProblem.invalid("objectType", "is required");
        }
        if (directory.count(project.id, objectType) == 0) {
            throw ApiProblem.invalid("objectType", "no object of this project has type '" + objectType + "'");
        }
    }

    private static List<Long> series(List<Long> starts, Map<Long, BucketCounts> counts,
            ToLongFunction<BucketCounts> figure) {
        List<Long> out = new ArrayList<>(starts.size());
        for (long start : starts) {
            out.add(figure.applyAsLong(counts.getOrDefault(start, BucketCounts.EMPTY)));
        }
        return out;
    }

    /** As many buckets as the range has, right before it. */
    private static List<Long> previous(Range range) {
        List<Long> out = new ArrayList<>(range.starts().size());
        long start = range.starts().getFirst();
        for (int i = 0; i < range.starts().size(); i++) {
            start = range.interval().previous(start, range.zone());
            out.addFirst(start);
        }
        return out;
    }

    Range range(ZoneId zone, String fromText, String toText, String intervalText) {
        Interval interval = intervalText == null ? Interval.DAY : Interval.parse(intervalText).orElseThrow(
                () -> ApiProblem.invalid("interval", "must be one of hour, day, week, month"));
        Instant to = toText == null ? LocalDate.now(clock.withZone(zone)).plusDays(1).atStartOfDay(zone).toInstant()
                : instant("to", toText, zone);
        Instant from = fromText == null ? to.atZone(zone).minusDays(DEFAULT_DAYS).toInstant()
                : instant("from", fromText, zone);
        if (!from.isBefore(to)) {
            throw ApiProblem.invalid("from", "must be before 'to' (which is exclusive)");
        }
        List<Long> starts = new ArrayList<>();
        long end = to.getEpochSecond() + (to.getNano() > 0 ? 1 : 0);
        for (long start = interval.start(from, zone); start < end; start = interval.next(start, zone)) {
            if (starts.size() == MAX_BUCKETS) {
                throw ApiProblem.invalid("to", "the range holds more than " + MAX_BUCKETS + " " + interval.json()
                        + " buckets; choose a shorter range or a longer interval");
            }
            starts.add(start);
        }
        return new Range(zone, interval, starts);
    }

    /** A date (the start of that day in the project's zone) or an instant with an offset. */
    private static Instant instant(String parameter, String text, ZoneId zone) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(zone).toInstant();
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(parameter, "must be a date (2026-03-01) or an instant with an offset"
                    + " (2026-03-01T10:00:00Z)");
        }
    }
}
