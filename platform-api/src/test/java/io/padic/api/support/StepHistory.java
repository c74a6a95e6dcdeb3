package io.padic.api.support;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A history for the anomaly check: {@code checkout} events of carts {@code cart-0..4} at one local hour of one weekday,
 * every week for eight weeks up to yesterday, 45 from France and 15 from Germany (all on plan "pro"); the France
 * segment drops to nothing in the newest week (the step to flag) and in the second oldest (too little history then).
 */
public record StepHistory(ZoneId zone, LocalDate day, int hour) {

    public static final int WEEKS = 8;
    public static final int FRANCE = 45;
    public static final int GERMANY = 15;
    public static final List<String> CARTS = List.of("cart-0", "cart-1", "cart-2", "cart-3", "cart-4");

    public static StepHistory endingYesterday(ZoneId zone) {
        return new StepHistory(zone, LocalDate.now(zone).minusDays(1), 14);
    }

    /** The newest week's events: only Germany's. */
    public List<Map<String, ?>> newestWeek() {
        return week(0);
    }

    /** The seven weeks before, sent late (backfilled). */
    public List<Map<String, ?>> earlierWeeks() {
        List<Map<String, ?>> out = new ArrayList<>();
        for (int weeks = 1; weeks < WEEKS; weeks++) {
            out.addAll(week(weeks));
        }
        return out;
    }

    /** France's events of the newest week, arriving late: the step is gone. */
    public List<Map<String, ?>> newestWeekFrance() {
        return events(0, "FR", FRANCE);
    }

    private List<Map<String, ?>> week(int weeksBack) {
        List<Map<String, ?>> out = new ArrayList<>(events(weeksBack, "DE", GERMANY));
        if (weeksBack != 0 && weeksBack != WEEKS - 2) {
            out.addAll(events(weeksBack, "FR", FRANCE));
        }
        return out;
    }

    private List<Map<String, ?>> events(int weeksBack, String country, int count) {
        ZonedDateTime start = start(weeksBack);
        List<Map<String, ?>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(Map.of("type", "checkout", "concerns", CARTS.get(i % CARTS.size()),
                    "occurredAt", start.plusSeconds(60L * i + (country.equals("FR") ? 30 : 0)).toInstant().toString(),
                    "metaData", Map.of("country", country, "plan", "pro")));
        }
        return out;
    }

    private ZonedDateTime start(int weeksBack) {
        return day.minusWeeks(weeksBack).atTime(hour, 0).atZone(zone);
    }

    /** The flagged hour's bucket as the routes write it. */
    public String hourBucket() {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(start(0));
    }

    /** When the flagged hour closes. */
    public Instant hourEnd() {
        return start(0).plusHours(1).toInstant();
    }

    public String dayBucket() {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(day.atStartOfDay(zone));
    }

    /** A range that holds the whole history. */
    public String query() {
        return "from=" + day.minusWeeks(WEEKS) + "&to=" + day.plusDays(1);
    }
}
