package io.padic.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.bench.Acceptance.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class AnalyticsTargetsTest {

    private final AnalyticsTargets targets = new AnalyticsTargets(10_000, 1_000_000);

    /** {@code requests} batches of 500 in {@code seconds}. */
    private static Measurement window(long requests, double seconds) {
        Histogram latencies = new Histogram(Duration.ofMinutes(1).toNanos(), 3);
        latencies.recordValueWithCount(Duration.ofMillis(100).toNanos(), requests);
        return new Measurement("w", 8, latencies, 0, null, (long) (seconds * 1e9), Duration.ZERO, Duration.ZERO,
                Duration.ZERO, 0, 1, Map.of()).withItemsPerRequest(500);
    }

    /** {@code count} requests of each latency in ms. */
    private static Measurement latencies(long... millis) {
        Histogram latencies = new Histogram(Duration.ofMinutes(1).toNanos(), 3);
        for (long ms : millis) {
            latencies.recordValue(Duration.ofMillis(ms).toNanos());
        }
        return new Measurement("route", 1, latencies, 0, null, Duration.ofSeconds(1).toNanos(), Duration.ZERO,
                Duration.ZERO, Duration.ZERO, 0, 1, Map.of());
    }

    @Test
    void windowsOfOneKindPoolTheirEventsOverTheirTime() {
        // 100 batches in 10 s and 50 in 15 s: 75,000 events in 25 s, not the mean of 5,000 and 1,667.
        assertEquals(3000, AnalyticsTargets.pooledItemsPerSecond(List.of(window(100, 10), window(50, 15))), 1e-6);
        assertEquals(0, AnalyticsTargets.pooledItemsPerSecond(List.of()));
    }

    @Test
    void ingestWithAnalyticsKeepsNineTenthsOfTheRateWithout() {
        targets.batchWindow(true, window(90, 10));
        targets.batchWindow(false, window(100, 10));
        targets.batchWindow(false, window(100, 10));
        targets.batchWindow(true, window(90, 10));
        assertEquals(Verdict.MET, targets.ingestShare().verdict(), targets.ingestShare().text());
        assertTrue(targets.ingestShare().text().contains("0.900"), targets.ingestShare().text());

        AnalyticsTargets slower = new AnalyticsTargets(10_000, 1_000_000);
        slower.batchWindow(true, window(89, 10));
        slower.batchWindow(false, window(100, 10));
        assertEquals(Verdict.NOT_MET, slower.ingestShare().verdict());
        assertEquals(Verdict.NOT_AVAILABLE, new AnalyticsTargets(1, 2).ingestShare().verdict());
    }

    @Test
    void roundTripsCountTheFlushersCommandsToo() {
        String insert = ApiMetrics.STORE_COMMANDS + "{command=\"insert\"}";
        String update = ApiMetrics.STORE_COMMANDS + "{command=\"update\"}";
        String find = ApiMetrics.STORE_COMMANDS + "{command=\"find\"}";
        targets.singleIngest(false, AcceptanceTest.measured("off", 1000, 10, Map.of(insert, 2000.0, update, 1000.0)));
        targets.singleIngest(true, AcceptanceTest.measured("on", 1000, 10,
                Map.of(insert, 2000.0, update, 1002.0, find, 2.0)));
        assertEquals(Verdict.MET, targets.roundTrips().verdict(), targets.roundTrips().text());
        assertTrue(targets.roundTrips().text().contains("3.004 (find 0.002, insert 2.000, update 1.002)"),
                targets.roundTrips().text());
        assertTrue(targets.roundTrips().text().contains("same run: 3.000 (insert 2.000, update 1.000)"),
                targets.roundTrips().text());

        targets.singleIngest(true, AcceptanceTest.measured("on", 1000, 10,
                Map.of(insert, 2000.0, update, 1010.0, find, 20.0)));
        assertEquals(Verdict.NOT_MET, targets.roundTrips().verdict(), targets.roundTrips().text());
    }

    @Test
    void aRouteMeetsItsTargetsWhenFastAtAMillionAndNoSlowerThanAtTenThousand() {
        targets.route("overview", Optional.of(latencies(10, 10, 11, 12)), Optional.of(latencies(11, 11, 12, 40)));
        AnalyticsTargets.Route route = targets.routes().get(0);
        assertEquals(Verdict.MET, targets.p95(route).verdict(), targets.p95(route).text());
        assertEquals(Verdict.MET, targets.p50Growth(route).verdict(), targets.p50Growth(route).text());
        assertTrue(targets.p50Growth(route).text().contains("1.10×"), targets.p50Growth(route).text());

        targets.route("active", Optional.of(latencies(10, 10, 10, 10)), Optional.of(latencies(13, 13, 13, 60)));
        route = targets.routes().get(1);
        assertEquals(Verdict.NOT_MET, targets.p95(route).verdict(), targets.p95(route).text());
        assertEquals(Verdict.NOT_MET, targets.p50Growth(route).verdict(), targets.p50Growth(route).text());
    }

    @Test
    void aRouteNotServedReadsNotAvailable() {
        targets.route("funnel", Optional.empty(), Optional.empty());
        AnalyticsTargets.Route route = targets.routes().get(0);
        assertEquals(Verdict.NOT_AVAILABLE, targets.p95(route).verdict());
        assertEquals(Verdict.NOT_AVAILABLE, targets.p50Growth(route).verdict());
        assertEquals(4, targets.lines().size(), "ingest, round trips, and the route's two lines");
    }
}
