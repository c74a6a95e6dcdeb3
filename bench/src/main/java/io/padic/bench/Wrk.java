package io.padic.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code wrk} (an HTTP load generator written in C) run against one URL, to cross-check a rate the load tool
 * measured with its own Java client; and the figures read from its report.
 */
public final class Wrk {

    /** What wrk reported: requests per second, latency percentiles (ms, with {@code --latency}), failures. */
    public record Result(double requestsPerSecond, long requests, Map<String, Double> percentilesMillis, long non2xx,
            long socketErrors) {
    }

    private static final Pattern RATE = Pattern.compile("(?m)^Requests/sec:\\s+([0-9.]+)");
    private static final Pattern REQUESTS = Pattern.compile("(?m)^\\s*(\\d+) requests in ");
    private static final Pattern PERCENTILE = Pattern.compile("(?m)^\\s+(\\d+(?:\\.\\d+)?%)\\s+([0-9.]+)(us|ms|s|m)\\s*$");
    private static final Pattern NON_2XX = Pattern.compile("(?m)^\\s*Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile("(?m)^\\s*Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private Wrk() {
    }

    /**
     * Runs {@code wrk -t<threads> -c<connections> -d<seconds>s --latency -H "Authorization: Bearer …" url}; empty
     * (with the reason printed by the caller) when wrk is not there or its report cannot be read.
     */
    static Optional<Result> run(String wrk, String url, String bearer, int threads, int connections, Duration length,
            StringBuilder why) {
        return run(wrk, url, bearer == null ? List.of() : List.of("Authorization: Bearer " + bearer), threads,
                connections, length, why);
    }

    /** {@link #run(String, String, String, int, int, Duration, StringBuilder)} with these request headers. */
    public static Optional<Result> run(String wrk, String url, List<String> headers, int threads, int connections,
            Duration length, StringBuilder why) {
        List<String> command = new ArrayList<>(List.of(wrk, "-t" + threads, "-c" + connections,
                "-d" + Math.max(1, length.toSeconds()) + "s", "--latency"));
        for (String header : headers) {
            command.addAll(List.of("-H", header));
        }
        command.add(url);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(length.toSeconds() + 60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                why.append("wrk did not finish");
                return Optional.empty();
            }
            String report = new String(output, StandardCharsets.UTF_8);
            Optional<Result> result = parse(report);
            if (result.isEmpty()) {
                why.append("wrk exited with ").append(process.exitValue()).append(" and said: ").append(report.strip());
            }
            return result;
        } catch (IOException e) {
            why.append(wrk).append(" could not be run (").append(e.getMessage()).append("); --wrk PATH names it");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why.append("interrupted");
            return Optional.empty();
        }
    }

    /** The figures of wrk's report; empty if it has no {@code Requests/sec} line. */
    static Optional<Result> parse(String report) {
        Matcher rate = RATE.matcher(report);
        if (!rate.find()) {
            return Optional.empty();
        }
        Matcher requests = REQUESTS.matcher(report);
        Map<String, Double> percentiles = new LinkedHashMap<>();
        Matcher p = PERCENTILE.matcher(report);
        while (p.find()) {
            percentiles.put(p.group(1), millis(Double.parseDouble(p.group(2)), p.group(3)));
        }
        Matcher non2xx = NON_2XX.matcher(report);
        Matcher socket = SOCKET_ERRORS.matcher(report);
        long socketErrors = 0;
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                socketErrors += Long.parseLong(socket.group(g));
            }
        }
        return Optional.of(new Result(Double.parseDouble(rate.group(1)),
                requests.find() ? Long.parseLong(requests.group(1)) : 0, percentiles,
                non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, socketErrors));
    }

    private static double millis(double value, String unit) {
        return switch (unit) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            case "m" -> value * 60_000;
            default -> value;
        };
    }
}
