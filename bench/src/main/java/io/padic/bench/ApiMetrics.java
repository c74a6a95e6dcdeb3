package io.padic.bench;

import io.padic.testkit.ApiClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * platform-api's Prometheus counters that the load tool reads, by name, and the parsing of the text format.
 * Every metric the tool depends on is named here, so a rename in platform-api is one change in the tool.
 * A counter platform-api does not expose (yet) reads as absent and the tool prints "n/a" for what needs it.
 */
public final class ApiMetrics {

    /**
     * Where platform-api serves its metrics (Quarkus Micrometer with the Prometheus registry), on its management
     * port ({@link Stack#apiManagementUrl()}), not the API's.
     */
    public static final String PATH = "/q/metrics";
    /** Store commands platform-api sent, labelled by {@link #COMMAND_LABEL}: round trips per request. */
    public static final String STORE_COMMANDS = "padic_store_commands_total";
    /** The label of {@link #STORE_COMMANDS} that names the command (find, insert, update, ...). */
    public static final String COMMAND_LABEL = "command";
    /** Events folds applied on top of a cached or snapshotted state (or of nothing). */
    public static final String FOLD_EVENTS_APPLIED = "padic_fold_events_applied_total";

    /** Bytes the JVM uses now, labelled by {@code area} ({@code heap}, {@code nonheap}) and pool (Micrometer's). */
    public static final String JVM_MEMORY_USED = "jvm_memory_used_bytes";
    /** Objects counted by analytics builds (a rebuild recounts every object of a project). */
    public static final String ANALYTICS_BUILD_OBJECTS = "padic_analytics_build_objects_total";

    /** A series' name, its optional labels (whose quoted values may hold braces), and its value. */
    private static final Pattern SAMPLE = Pattern.compile(
            "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[^\"}]|\"(?:[^\"\\\\]|\\\\.)*\")*})?\\s+(\\S+).*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private ApiMetrics() {
    }

    /** platform-api's samples now, from its management port; empty when it does not answer or has no metrics. */
    static Map<String, Double> read(PadicClient metrics) {
        try {
            ApiClient.Text answer = metrics.getWithoutKey(PATH);
            return answer.status() == 200 ? parse(answer.body()) : Map.of();
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /**
     * The samples of a Prometheus text exposition, series (name with its labels as printed) to value; comments
     * and lines that are not samples are skipped.
     */
    static Map<String, Double> parse(String exposition) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : exposition.split("\n")) {
            Matcher m = SAMPLE.matcher(line.strip());
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            try {
                samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
            } catch (NumberFormatException e) {
                // Not a sample after all.
            }
        }
        return samples;
    }

    /** The sum over every series of {@code metric}; empty if it has none. */
    static Optional<Double> sum(Map<String, Double> samples, String metric) {
        double total = 0;
        boolean found = false;
        for (var sample : samples.entrySet()) {
            if (name(sample.getKey()).equals(metric)) {
                total += sample.getValue();
                found = true;
            }
        }
        return found ? Optional.of(total) : Optional.empty();
    }

    /** {@code metric}'s series summed by the value of one label (series without it under ""), sorted. */
    static Map<String, Double> byLabel(Map<String, Double> samples, String metric, String label) {
        Map<String, Double> by = new TreeMap<>();
        for (var sample : samples.entrySet()) {
            if (name(sample.getKey()).equals(metric)) {
                by.merge(label(sample.getKey(), label), sample.getValue(), Double::sum);
            }
        }
        return by;
    }

    /** The heap the JVM uses now (every heap pool of {@link #JVM_MEMORY_USED} added up); empty if not exposed. */
    static Optional<Double> heapUsed(Map<String, Double> samples) {
        return Optional.ofNullable(byLabel(samples, JVM_MEMORY_USED, "area").get("heap"));
    }

    /** {@code after - before}, series by series (a series only in {@code after} counts from zero). */
    static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> delta = new LinkedHashMap<>();
        after.forEach((series, value) -> delta.put(series, value - before.getOrDefault(series, 0.0)));
        return delta;
    }

    private static String name(String series) {
        int brace = series.indexOf('{');
        return brace < 0 ? series : series.substring(0, brace);
    }

    private static String label(String series, String label) {
        int brace = series.indexOf('{');
        if (brace >= 0) {
            Matcher m = LABEL.matcher(series.substring(brace));
            while (m.find()) {
                if (m.group(1).equals(label)) {
                    return m.group(2);
                }
            }
        }
        return "";
    }
}
