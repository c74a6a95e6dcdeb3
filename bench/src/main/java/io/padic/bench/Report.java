package io.padic.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints the measured phases as a Markdown table (readable in a terminal, pasteable into docs). */
public final class Report {

    private final List<Measurement> rows = new ArrayList<>();

    public void add(Measurement measurement) {
        rows.add(measurement);
    }

    public List<Measurement> rows() {
        return List.copyOf(rows);
    }

    public boolean hasErrors() {
        return rows.stream().anyMatch(m -> m.errors() > 0);
    }

    public void printTable(PrintStream out) {
        out.println("| phase | clients | requests | errors | req/s | items/s | mean ms | p50 ms | p99 ms | max ms "
                + "| api CPU % | bench CPU % | other CPU % | api CPU ms/req | bench CPU ms/req | store cmds/req "
                + "| api RSS MiB |");
        out.println("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        for (Measurement m : rows) {
            out.println(String.format(Locale.ROOT,
                    "| %s | %d | %d | %d | %s | %s | %.2f | %.2f | %.2f | %.1f | %.0f | %.0f | %.0f | %.2f | %.2f | %s "
                    + "| %d |",
                    m.name(), m.clients(), m.count(), m.errors(), rate(m.perSecond()),
                    m.itemsPerRequest() == 1 ? "–" : rate(m.itemsPerSecond()), m.meanMillis(), m.p50Millis(),
                    m.p99Millis(), m.maxMillis(), m.apiCpuPercent(), m.benchCpuPercent(), m.otherCpuPercent(),
                    m.apiCpuMillisPerRequest(), m.benchCpuMillisPerRequest(),
                    m.counterPerRequest(ApiMetrics.STORE_COMMANDS).map(v -> String.format(Locale.ROOT, "%.2f", v))
                            .orElse("n/a"), m.apiRssKib() / 1024));
        }
        for (Measurement m : rows) {
            if (m.firstError() != null) {
                out.println("first error in '" + m.name() + "': " + m.firstError());
            }
        }
    }

    /** One phase's figures on one line, as the tool prints them while it runs. */
    public static String progressLine(Measurement m) {
        return String.format(Locale.ROOT, "bench: %-45s %8s req/s%s  p50 %7.2f ms  p99 %7.2f ms  (%d requests, %d "
                + "errors)", m.name(), rate(m.perSecond()), m.itemsPerRequest() == 1 ? ""
                        : " (" + rate(m.itemsPerSecond()) + " items/s)", m.p50Millis(), m.p99Millis(), m.count(),
                m.errors());
    }

    /** Whole numbers from 100 up, one decimal below: the figures are not more precise than that. */
    public static String rate(double perSecond) {
        return perSecond >= 100 ? String.format(Locale.ROOT, "%.0f", perSecond)
                : String.format(Locale.ROOT, "%.1f", perSecond);
    }
}
