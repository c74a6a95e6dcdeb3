package io.padic.api.fold;

import io.padic.api.events.PinnedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

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
     * this object; every target must lie above {@code start.seq()}. A chunk whose hides reach below the
     * previous checkpoint is refolded from the newest checkpoint below the hidden event.
     */
    public NavigableMap<Long, KnownState> foldTo(Reducer reducer, String accessLevel, KnownState start,
            List<PinnedEvent> events, long[] boundaries, Map<Long, Long> hideTargets) {
        long base = start.seq();
        TreeMap<Long, KnownState> points = new TreeMap<>();
        points.put(base, start);
        for (long boundary : boundaries) {
            long from = points.lastKey();
            long reached = lowestTargetAtOrBelow(hideTargets, from, boundary);
            while (reached >= 0) {
                from = points.floorKey(reached - 1);
                reached = lowestTargetAtOrBelow(hideTargets, from, boundary);
            }
            List<PinnedEvent> chunk = events.subList((int) (from - base), (int) (boundary - base));
            String state = fold(reducer, accessLevel, points.get(from).state(), chunk);
            points.put(boundary, new KnownState(boundary, chunk.get(chunk.size() - 1).createdAt(), state));
        }
        return points;
    }

    /** The state after {@code events} (consecutive seqs) applied to {@code startJson}, honouring their hides. */
    public String fold(Reducer reducer, String accessLevel, String startJson, List<PinnedEvent> events) {
        Set<String> hidden = new HashSet<>();
        for (PinnedEvent event : events) {
            if (PinnedEvent.HIDE_TYPE.equals(event.type())) {
                hidden.add(hideTarget(event));
            }
        }
        List<PinnedEvent> visible = new ArrayList<>(events.size());
        for (PinnedEvent event : events) {
            if (!PinnedEvent.HIDE_TYPE.equals(event.type()) && !hidden.contains(event.eventId())) {
                visible.add(event);
            }
        }
        if (visible.isEmpty()) {
            return startJson;
        }
        stats.applied(visible.size());
        return reducer.fold(startJson, visible, accessLevel);
    }

    /** The event a {@code $hide} names. */
    public static String hideTarget(PinnedEvent hide) {
        return MergeMetaDataReducer.parse(hide.metaData()).asJsonObject().getString("target");
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
