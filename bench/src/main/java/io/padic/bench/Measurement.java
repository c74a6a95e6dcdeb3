package io.padic.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * The outcome of one measured phase: successful requests and their latencies, failures, wall time, and what
 * the two processes spent meanwhile (platform-api; this JVM, which holds the embedded store and the clients)
 * and what the rest of the machine did, which competed with both. {@code itemsPerRequest} is how many events
 * or documents one request carries (1 but for batches); {@code apiCounters} is how much each of platform-api's
 * Prometheus series grew during the measured phase (empty where it exposes none).
 */
public record Measurement(String name, int clients, Histogram latencies, long errors, String firstError, long elapsedNanos,
        Duration apiCpu, Duration benchCpu, Duration otherCpu, long apiRssKib, int itemsPerRequest,
        Map<String, Double> apiCounters) {

    public Measurement {
        apiCounters = Map.copyOf(apiCounters);
    }

    /** The same figures for requests that each carry {@code items} events or documents. */
    public Measurement withItemsPerRequest(int items) {
        return new Measurement(name, clients, latencies, errors, firstError, elapsedNanos, apiCpu, benchCpu, otherCpu,
                apiRssKib, items, apiCounters);
    }

    /**
     * Phases run one after another as one row (e.g. single requests with something untimed between them):
     * latencies, counts, wall and CPU times and counters add up; the RSS is the last one's.
     */
    public static Measurement merge(String name, List<Measurement> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge into " + name);
        }
        Measurement first = parts.get(0);
        Histogram all = new Histogram(first.latencies.getHighestTrackableValue(),
                first.latencies.getNumberOfSignificantValueDigits());
        long errors = 0;
        String firstError = null;
        long elapsed = 0;
        Duration api = Duration.ZERO;
        Duration bench = Duration.ZERO;
        Duration other = Duration.ZERO;
        Map<String, Double> counters = new LinkedHashMap<>();
        for (Measurement part : parts) {
            all.add(part.latencies);
            errors += part.errors;
            firstError = firstError != null ? firstError : part.firstError;
            elapsed += part.elapsedNanos;
            api = api.plus(part.apiCpu);
            bench = bench.plus(part.benchCpu);
            other = other.plus(part.otherCpu);
            part.apiCounters.forEach((series, value) -> counters.merge(series, value, Double::sum));
        }
        return new Measurement(name, first.clients, all, errors, firstError, elapsed, api, bench, other,
                parts.get(parts.size() - 1).apiRssKib, first.itemsPerRequest, counters);
    }

    public long count() {
        return latencies.getTotalCount();
    }

    public double perSecond() {
        return elapsedNanos == 0 ? 0 : count() * 1e9 / elapsedNanos;
    }

    /** Events or documents per second: {@link #perSecond()} times {@code itemsPerRequest}. */
    public double itemsPerSecond() {
        return perSecond() * itemsPerRequest;
    }

    /** How much platform-api's {@code metric} (summed over its series) grew during the phase; empty if not exposed. */
    public Optional<Double> counter(String metric) {
        return ApiMetrics.sum(apiCounters, metric);
    }

    /** {@link #counter(String)} per successful request; empty if not exposed or no request succeeded. */
    public Optional<Double> counterPerRequest(String metric) {
        return count() == 0 ? Optional.empty() : counter(metric).map(total -> total / count());
    }

    public double p50Millis() {
        return millis(latencies.getValueAtPercentile(50));
    }

    public double p95Millis() {
        return millis(latencies.getValueAtPercentile(95));
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
