package io.padic.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeasurementTest {

    @Test
    void itemsPerSecondCountsWhatEachRequestCarries() {
        Measurement batch = AcceptanceTest.measured("batch", 20).withItemsPerRequest(500);
        assertEquals(20, batch.perSecond(), 1e-9);
        assertEquals(10_000, batch.itemsPerSecond(), 1e-9);
        assertEquals(20, AcceptanceTest.measured("single", 20).itemsPerSecond(), 1e-9);
    }

    @Test
    void countersPerRequestDivideByTheSuccessfulRequests() {
        Measurement m = AcceptanceTest.measured("ingest", 4, 10, Map.of(ApiMetrics.STORE_COMMANDS + "{command=\"find\"}",
                10.0, ApiMetrics.STORE_COMMANDS + "{command=\"insert\"}", 2.0));
        assertEquals(Optional.of(3.0), m.counterPerRequest(ApiMetrics.STORE_COMMANDS));
        assertEquals(Optional.empty(), m.counterPerRequest(ApiMetrics.FOLD_EVENTS_APPLIED));
        assertEquals(Optional.empty(), AcceptanceTest.measured("none", 0, 10, Map.of(ApiMetrics.STORE_COMMANDS, 1.0))
                .counterPerRequest(ApiMetrics.STORE_COMMANDS));
    }

    @Test
    void mergedPhasesAddUp() {
        Measurement merged = Measurement.merge("cold", List.of(
                AcceptanceTest.measured("cold 1", 1, 40, Map.of(ApiMetrics.FOLD_EVENTS_APPLIED, 12.0)),
                AcceptanceTest.measured("cold 2", 1, 20, Map.of(ApiMetrics.FOLD_EVENTS_APPLIED, 30.0))));
        assertEquals("cold", merged.name());
        assertEquals(2, merged.count());
        assertEquals(1.0, merged.perSecond(), 1e-9); // 2 requests over the 2 s the parts took
        assertEquals(30, merged.meanMillis(), 0.1);
        assertEquals(Optional.of(42.0), merged.counter(ApiMetrics.FOLD_EVENTS_APPLIED));
    }
}
