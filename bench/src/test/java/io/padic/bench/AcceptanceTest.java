package io.padic.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.bench.Acceptance.Role;
import io.padic.bench.Acceptance.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class AcceptanceTest {

    private static final String FIND = ApiMetrics.STORE_COMMANDS + "{command=\"find\"}";
    private static final String INSERT = ApiMetrics.STORE_COMMANDS + "{command=\"insert\"}";

    /** {@code count} requests of {@code millis} each over one second: count req/s. */
    static Measurement measured(String name, long count, long millis, Map<String, Double> counters) {
        Histogram latencies = new Histogram(Duration.ofMinutes(1).toNanos(), 3);
        if (count > 0) {
            latencies.recordValueWithCount(Duration.ofMillis(millis).toNanos(), count);
        }
        return new Measurement(name, 8, latencies, 0, null, Duration.ofSeconds(1).toNanos(), Duration.ZERO,
                Duration.ZERO, Duration.ZERO, 0, 1, counters);
    }

    static Measurement measured(String name, long count) {
        return measured(name, count, 10, Map.of());
    }

    private final Acceptance acceptance = new Acceptance(64, 100, 100_000);

    @Test
    void readAfterAppendComparesTimePerRequestOfTheBigObjectWithTheSmallOne() {
        acceptance.put(Role.APPEND_SMALL, measured("small", 100)).put(Role.APPEND_BIG, measured("big", 90));
        Acceptance.Line line = acceptance.readAfterAppend();
        assertEquals(Verdict.MET, line.verdict());
        assertTrue(line.text().contains("1.11×"), line.text());
        assertTrue(line.toString().endsWith(": met"), line.toString());

        acceptance.put(Role.APPEND_BIG, measured("big", 80));
        assertEquals(Verdict.NOT_MET, acceptance.readAfterAppend().verdict());
        assertTrue(acceptance.readAfterAppend().text().contains("1.25×"));
    }

    @Test
    void timeRatioIsTheInverseOfTheThroughputs() {
        assertEquals(2.0, Acceptance.timeRatio(measured("small", 100), measured("big", 50)), 1e-9);
    }

    @Test
    void aTargetWhosePhasesDidNotRunIsNotAvailable() {
        acceptance.put(Role.APPEND_SMALL, measured("small", 100));
        for (Acceptance.Line line : acceptance.lines()) {
            assertEquals(Verdict.NOT_AVAILABLE, line.verdict(), line.text());
            assertTrue(line.toString().contains("n/a"), line.toString());
        }
    }

    @Test
    void aPhaseWithoutOneSuccessfulRequestDoesNotCount() {
        acceptance.put(Role.APPEND_SMALL, measured("small", 100)).put(Role.APPEND_BIG, measured("big", 0));
        assertEquals(Verdict.NOT_AVAILABLE, acceptance.readAfterAppend().verdict());
    }

    @Test
    void warmReadsNeedHalfTheTrivialEndpointsRate() {
        acceptance.put(Role.WARM_READ, measured("warm", 600)).put(Role.TRIVIAL, measured("ping", 1000));
        assertEquals(Verdict.MET, acceptance.warmRead().verdict());
        assertTrue(acceptance.warmRead().text().contains("0.600 (600 vs 1000 req/s)"), acceptance.warmRead().text());
        acceptance.put(Role.WARM_READ, measured("warm", 400));
        assertEquals(Verdict.NOT_MET, acceptance.warmRead().verdict());
    }

    @Test
    void batchIngestIsComparedInEventsWithInsertManyInDocuments() {
        acceptance.put(Role.BATCH, measured("batch", 20).withItemsPerRequest(500))
                .put(Role.INSERT_MANY, measured("insertMany", 30).withItemsPerRequest(500));
        Acceptance.Line line = acceptance.batch();
        assertEquals(Verdict.MET, line.verdict());
        assertTrue(line.text().contains("0.667 (10000 vs 15000 items/s, 500 per request)"), line.text());
        acceptance.put(Role.INSERT_MANY, measured("insertMany", 50).withItemsPerRequest(500));
        assertEquals(Verdict.NOT_MET, acceptance.batch().verdict());
    }

    @Test
    void singleIngestStandsBesideInsertOneWithoutATarget() {
        acceptance.put(Role.INGEST, measured("ingest", 250)).put(Role.INSERT_ONE, measured("insertOne", 5000));
        Acceptance.Line line = acceptance.singleIngest();
        assertEquals(Verdict.NO_TARGET, line.verdict());
        assertTrue(line.text().contains("0.050 (250 vs 5000 /s)"), line.text());
    }

    @Test
    void roundTripsAreStoreCommandsPerSuccessfulIngestByCommand() {
        acceptance.put(Role.INGEST, measured("ingest", 100, 10, Map.of(FIND, 300.0, INSERT, 200.0)));
        Acceptance.Line line = acceptance.roundTrips();
        assertEquals(Verdict.NOT_MET, line.verdict());
        assertTrue(line.text().contains("5.000 (find 3.000, insert 2.000)"), line.text());

        acceptance.put(Role.INGEST, measured("ingest", 100, 10, Map.of(FIND, 100.0, INSERT, 200.0)));
        assertEquals(Verdict.MET, acceptance.roundTrips().verdict());
    }

    @Test
    void roundTripsReadNotAvailableWithoutTheCounter() {
        acceptance.put(Role.INGEST, measured("ingest", 100));
        Acceptance.Line line = acceptance.roundTrips();
        assertEquals(Verdict.NOT_AVAILABLE, line.verdict());
        assertTrue(line.text().contains(ApiMetrics.STORE_COMMANDS), line.text());
    }

    @Test
    void coldReadsApplyAtMostTheSnapshotInterval() {
        String applied = ApiMetrics.FOLD_EVENTS_APPLIED;
        acceptance.coldReads(List.of(measured("cold 1", 1, 40, Map.of(applied, 12.0)),
                measured("cold 2", 1, 35, Map.of(applied, 64.0))));
        Acceptance.Line line = acceptance.coldRead();
        assertEquals(Verdict.MET, line.verdict());
        assertTrue(line.text().contains("40, 35 ms (2 reads)"), line.text());
        assertTrue(line.text().contains("events applied: 12, 64"), line.text());

        acceptance.coldReads(List.of(measured("cold 3", 1, 35, Map.of(applied, 65.0))));
        assertEquals(Verdict.NOT_MET, acceptance.coldRead().verdict());
    }

    @Test
    void coldReadsWithoutTheCounterStillGiveTheirTimes() {
        acceptance.coldReads(List.of(measured("cold 1", 1, 40, Map.of())));
        Acceptance.Line line = acceptance.coldRead();
        assertEquals(Verdict.NOT_AVAILABLE, line.verdict());
        assertTrue(line.text().contains("40 ms (1 read)"), line.text());
        assertTrue(line.text().contains(ApiMetrics.FOLD_EVENTS_APPLIED), line.text());
    }
}
