package io.padic.api.fold;

import io.padic.api.common.ApiProblem;
import io.padic.api.journal.PinnedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Folds an object's history from a known state: drops hidden events and the {@code $hide} events
 * themselves, then lets the {@link Reducer} apply the rest. A fold of events 1..k honours only the hides
 * among 1..k, so the state at any seq never changes once served (the premise of every cache, I4).
 *
 * <p>Hence a state at k is a valid start towards h only if no hide in k+1..h targets an event at or
 * below k; callers pick such a start, and {@link #foldTo} keeps that rule between its own checkpoints.
 */
@ApplicationScoped
public class FoldService {

    private final FoldStats stats;

    public FoldService(FoldStats stats) {
        this.stats = stats;
    }

    /**
     * The states at each of {@code boundaries} (ascending, each above {@code start.seq()}, the last one the
     * target), folded from {@code start} over {@code events} (exactly seqs start+1..target, in order).
     * {@code hideTargets} maps the seq of each {@code $hide} among the events to the seq of its target in
     * this object; every target must lie above {@code start.seq()}. A boundary whose events hide something
     * at or below the previous boundary is folded from the newest boundary below the hidden event instead;
     * boundaries that follow one another are folded in one reducer call that captures each of them. A
     * boundary below the target whose reducer throws is left out of the answer; the target's failure, or any
     * limit a fold runs into, is thrown.
     */
    public NavigableMap<Long, KnownState> foldTo(Reducer reducer, String accessLevel, KnownState start,
            List<PinnedEvent> events, long[] boundaries, Map<Long, Long> hideTargets) {
        return fold(reducer, accessLevel, start, events, boundaries, hideTargets, false);
    }

    /**
     * As {@link #foldTo}, but a reducer's failure at the target too only leaves the failing boundaries out of
     * the answer: for views that show each of many states, where one failing event must not hide the others.
     * Limits are still thrown.
     */
    public NavigableMap<Long, KnownState> foldEach(Reducer reducer, String accessLevel, KnownState start,
            List<PinnedEvent> events, long[] boundaries, Map<Long, Long> hideTargets) {
        return fold(reducer, accessLevel, start, events, boundaries, hideTargets, true);
    }

    private NavigableMap<Long, KnownState> fold(Reducer reducer, String accessLevel, KnownState start,
            List<PinnedEvent> events, long[] boundaries, Map<Long, Long> hideTargets, boolean targetMayFail) {
        long base = start.seq();
        long[] from = new long[boundaries.length];
        TreeSet<Long> planned = new TreeSet<>(List.of(base));
        for (int i = 0; i < boundaries.length; i++) {
            long f = planned.last();
            long reached = lowestTargetAtOrBelow(hideTargets, f, boundaries[i]);
            while (reached >= 0) {
                f = planned.floor(reached - 1);
                reached = lowestTargetAtOrBelow(hideTargets, f, boundaries[i]);
            }
            from[i] = f;
            planned.add(boundaries[i]);
        }
        Runs runs = new Runs(reducer, accessLevel, start, events, boundaries, from);
        for (int i = 0; i < boundaries.length; ) {
            int last = i;
            while (last + 1 < boundaries.length && from[last + 1] == boundaries[last]) {
                last++;
            }
            if (!runs.capture(i, last)) {
                if (last == boundaries.length - 1 && !targetMayFail) {
                    // The run reaches the target, so the target's own fold meets the same failing event.
                    throw runs.failedAt.get(boundaries[last]);
                }
                // A snapshot point below the target may fail on an event that a later hide takes out of the
                // target's fold: fold the run's points one by one to keep those before the failing event.
                if (last > i) {
                    for (int k = i; k <= last; k++) {
                        runs.capture(k, k);
                    }
                }
            }
            i = last + 1;
        }
        return runs.points;
    }

    /** The points folded so far, and the failure of each point whose fold failed. */
    private final class Runs {
        private final Reducer reducer;
        private final String accessLevel;
        private final long base;
        private final List<PinnedEvent> events;
        private final long[] boundaries;
        private final long[] from;
        private final TreeMap<Long, KnownState> points = new TreeMap<>();
        private final Map<Long, ApiProblem> failedAt = new HashMap<>();

        Runs(Reducer reducer, String accessLevel, KnownState start, List<PinnedEvent> events, long[] boundaries,
                long[] from) {
            this.reducer = reducer;
            this.accessLevel = accessLevel;
            this.base = start.seq();
            this.events = events;
            this.boundaries = boundaries;
            this.from = from;
            points.put(base, start);
        }

        /** Folds boundaries i..last in one reducer call from {@code from[i]}; false if that failed. */
        boolean capture(int i, int last) {
            long[] captured = Arrays.copyOfRange(boundaries, i, last + 1);
            KnownState runStart = points.get(from[i]);
            // From a point whose fold failed, with no hide after it reaching below it, a run fails the same way.
            ApiProblem failure = runStart == null ? failedAt.get(from[i]) : null;
            if (failure == null) {
                List<PinnedEvent> run = events.subList((int) (from[i] - base), (int) (boundaries[last] - base));
                try {
                    List<String> states = fold(reducer, accessLevel, runStart.state(), run, captured);
                    for (int k = 0; k < captured.length; k++) {
                        Instant updatedAt = events.get((int) (captured[k] - base - 1)).createdAt();
                        points.put(captured[k], new KnownState(captured[k], updatedAt, states.get(k)));
                    }
                    return true;
                } catch (ApiProblem e) {
                    if (!"runtime".equals(e.extensions().get("kind"))) {
                        throw e; // a limit: folding more runs would spend it again, on a hostile reducer
                    }
                    failure = e;
                }
            }
            for (long seq : captured) {
                failedAt.put(seq, failure);
            }
            return false;
        }
    }

    /**
     * The states after {@code events} (consecutive seqs) applied to {@code startJson} up to each seq of
     * {@code atSeqs} (ascending), honouring the hides among the events. Right only where no event is hidden
     * by a hide past the seq it is captured at, which {@link #foldTo} ensures.
     */
    List<String> fold(Reducer reducer, String accessLevel, String startJson, List<PinnedEvent> events,
            long[] atSeqs) {
        Set<String> hidden = new HashSet<>();
        for (PinnedEvent event : events) {
            if (Hides.isHide(event)) {
                hidden.add(Hides.target(event));
            }
        }
        List<PinnedEvent> visible = new ArrayList<>(events.size());
        int[] after = new int[atSeqs.length];
        int next = 0;
        for (PinnedEvent event : events) {
            while (next < atSeqs.length && atSeqs[next] < event.seq()) {
                after[next++] = visible.size();
            }
            if (!Hides.isHide(event) && !hidden.contains(event.eventId())) {
                visible.add(event);
            }
        }
        while (next < atSeqs.length) {
            after[next++] = visible.size();
        }
        if (visible.isEmpty()) {
            return Collections.nCopies(atSeqs.length, startJson);
        }
        stats.applied(visible.size());
        return reducer.foldCapturing(startJson, visible, accessLevel, after);
    }

    /** The lowest target seq at or below {@code from} among the hides in from+1..to, or -1. */
    private static long lowestTargetAtOrBelow(Map<Long, Long> hideTargets, long from, long to) {
        long lowest = -1;
        for (Map.Entry<Long, Long> hide : hideTargets.entrySet()) {
            long hideSeq = hide.getKey();
            long target = hide.getValue();
            if (hideSeq > from && hideSeq <= to && target <= from && (lowest < 0 || target < lowest)) {
                lowest = target;
            }
        }
        return lowest;
    }
}
