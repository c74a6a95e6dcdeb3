package io.padic.api.analytics;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;

/**
 * The buckets of analytics, aligned in the project's time zone (docs/design.md#analytics). A bucket is named
 * by its first second (epoch seconds). An hour is a local clock hour: a day of 23 or 25 hours at a DST change
 * has 23 or 25 of them, and the repeated hour of an autumn change is two buckets.
 */
public enum Interval {
    HOUR, DAY, WEEK, MONTH;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Interval> parse(String value) {
        for (Interval interval : values()) {
            if (interval.json().equals(value)) {
                return Optional.of(interval);
            }
        }
        return Optional.empty();
    }

    /** The first second of the bucket that holds {@code at}. */
    public long start(Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        ZonedDateTime start = switch (this) {
            // Truncating keeps the offset where the local hour occurs twice, so both are buckets of their own.
            case HOUR -> local.truncatedTo(ChronoUnit.HOURS);
            case DAY -> local.toLocalDate().atStartOfDay(zone);
            case WEEK -> local.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(zone);
            case MONTH -> local.toLocalDate().withDayOfMonth(1).atStartOfDay(zone);
        };
        return start.toEpochSecond();
    }

    /** The first second of the bucket after the one starting at {@code start}. */
    public long next(long start, ZoneId zone) {
        ZonedDateTime local = Instant.ofEpochSecond(start).atZone(zone);
        ZonedDateTime next = switch (this) {
            case HOUR -> local.plusHours(1);
            case DAY -> local.toLocalDate().plusDays(1).atStartOfDay(zone);
            case WEEK -> local.toLocalDate().plusWeeks(1).atStartOfDay(zone);
            case MONTH -> local.toLocalDate().plusMonths(1).atStartOfDay(zone);
        };
        return start(next.toInstant(), zone);
    }

    /**
     * How many buckets the one starting at {@code to} comes after the one starting at {@code from}. Hours are
     * counted on the time line, exact in zones whose offsets change by whole hours (all but Lord Howe's).
     */
    public long steps(long from, long to, ZoneId zone) {
        return switch (this) {
            case HOUR -> Math.floorDiv(to - from, 3600);
            case DAY -> ChronoUnit.DAYS.between(date(from, zone), date(to, zone));
            case WEEK -> ChronoUnit.WEEKS.between(date(from, zone), date(to, zone));
            case MONTH -> ChronoUnit.MONTHS.between(date(from, zone), date(to, zone));
        };
    }

    private static LocalDate date(long start, ZoneId zone) {
        return Instant.ofEpochSecond(start).atZone(zone).toLocalDate();
    }

    /** The first second of the bucket before the one starting at {@code start}. */
    public long previous(long start, ZoneId zone) {
        return start(Instant.ofEpochSecond(start - 1), zone);
    }
}
