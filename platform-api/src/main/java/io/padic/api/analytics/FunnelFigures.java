package io.padic.api.analytics;

import io.padic.api.analytics.AnalyticsService.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A funnel over the first times of the objects that may have entered it (docs/design.md#analytics): an object enters
 * when its first {@code s1} is in [from, to), and reaches step i when its first {@code s_i} is no earlier than the
 * time it reached step i−1 and within the window of entering.
 */
record FunnelFigures(List<Step> steps) {

    static FunnelFigures of(List<String> steps, List<Map<String, Long>> candidates, long fromMillis, long toMillis,
            long windowMillis) {
        long[] reached = new long[steps.size()];
        List<List<Long>> waits = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            waits.add(new ArrayList<>());
        }
        for (Map<String, Long> firsts : candidates) {
            Long entered = firsts.get(steps.getFirst());
            if (entered == null || entered < fromMillis || entered >= toMillis) {
                continue;
            }
            reached[0]++;
            long previous = entered;
            for (int i = 1; i < steps.size(); i++) {
                Long at = firsts.get(steps.get(i));
                if (at == null || at < previous || at - entered > windowMillis) {
                    break;
                }
                reached[i]++;
                waits.get(i).add(at - previous);
                previous = at;
            }
        }
        List<Step> out = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            double conversion = share(reached[i], reached[0]);
            double fromPrevious = i == 0 ? conversion : share(reached[i], reached[i - 1]);
            out.add(new Step(steps.get(i), reached[i], conversion, fromPrevious, i == 0 ? null : medianSeconds(waits.get(i))));
        }
        return new FunnelFigures(out);
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    /** The median (the mean of the two middle values of an even count), in seconds; null for none. */
    static Double medianSeconds(List<Long> millis) {
        if (millis.isEmpty()) {
            return null;
        }
        List<Long> sorted = millis.stream().sorted().toList();
        int middle = sorted.size() / 2;
        double median = sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
        return median / 1000.0;
    }
}
