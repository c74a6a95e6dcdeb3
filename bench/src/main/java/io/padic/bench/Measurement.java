package io.padic.bench;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * The outcome of one measured phase: successful requests and their latencies, failures, wall time, and what
 * the two processes spent meanwhile (platform-api; this JVM, which holds the embedded store and the clients)
 * and what the rest of the machine did, which competed with both.
 */
public record Measurement(String name, int clients, Histogram latencies, long errors, String firstError, long elapsedNanos,
        Duration apiCpu, Duration benchCpu, Duration otherCpu, long apiRssKib) {

    public long count() {
        return latencies.getTotalCount();
    }

    public double perSecond() {
        return elapsedNanos == 0 ? 0 : count() * 1e9 / elapsedNanos;
    }

    public double p50Millis() {
        return millis(latencies.getValueAtPercentile(50));
    }

    public double p99Millis() {
        return millis(latencies.getValueAtPercentile(99));
    }

    public double maxMillis() {
        return millis(latencies.getMaxValue());
    }

    public double meanMillis() {
        return latencies.getTotalCount() == 0 ? 0 : latencies.getMean() / 1e6;
    }

    /** CPU used per wall second, in percent of one core (200 % is both cores of a 2-core machine). */
    public double apiCpuPercent() {
        return percentOfWall(apiCpu);
    }

    public double benchCpuPercent() {
        return percentOfWall(benchCpu);
    }

    /** CPU milliseconds platform-api spent per successful request: steadier than req/s when others load the machine. */
    public double apiCpuMillisPerRequest() {
        return count() == 0 ? 0 : apiCpu.toNanos() / 1e6 / count();
    }

    public double benchCpuMillisPerRequest() {
        return count() == 0 ? 0 : benchCpu.toNanos() / 1e6 / count();
    }

    public double otherCpuPercent() {
        return percentOfWall(otherCpu);
    }

    private double percentOfWall(Duration cpu) {
        return elapsedNanos == 0 ? 0 : cpu.toNanos() * 100.0 / elapsedNanos;
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
