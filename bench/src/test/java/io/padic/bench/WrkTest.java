package io.padic.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WrkTest {

    private static final String REPORT = """
            Running 10s test @ http://127.0.0.1:41234/v1/projects/prj_1/analytics/overview?interval=day
              2 threads and 8 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     9.81ms    4.02ms  61.30ms   85.12%
                Req/Sec   412.33     40.10   505.00     71.00%
              Latency Distribution
                 50%    8.95ms
                 75%  850.00us
                 90%    1.20s
                 99%   20.51ms
              8231 requests in 10.01s, 25.61MB read
              Socket errors: connect 0, read 1, write 0, timeout 2
              Non-2xx or 3xx responses: 4
            Requests/sec:    822.31
            Transfer/sec:      2.56MB
            """;

    @Test
    void readsTheRateThePercentilesInMillisecondsAndTheFailures() {
        Wrk.Result result = Wrk.parse(REPORT).orElseThrow();
        assertEquals(822.31, result.requestsPerSecond(), 1e-9);
        assertEquals(8231, result.requests());
        assertEquals(Map.of("50%", 8.95, "75%", 0.85, "90%", 1200.0, "99%", 20.51), result.percentilesMillis());
        assertEquals(4, result.non2xx());
        assertEquals(3, result.socketErrors());
    }

    @Test
    void aCleanRunHasNoFailures() {
        Wrk.Result result = Wrk.parse(REPORT.replace("  Socket errors: connect 0, read 1, write 0, timeout 2\n", "")
                .replace("  Non-2xx or 3xx responses: 4\n", "")).orElseThrow();
        assertEquals(0, result.non2xx());
        assertEquals(0, result.socketErrors());
    }

    @Test
    void noRateNoResult() {
        assertEquals(Optional.empty(), Wrk.parse("unable to connect to 127.0.0.1:1 Connection refused"));
    }

    @Test
    void aMissingBinaryIsSaidNotThrown() {
        StringBuilder why = new StringBuilder();
        assertEquals(Optional.empty(), Wrk.run("/nonexistent/wrk", "http://127.0.0.1:1/", List.of(), 1, 1,
                java.time.Duration.ofSeconds(1), why));
        assertTrue(why.toString().contains("/nonexistent/wrk"), why.toString());
    }
}
