package io.padic.api.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.padic.api.analytics.AnomalyFlags.Flag;
import io.padic.api.analytics.anomalies.Share;
import io.padic.api.common.ApiProblem;
import io.padic.api.projects.Project;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The anomaly flags of a project, newest bucket first, and how many are open (flagged in the last 7 days), read from
 * the days' flag documents by id (docs/design.md#analytics).
 */
@ApplicationScoped
public class AnomalyService {

    /** The last days whose flags count as open: the project home shows them. */
    static final int OPEN_DAYS = 7;
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final Duration MAX_RANGE = Duration.ofDays(400);

    private final AnalyticsScopes scopes;
    private final AnomalyFlags flags;

    public AnomalyService(AnalyticsScopes scopes, AnomalyFlags flags) {
        this.scopes = scopes;
        this.flags = flags;
    }

    /** One flag. {@code eventType} for an {@code events} series, {@code objectType} for an {@code active} one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Anomaly(String id, String series, String kind, String interval, String eventType, String objectType,
            String bucket, String bucketEnd, double expected, double actual, double score, List<Share> explanation,
            String flaggedAt) {
    }

    public record Anomalies(String timeZone, long open, boolean building, List<Anomaly> anomalies) {
    }

    public Anomalies list(Project project, String fromText, String toText, String series, String limitText) {
        AnalyticsScope scope = scopes.find(project.id)
                .orElseGet(() -> new AnalyticsScope(project.id, 1, project.zone(), false));
        ZoneId zone = scope.zone();
        int limit = limit(limitText);
        if (series != null && !validSeries(series)) {
            throw ApiProblem.invalid("series", "must be events:<event type> or active:<object type>");
        }
        LocalDate today = LocalDate.now(zone);
        Instant to = toText == null ? today.plusDays(1).atStartOfDay(zone).toInstant()
                : AnalyticsService.instant("to", toText, zone);
        Instant from = fromText == null ? to.atZone(zone).minusDays(OPEN_DAYS).toInstant()
                : AnalyticsService.instant("from", fromText, zone);
        if (!from.isBefore(to)) {
            throw ApiProblem.invalid("from", "must be before 'to' (which is exclusive)");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw ApiProblem.invalid("to", "the range is longer than " + MAX_RANGE.toDays() + " days; choose a shorter"
                    + " range");
        }
        Set<LocalDate> days = new TreeSet<>();
        for (LocalDate day = from.atZone(zone).toLocalDate(); !day.isAfter(to.minusNanos(1).atZone(zone).toLocalDate());
                day = day.plusDays(1)) {
            days.add(day);
        }
        LocalDate openFrom = today.minusDays(OPEN_DAYS - 1);
        for (LocalDate day = openFrom; !day.isAfter(today); day = day.plusDays(1)) {
            days.add(day);
        }
        List<Flag> all = flags.list(scope.key(), days);
        long openSince = openFrom.atStartOfDay(zone).toEpochSecond();
        long open = all.stream().filter(f -> f.start() >= openSince).count();
        List<Anomaly> listed = all.stream()
                .filter(f -> f.start() >= from.getEpochSecond() && f.start() < to.getEpochSecond())
                .filter(f -> series == null || series.equals(f.series()))
                .sorted(Comparator.comparingLong(Flag::start).reversed()
                        .thenComparing(f -> f.interval() == Interval.HOUR)
                        .thenComparing(Flag::series))
                .limit(limit)
                .map(f -> anomaly(scope, f))
                .toList();
        return new Anomalies(zone.getId(), open, scope.building(), new ArrayList<>(listed));
    }

    private static boolean validSeries(String series) {
        return (series.startsWith(SeriesObservations.EVENTS) && series.length() > SeriesObservations.EVENTS.length())
                || (series.startsWith(SeriesObservations.ACTIVE) && series.length() > SeriesObservations.ACTIVE.length());
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.invalid("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }

    private static Anomaly anomaly(AnalyticsScope scope, Flag flag) {
        boolean events = flag.series().startsWith(SeriesObservations.EVENTS);
        String name = flag.series().substring((events ? SeriesObservations.EVENTS : SeriesObservations.ACTIVE).length());
        DateTimeFormatter format = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        return new Anomaly(scope.key() + "/" + flag.series() + "/" + flag.interval().json() + "/" + flag.start(),
                flag.series(), events ? "events" : "active", flag.interval().json(), events ? name : null,
                events ? null : name, format.format(Instant.ofEpochSecond(flag.start()).atZone(scope.zone())),
                format.format(Instant.ofEpochSecond(flag.end()).atZone(scope.zone())), flag.expected(), flag.actual(),
                flag.score(), flag.explanation(), DateTimeFormatter.ISO_INSTANT.format(flag.flaggedAt()));
    }
}
