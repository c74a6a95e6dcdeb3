package io.padic.api.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.padic.api.analytics.Deltas.Bucket;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A lifecycle range is read from the coarsest buckets that fit in it (docs/design.md#analytics): what they cover is
 * exactly the range, in the project's zone, however its edges fall.
 */
class LifecycleRangeCoverTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private static long at(String instant) {
        return Instant.parse(instant).getEpochSecond();
    }

    private static String describe(List<Bucket> buckets) {
        StringBuilder out = new StringBuilder();
        for (Bucket bucket : buckets) {
            out.append(bucket.interval().json()).append(' ')
                    .append(Instant.ofEpochSecond(bucket.start()).atZone(LONDON).toLocalDateTime()).append('\n');
        }
        return out.toString();
    }

    @Test
    void edgesAreHoursThenDaysThenWholeMonthsThenDaysThenHours() {
        // 22:00 on Feb 27 (London = UTC in winter) to 02:00 on Apr 2 (BST): 2 hours, Feb 28, March, Apr 1, 2 hours.
        List<Bucket> cover = AnalyticsService.cover(at("2026-02-27T22:00:00Z"), at("2026-04-02T01:00:00Z"), LONDON);
        assertEquals("""
                hour 2026-02-27T22:00
                hour 2026-02-27T23:00
                day 2026-02-28T00:00
                month 2026-03-01T00:00
                day 2026-04-01T00:00
                hour 2026-04-02T00:00
                hour 2026-04-02T01:00
                """, describe(cover));
    }

    @Test
    void wholeWeeksFromMondayInsideAMonth() {
        List<Bucket> cover = AnalyticsService.cover(at("2026-03-02T00:00:00Z"), at("2026-03-18T00:00:00Z"),
                ZoneId.of("UTC"));
        assertEquals(List.of(new Bucket(Interval.WEEK, at("2026-03-02T00:00:00Z")),
                new Bucket(Interval.WEEK, at("2026-03-09T00:00:00Z")),
                new Bucket(Interval.DAY, at("2026-03-16T00:00:00Z")),
                new Bucket(Interval.DAY, at("2026-03-17T00:00:00Z"))), cover);
    }

    @Test
    void theDayTheClocksGoForwardIsOneDayBucketOfTwentyThreeHours() {
        long from = at("2026-03-29T00:00:00Z"); // midnight in London, still GMT
        long to = at("2026-03-29T23:00:00Z"); // the next midnight, in BST
        assertEquals(List.of(new Bucket(Interval.DAY, from)), AnalyticsService.cover(from, to, LONDON));
        assertEquals(22, AnalyticsService.cover(from, to - 3600, LONDON).size()); // 00:00, then 02:00 to 22:00
    }

    @Test
    void aRangeOfNinetyDaysNeedsFortyBuckets() {
        List<Bucket> cover = AnalyticsService.cover(at("2026-01-15T13:00:00Z"), at("2026-04-15T09:00:00Z"),
                ZoneId.of("UTC"));
        long covered = 0;
        for (Bucket bucket : cover) {
            covered += bucket.interval().next(bucket.start(), ZoneId.of("UTC")) - bucket.start();
        }
        assertEquals(at("2026-04-15T09:00:00Z") - at("2026-01-15T13:00:00Z"), covered);
        // Jan 15 13:00-24:00, Jan 16-18, the week from Monday Jan 19, Jan 26-31 (the next week would cross into
        // February), February, March, Apr 1-5, the week from Monday Apr 6, Apr 13-14, Apr 15 00:00-09:00.
        assertEquals(11 + 3 + 1 + 6 + 2 + 5 + 1 + 2 + 9, cover.size());
    }
}
