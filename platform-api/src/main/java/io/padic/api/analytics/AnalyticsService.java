package io.padic.api.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.padic.api.analytics.CounterDocument.BucketCounts;
import io.padic.api.analytics.CounterDocument.Figure;
import io.padic.api.audit.Actor;
import io.padic.api.audit.AuditAction;
import io.padic.api.audit.AuditLog;
import io.padic.api.audit.Target;
import io.padic.api.common.ApiProblem;
import io.padic.api.journal.ObjectDirectory;
import io.padic.api.projects.Project;
import jakarta.enterprise.context.ApplicationScoped;
import io.padic.api.analytics.Deltas.Bucket;
import java.time.Clock;
import java.time.Duration;
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

    /** The longest range of the lifecycle and the funnel, which read the buckets or days of the whole range. */
    public static final Duration MAX_RANGE = Duration.ofDays(400);
    /** The most steps of a funnel. */
    public static final int MAX_STEPS = 8;
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
    public static final Duration MAX_WINDOW = Duration.ofDays(366);

    private final CounterRepository counters;
    private final FunnelEntries funnels;
    private final AnalyticsScopes scopes;
    private final AnalyticsBuilds builds;
    private final ObjectDirectory directory;
    private final Clock clock;
    private final AuditLog audit;

    public AnalyticsService(CounterRepository counters, FunnelEntries funnels, AnalyticsScopes scopes,
            AnalyticsBuilds builds, ObjectDirectory directory, AuditLog audit) {
        this.audit = audit;
        this.counters = counters;
        this.funnels = funnels;
        this.scopes = scopes;
        this.builds = builds;
        this.directory = directory;
        this.clock = Clock.systemUTC();
    }

    public record EventTypeSeries(String name, List<Long> counts, long total, long previousTotal) {
    }

    public record ObjectTypeSeries(String name, List<Long> events, List<Long> created) {
    }

    /** {@code building}: the rollups are being built from the stored events; figures may still grow. */
    public record Overview(String timeZone, String interval, boolean building, List<String> buckets,
            List<EventTypeSeries> eventTypes, List<ObjectTypeSeries> objectTypes, List<String> newEventTypes,
            List<String> goneEventTypes) {
    }

    /** Dormant objects are negative numbers, drawn below the axis. */
    public record Active(String objectType, String interval, boolean building, List<String> buckets, List<Long> active,
            @JsonProperty("new") List<Long> newObjects, List<Long> returning, List<Long> resurrected,
            List<Long> dormant) {
    }

    /** One cohort: the objects whose first event is in the bucket starting at {@code start}. */
    public record Cohort(String start, long size, List<Long> retained) {
    }

    /** {@code retained[k]}: objects of the cohort active k buckets after its own, up to the end of the range. */
    public record Retention(String objectType, String interval, boolean building, List<Cohort> cohorts) {
    }

    /** Objects of the type whose first event, of {@code eventType}, falls in the range. */
    public record Start(String eventType, long objects) {
    }

    /** Consecutive events {@code from}, {@code to} of one object, the second in the range; times within 1%. */
    public record TransitionFigures(String from, String to, long count, double p50Seconds, double p90Seconds,
            double p99Seconds) {
    }

    public record Lifecycle(String objectType, String from, String to, boolean building, List<Start> starts,
            List<TransitionFigures> transitions, List<String> mainPath) {
    }

    /**
     * One funnel step: objects that reached it, their share of those that entered and of those that reached the
     * step before, and the median time from the step before (null for the first step or when none reached it).
     */
    public record Step(String eventType, long objects, double conversion, double conversionFromPrevious,
            Double medianSecondsFromPrevious) {
    }

    public record Funnel(String objectType, String from, String to, String window, boolean building,
            List<Step> steps) {
    }

    /** The buckets asked for: {@code from} (a date or an instant) to {@code to}, exclusive. */
    record Range(ZoneId zone, Interval interval, List<Long> starts) {

        List<String> labels() {
            DateTimeFormatter format = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
            return starts.stream().map(start -> format.format(Instant.ofEpochSecond(start).atZone(zone))).toList();
        }
    }

    public Overview overview(Project project, String from, String to, String interval) {
        AnalyticsScope scope = scope(project);
        Range range = range(scope.zone(), from, to, interval);
        List<Long> previous = previous(range);
        List<Long> all = new ArrayList<>(previous);
        all.addAll(range.starts());
        Map<Long, BucketCounts> counts = counters.counts(scope.key(), range.interval(), all);
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
        return new Overview(range.zone().getId(), range.interval().json(), scope.building(), range.labels(),
                eventSeries, objectSeries, newTypes, goneTypes);
    }

    public Active active(Project project, String objectType, String from, String to, String interval) {
        requireObjectType(project, objectType);
        AnalyticsScope scope = scope(project);
        Range range = range(scope.zone(), from, to, interval);
        Map<Long, BucketCounts> counts = counters.counts(scope.key(), range.interval(), range.starts());
        List<Long> starts = range.starts();
        return new Active(objectType, range.interval().json(), scope.building(), range.labels(),
                series(starts, counts, b -> b.figure(objectType, Figure.ACTIVE)),
                series(starts, counts, b -> b.figure(objectType, Figure.NEW)),
                series(starts, counts, b -> b.figure(objectType, Figure.RETURNING)),
                series(starts, counts, b -> b.figure(objectType, Figure.RESURRECTED)),
                series(starts, counts, b -> -b.figure(objectType, Figure.DORMANT)));
    }

    public Retention retention(Project project, String objectType, String from, String to, String interval) {
        requireObjectType(project, objectType);
        AnalyticsScope scope = scope(project);
        Range range = range(scope.zone(), from, to, interval);
        if (range.starts().size() > MAX_COHORTS) {
            throw ApiProblem.invalid("to", "the range holds more than " + MAX_COHORTS + " " + range.interval().json()
                    + " buckets, the most cohorts one answer holds; choose a shorter range or a longer interval");
        }
        Map<Long, BucketCounts> counts = counters.countsWithRetention(scope.key(), range.interval(), range.starts());
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
        return new Retention(objectType, range.interval().json(), scope.building(), cohorts);
    }

    public Lifecycle lifecycle(Project project, String objectType, String fromText, String toText) {
        requireObjectType(project, objectType);
        return lifecycle(scope(project), objectType, fromText, toText);
    }

    private Lifecycle lifecycle(AnalyticsScope scope, String objectType, String fromText, String toText) {
        Instant[] bounds = longRange(scope.zone(), fromText, toText);
        long from = Interval.HOUR.start(bounds[0], scope.zone());
        long to = Interval.HOUR.start(bounds[1], scope.zone());
        if (to < bounds[1].getEpochSecond() || bounds[1].getNano() > 0) {
            to = Interval.HOUR.next(to, scope.zone()); // rounded up to the next whole hour
        }
        LifecycleFigures figures = LifecycleFigures.of(counters.lifecycle(scope.key(), objectType,
                cover(from, to, scope.zone())));
        return new Lifecycle(objectType, label(from, scope.zone()), label(to, scope.zone()), scope.building(),
                figures.starts(), figures.transitions(), figures.mainPath());
    }

    public Funnel funnel(Project project, String objectType, String stepsText, String fromText, String toText,
            String windowText) {
        requireObjectType(project, objectType);
        AnalyticsScope scope = scope(project);
        Instant[] bounds = longRange(scope.zone(), fromText, toText);
        Duration window = window(windowText);
        List<String> steps = stepsText == null
                ? defaultSteps(lifecycle(scope, objectType, fromText, toText).mainPath()) : steps(stepsText);
        long fromMillis = bounds[0].toEpochMilli();
        long toMillis = bounds[1].toEpochMilli();
        List<Long> weeks = new ArrayList<>();
        for (long week = FunnelEntries.week(fromMillis); week <= FunnelEntries.week(toMillis - 1); week++) {
            weeks.add(week);
        }
        List<Map<String, Long>> entered = funnels.entered(scope.key(), objectType, steps.getFirst(), weeks);
        FunnelFigures figures = FunnelFigures.of(steps, entered, fromMillis, toMillis, window.toMillis());
        DateTimeFormatter format = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        return new Funnel(objectType, format.format(bounds[0].atZone(scope.zone())),
                format.format(bounds[1].atZone(scope.zone())), window.toString(), scope.building(), figures.steps());
    }

    /** Starts a rebuild of the project's rollups from its events (in the background), on {@code actor}'s word. */
    public void rebuild(Project project, Actor actor) {
        builds.rebuild(project);
        audit.record(project.tenantId, actor, AuditAction.ANALYTICS_REBUILD_STARTED,
                Target.project(project.id, project.name));
    }

    /** The project's current rollups; a project analytics never counted has none yet (nothing to count). */
    private AnalyticsScope scope(Project project) {
        return scopes.find(project.id).orElseGet(() -> new AnalyticsScope(project.id, 1, project.zone(), false));
    }

    /**
     * Months, weeks, days and hours that cover [from, to) (bucket starts), the coarsest that fit, a month before
     * the weeks that would cross into it: about 25 bucket documents for 90 days.
     */
    static List<Bucket> cover(long from, long to, ZoneId zone) {
        List<Bucket> out = new ArrayList<>();
        long at = from;
        while (at < to) {
            Interval interval = Interval.HOUR;
            if (fits(Interval.MONTH, at, to, zone)) {
                interval = Interval.MONTH;
            } else if (fits(Interval.WEEK, at, to, zone) && !crossesAWholeMonth(at, to, zone)) {
                interval = Interval.WEEK;
            } else if (fits(Interval.DAY, at, to, zone)) {
                interval = Interval.DAY;
            }
            out.add(new Bucket(interval, at));
            at = interval.next(at, zone);
        }
        return out;
    }

    private static boolean fits(Interval interval, long at, long to, ZoneId zone) {
        return interval.start(Instant.ofEpochSecond(at), zone) == at && interval.next(at, zone) <= to;
    }

    /** Whether the week from {@code at} reaches into a month that lies wholly before {@code to}. */
    private static boolean crossesAWholeMonth(long at, long to, ZoneId zone) {
        long month = Interval.MONTH.next(Interval.MONTH.start(Instant.ofEpochSecond(at), zone), zone);
        return month < Interval.WEEK.next(at, zone) && Interval.MONTH.next(month, zone) <= to;
    }

    private static List<String> defaultSteps(List<String> mainPath) {
        if (mainPath.isEmpty()) {
            throw ApiProblem.invalid("steps", "no object of this type started in the range, so there is no main path"
                    + " to default to; name the steps (steps=a,b,c)");
        }
        return mainPath.subList(0, Math.min(MAX_STEPS, mainPath.size()));
    }

    private static List<String> steps(String text) {
        List<String> steps = new ArrayList<>();
        for (String step : text.split(",", -1)) {
            String name = step.trim();
            if (name.isEmpty()) {
                throw ApiProblem.invalid("steps", "holds an empty event type name; give event types separated by commas");
            }
            if (steps.contains(name)) {
                throw ApiProblem.invalid("steps", "names '" + name + "' twice; each step is a different event type");
            }
            steps.add(name);
        }
        if (steps.size() > MAX_STEPS) {
            throw ApiProblem.invalid("steps", "has " + steps.size() + " steps; a funnel has at most " + MAX_STEPS);
        }
        return steps;
    }

    private static Duration window(String text) {
        if (text == null) {
            return DEFAULT_WINDOW;
        }
        Duration window;
        try {
            window = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid("window", "must be an ISO-8601 duration in days, hours, minutes or seconds, such"
                    + " as P30D or PT12H");
        }
        if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
            throw ApiProblem.invalid("window", "must be more than zero and at most P366D");
        }
        return window;
    }

    private static String label(long epochSecond, ZoneId zone) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochSecond(epochSecond).atZone(zone));
    }

    /** [from, to) of a lifecycle or funnel: at most {@link #MAX_RANGE}. */
    private Instant[] longRange(ZoneId zone, String fromText, String toText) {
        Instant[] bounds = bounds(zone, fromText, toText);
        if (Duration.between(bounds[0], bounds[1]).compareTo(MAX_RANGE) > 0) {
            throw ApiProblem.invalid("to", "the range is longer than " + MAX_RANGE.toDays()
                    + " days, the longest a lifecycle or funnel covers; choose a shorter range");
        }
        return bounds;
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
        Instant[] bounds = bounds(zone, fromText, toText);
        Instant from = bounds[0];
        Instant to = bounds[1];
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

    /** [from, to): by default the 30 days up to the end of today in the zone. */
    private Instant[] bounds(ZoneId zone, String fromText, String toText) {
        Instant to = toText == null ? LocalDate.now(clock.withZone(zone)).plusDays(1).atStartOfDay(zone).toInstant()
                : instant("to", toText, zone);
        Instant from = fromText == null ? to.atZone(zone).minusDays(DEFAULT_DAYS).toInstant()
                : instant("from", fromText, zone);
        if (!from.isBefore(to)) {
            throw ApiProblem.invalid("from", "must be before 'to' (which is exclusive)");
        }
        return new Instant[] {from, to};
    }

    /** A date (the start of that day in the project's zone) or an instant with an offset. */
    static Instant instant(String parameter, String text, ZoneId zone) {
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
