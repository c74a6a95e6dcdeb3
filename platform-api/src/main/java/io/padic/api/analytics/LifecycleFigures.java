package io.padic.api.analytics;

import io.padic.api.analytics.AnalyticsService.Start;
import io.padic.api.analytics.AnalyticsService.TransitionFigures;
import io.padic.api.analytics.CounterDocument.LifecycleCounts;
import io.padic.api.analytics.CounterDocument.Transition;
import io.padic.api.analytics.CounterDocument.TransitionCounts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An object type's lifecycle over a range, from the lifecycle counters of the buckets that cover it: starts and
 * transitions summed, percentiles of the summed {@link TimeBetween} counts, and the main path
 * (docs/design.md#analytics).
 */
record LifecycleFigures(List<Start> starts, List<TransitionFigures> transitions, List<String> mainPath) {

    private static final long[] NO_TIMES = new long[0];

    static LifecycleFigures of(List<LifecycleCounts> buckets) {
        Map<String, Long> starts = new HashMap<>();
        Map<Transition, Long> counts = new HashMap<>();
        Map<Transition, long[]> times = new HashMap<>();
        for (LifecycleCounts bucket : buckets) {
            bucket.starts().forEach((type, n) -> starts.merge(type, n, Long::sum));
            bucket.transitions().forEach((transition, figures) -> add(counts, times, transition, figures));
        }
        List<Start> startList = new ArrayList<>();
        starts.forEach((type, n) -> {
            if (n > 0) {
                startList.add(new Start(type, n));
            }
        });
        startList.sort(Comparator.comparingLong(Start::objects).reversed().thenComparing(Start::eventType));
        List<TransitionFigures> transitions = new ArrayList<>();
        counts.forEach((transition, n) -> {
            if (n > 0) {
                long[] keys = times.get(transition);
                transitions.add(new TransitionFigures(transition.from(), transition.to(), n,
                        TimeBetween.seconds(keys, 50), TimeBetween.seconds(keys, 90), TimeBetween.seconds(keys, 99)));
            }
        });
        transitions.sort(Comparator.comparingLong(TransitionFigures::count).reversed()
                .thenComparing(TransitionFigures::from).thenComparing(TransitionFigures::to));
        return new LifecycleFigures(startList, transitions, mainPath(startList, transitions));
    }

    private static void add(Map<Transition, Long> counts, Map<Transition, long[]> times, Transition transition,
            TransitionCounts figures) {
        counts.merge(transition, figures.count(), Long::sum);
        times.put(transition, figures.times().addTo(times.getOrDefault(transition, NO_TIMES)));
    }

    /**
     * From the most common start, at each step the most frequent next type not yet on the path (ties: the smaller
     * name; the lists come sorted so, and the first match wins).
     */
    private static List<String> mainPath(List<Start> starts, List<TransitionFigures> transitions) {
        List<String> path = new ArrayList<>();
        if (starts.isEmpty()) {
            return path;
        }
        path.add(starts.getFirst().eventType());
        while (true) {
            String last = path.getLast();
            String next = null;
            for (TransitionFigures transition : transitions) {
                if (transition.from().equals(last) && !path.contains(transition.to())) {
                    next = transition.to();
                    break;
                }
            }
            if (next == null) {
                return path;
            }
            path.add(next);
        }
    }
}
