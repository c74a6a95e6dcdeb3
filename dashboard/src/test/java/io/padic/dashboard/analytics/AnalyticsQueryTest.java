package io.padic.dashboard.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The pickers as they stand in a URL: defaults, what is refused, and the range platform-api is asked for. */
class AnalyticsQueryTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-12-03");

    @Test
    void withoutChoicesTheLast30DaysByDay() {
        AnalyticsQuery q = AnalyticsQuery.of("prj_1", "Europe/Lisbon", null, "", null, null, TODAY);
        assertEquals(LocalDate.parse("2026-11-04"), q.from());
        assertEquals(TODAY, q.to());
        assertEquals("day", q.interval());
        assertEquals("2026-12-04", q.apiTo(), "platform-api's to is exclusive");
        assertEquals("Europe/Lisbon", q.timeZone());
        assertTrue(q.errors().isEmpty());
    }

    @Test
    void unreadableChoicesFallBackAndAreNamed() {
        AnalyticsQuery q = AnalyticsQuery.of("prj_1", "Not/AZone", "yesterday", "2026-12-01", "fortnight",
                "<b>order</b>", TODAY);
        assertEquals("UTC", q.timeZone());
        assertEquals(LocalDate.parse("2026-11-02"), q.from());
        assertEquals("day", q.interval());
        assertTrue(q.errors().has("from") && q.errors().has("interval"));
        assertEquals("from=2026-11-02&to=2026-12-01&interval=day&objectType=%3Cb%3Eorder%3C%2Fb%3E", q.query());
    }

    @Test
    void hoursOverAYearAreRefused() {
        AnalyticsQuery q = AnalyticsQuery.of("prj_1", "UTC", "2025-12-01", "2026-12-01", "hour", null, TODAY);
        assertEquals("day", q.interval());
        assertTrue(q.errors().has("interval"));
    }
}
