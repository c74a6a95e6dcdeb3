package io.padic.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiMetricsTest {

    private static final String EXPOSITION = """
            # HELP padic_store_commands_total Store commands sent
            # TYPE padic_store_commands_total counter
            padic_store_commands_total{collection="events",command="insert"} 12.0
            padic_store_commands_total{collection="pins",command="insert"} 3.0
            padic_store_commands_total{collection="objects",command="find"} 7.0
            padic_fold_events_applied_total 1.5E3
            http_server_requests_seconds_count{method="GET",uri="/v1/objects/{id}",outcome="SUCCESS"} 4.0
            jvm_info{version="25.0.3+9-LTS"} 1.0
            """;

    @Test
    void sumsEverySeriesOfAMetric() {
        Map<String, Double> samples = ApiMetrics.parse(EXPOSITION);
        assertEquals(Optional.of(22.0), ApiMetrics.sum(samples, ApiMetrics.STORE_COMMANDS));
        assertEquals(Optional.of(1500.0), ApiMetrics.sum(samples, ApiMetrics.FOLD_EVENTS_APPLIED));
        assertEquals(Optional.of(4.0), ApiMetrics.sum(samples, "http_server_requests_seconds_count"));
    }

    @Test
    void aMetricNotExposedIsAbsentNotZero() {
        assertEquals(Optional.empty(), ApiMetrics.sum(ApiMetrics.parse(EXPOSITION), "padic_cache_hits_total"));
        assertEquals(Optional.empty(), ApiMetrics.sum(ApiMetrics.parse(""), ApiMetrics.STORE_COMMANDS));
        // A name that only starts like the metric is another metric.
        assertEquals(Optional.empty(), ApiMetrics.sum(ApiMetrics.parse("padic_store_commands_total_x 1\n"),
                ApiMetrics.STORE_COMMANDS));
    }

    @Test
    void groupsByOneLabel() {
        assertEquals(Map.of("find", 7.0, "insert", 15.0), ApiMetrics.byLabel(ApiMetrics.parse(EXPOSITION),
                ApiMetrics.STORE_COMMANDS, ApiMetrics.COMMAND_LABEL));
    }

    @Test
    void theHeapInUseAddsUpTheHeapPools() {
        Map<String, Double> samples = ApiMetrics.parse("""
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.048576E8
                jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 5.0E7
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.0E7
                """);
        assertEquals(Optional.of(1.548576E8), ApiMetrics.heapUsed(samples));
        assertEquals(Optional.empty(), ApiMetrics.heapUsed(ApiMetrics.parse(EXPOSITION)));
    }

    @Test
    void deltaCountsSeriesThatAppearedFromZero() {
        Map<String, Double> before = ApiMetrics.parse("a_total{k=\"x\"} 5\n");
        Map<String, Double> after = ApiMetrics.parse("a_total{k=\"x\"} 8\na_total{k=\"y\"} 2\n");
        Map<String, Double> delta = ApiMetrics.delta(before, after);
        assertEquals(3.0, delta.get("a_total{k=\"x\"}"));
        assertEquals(2.0, delta.get("a_total{k=\"y\"}"));
        assertTrue(ApiMetrics.delta(Map.of(), Map.of()).isEmpty());
    }
}
