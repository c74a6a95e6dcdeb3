package io.padic.api.objects;

import io.padic.api.cache.ObjectCache;
import io.padic.api.events.EventLookup;
import io.padic.api.events.PinRepository;
import io.padic.api.events.PinnedEvent;
import io.padic.api.fold.FoldService;
import io.padic.api.fold.FoldStats;
import io.padic.api.fold.KnownState;
import io.padic.api.fold.Reducer;
import io.padic.api.fold.ReducerRegistry;
import io.padic.api.fold.StateLine;
import io.padic.api.projects.ProjectScope;
import io.padic.api.snapshots.SnapshotRepository;
import io.padic.api.snapshots.SnapshotWriter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The state of an object at a seq (DESIGN §4): from the Redis cache when it holds that seq, else folded
 * from the newest cached or snapshotted state below it, applying only the missing events, then cached.
 * Snapshots at every N-th seq the fold passes are written in the background. Concurrent misses on one
 * key in this process share one fold.
 */
@ApplicationScoped
public class ObjectStates {

    private final ReducerRegistry reducers;
    private final FoldService folds;
    private final PinRepository pins;
    private final EventLookup lookup;
    private final ObjectCache cache;
    private final SnapshotRepository snapshots;
    private final SnapshotWriter snapshotWriter;
    private final FoldStats stats;
    /**
     * Snapshots one fold takes, the nearest below its target: they are held in memory until written, so a
     * first read of a long history does not hold all of them; older ones are taken by the reads that need them.
     */
    static final int MAX_SNAPSHOTS_PER_FOLD = 16;
    /** A fold's step, in snapshot intervals (4,096 events at N = 64). */
    static final int FOLD_STEP_SNAPSHOTS = 64;

    private final Map<String, CompletableFuture<KnownState>> inFlight = new ConcurrentHashMap<>();

    public ObjectStates(ReducerRegistry reducers, FoldService folds, PinRepository pins, EventLookup lookup,
            ObjectCache cache, SnapshotRepository snapshots, SnapshotWriter snapshotWriter, FoldStats stats) {
        this.reducers = reducers;
        this.folds = folds;
        this.pins = pins;
        this.lookup = lookup;
        this.cache = cache;
        this.snapshots = snapshots;
        this.snapshotWriter = snapshotWriter;
        this.stats = stats;
    }

    /** The fold of the object's events 1..seq with the project's current reducers, at the scope's level. */
    public KnownState at(ProjectScope scope, StoredObject object, long seq) {
        if (seq == 0) {
            return KnownState.initial(object.createdAt());
        }
        ReducerRegistry.Current current = reducers.current(scope.projectId());
        StateLine line = new StateLine(scope.projectId(), object.id(), scope.accessLevel(), current.reducerVersion());
        Optional<KnownState> kept = cache.kept(line, seq);
        if (kept.isPresent()) {
            stats.localHit();
            return kept.get();
        }
        Optional<KnownState> cached = cache.get(line, seq);
        if (cached.isPresent()) {
            stats.hit();
            return cached.get();
        }
        stats.miss();
        return once(ObjectCache.key(line, seq), () -> compute(line, current.reducer(), object, seq));
    }

    private KnownState once(String key, Supplier<KnownState> compute) {
        CompletableFuture<KnownState> mine = new CompletableFuture<>();
        CompletableFuture<KnownState> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        try {
            KnownState result = compute.get();
            mine.complete(result);
            return result;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private KnownState compute(StateLine line, Reducer reducer, StoredObject object, long target) {
        KnownState start = newestAtOrBelow(line, object, target);
        if (start.seq() == target) {
            // Another fold in this process or a snapshot got there first.
            cache.put(line, start);
            return start;
        }
        stats.foldStarted();
        // A long way is folded in steps: no more than a step's pins are held at once, and each step leaves
        // the snapshots below its end, so a later read anywhere in the history folds at most one step.
        long every = snapshotWriter.every();
        long step = FOLD_STEP_SNAPSHOTS * every;
        while (target - start.seq() > step) {
            start = foldFrom(line, reducer, object, start, (start.seq() + step) / every * every);
        }
        KnownState result = foldFrom(line, reducer, object, start, target);
        cache.put(line, result);
        return result;
    }

    /** Folds from {@code start} to {@code target} and hands the snapshot points it passed to the writer. */
    private KnownState foldFrom(StateLine line, Reducer reducer, StoredObject object, KnownState start, long target) {
        List<PinnedEvent> events = pins.range(line.projectId(), line.objectId(), start.seq() + 1, target);
        Map<String, Long> seqOfEvent = new HashMap<>();
        Map<Long, Long> hideTargets = new HashMap<>();
        while (true) {
            long lowest = resolveHides(line, events, seqOfEvent, hideTargets, start.seq());
            if (lowest < 0) {
                break;
            }
            // A new hide reaches into the start state, which still holds its target: start below it.
            KnownState lower = newestAtOrBelow(line, object, lowest - 1);
            List<PinnedEvent> more = new ArrayList<>(pins.range(line.projectId(), line.objectId(), lower.seq() + 1,
                    start.seq()));
            more.addAll(events);
            events = more;
            start = lower;
        }
        long every = snapshotWriter.every();
        List<Long> boundaries = new ArrayList<>();
        long lowestCaptured = Math.max(start.seq() / every + 1, (target - 1) / every - MAX_SNAPSHOTS_PER_FOLD + 1);
        for (long m = lowestCaptured * every; m < target; m += every) {
            boundaries.add(m);
        }
        boundaries.add(target);
        NavigableMap<Long, KnownState> points = folds.foldTo(reducer, line.accessLevel(), start, events,
                boundaries.stream().mapToLong(Long::longValue).toArray(), hideTargets);
        KnownState result = points.get(target);
        snapshotWriter.writeLater(line, points.tailMap(start.seq(), false).values().stream()
                .filter(s -> s.seq() % every == 0).toList());
        return result;
    }

    /**
     * Fills {@code hideTargets} (hide seq → target seq in this object) for the hides among {@code events};
     * returns the lowest target at or below {@code startSeq}, or -1 if the start holds no hidden event.
     */
    private long resolveHides(StateLine line, List<PinnedEvent> events, Map<String, Long> seqOfEvent,
            Map<Long, Long> hideTargets, long startSeq) {
        for (PinnedEvent event : events) {
            seqOfEvent.put(event.eventId(), event.seq());
        }
        long lowest = -1;
        for (PinnedEvent event : events) {
            if (!PinnedEvent.HIDE_TYPE.equals(event.type())) {
                continue;
            }
            String target = FoldService.hideTarget(event);
            long named = FoldService.hideTargetSeq(event, line.objectId());
            Long targetSeq = named >= 0 ? named : seqOfEvent.computeIfAbsent(target, id -> lookup.seqOn(
                    line.projectId(), line.objectId(), id).orElse(-1L));
            if (targetSeq < 0) {
                continue; // not pinned to this object: hiding it changes nothing here
            }
            hideTargets.put(event.seq(), targetSeq);
            if (targetSeq <= startSeq && (lowest < 0 || targetSeq < lowest)) {
                lowest = targetSeq;
            }
        }
        return lowest;
    }

    /** The best start: the newest cached state or snapshot of the line at or below {@code maxSeq}, else {}. */
    private KnownState newestAtOrBelow(StateLine line, StoredObject object, long maxSeq) {
        if (maxSeq <= 0) {
            return KnownState.initial(object.createdAt());
        }
        Optional<KnownState> cached = cache.newestAtOrBelow(line, maxSeq);
        long above = cached.map(KnownState::seq).orElse(0L);
        Optional<KnownState> snapshot = snapshots.newestAtOrBelow(line, maxSeq, above, snapshotWriter.every());
        return snapshot.or(() -> cached).orElseGet(() -> KnownState.initial(object.createdAt()));
    }
}
