package io.padic.api.objects;

import io.padic.api.cache.ObjectCache;
import io.padic.api.common.ApiProblem;
import io.padic.api.fold.FoldService;
import io.padic.api.fold.FoldStats;
import io.padic.api.fold.Hides;
import io.padic.api.fold.KnownState;
import io.padic.api.fold.Reducer;
import io.padic.api.fold.ReducerRegistry;
import io.padic.api.fold.StateLine;
import io.padic.api.journal.EventLookup;
import io.padic.api.journal.PinRepository;
import io.padic.api.journal.PinnedEvent;
import io.padic.api.journal.StoredObject;
import io.padic.api.projects.ProjectScope;
import io.padic.api.snapshots.SnapshotRepository;
import io.padic.api.snapshots.SnapshotWriter;
import io.padic.api.store.StoreOutage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The state of an object at a seq (docs/design.md#cache-and-snapshots): from the Redis cache when it holds that seq,
 * else folded from the newest cached or snapshotted state below it, applying only the missing events, then cached.
 * Snapshots at every N-th seq the fold passes are written in the background. Concurrent misses on one key in this
 * process share one fold.
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
    private final StoreOutage outage;
    /**
     * Snapshots one fold takes, the nearest below its target: they are held in memory until written, so a
     * first read of a long history does not hold all of them; older ones are taken by the reads that need them.
     */
    static final int MAX_SNAPSHOTS_PER_FOLD = 16;
    /** A fold's step, in snapshot intervals (4,096 events at N = 64). */
    static final int FOLD_STEP_SNAPSHOTS = 64;
    /** Edit-log views fold their page in runs of this many events, holding only that many states. */
    static final int STEPS_HELD = 100;

    private final Map<String, CompletableFuture<KnownState>> inFlight = new ConcurrentHashMap<>();

    public ObjectStates(ReducerRegistry reducers, FoldService folds, PinRepository pins, EventLookup lookup,
            ObjectCache cache, SnapshotRepository snapshots, SnapshotWriter snapshotWriter, FoldStats stats,
            StoreOutage outage) {
        this.outage = outage;
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

    /**
     * {@link #at}, if it needs nothing but memory: the project's reducers as this process holds them, and the state in
     * this process's own copies. Never a store or Redis call, so it may run on the event loop.
     */
    public Optional<KnownState> kept(ProjectScope scope, StoredObject object, long seq) {
        if (seq == 0) {
            return Optional.of(KnownState.initial(object.createdAt()));
        }
        Optional<KnownState> kept = reducers.kept(scope.projectId()).flatMap(current -> cache.kept(
                new StateLine(scope.projectId(), object.id(), scope.accessLevel(), current.reducerVersion()), seq));
        kept.ifPresent(state -> stats.localHit());
        return kept;
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
        // A fold reads the store; readers of this key wait for it, so it must not wait out a timeout it can foresee.
        outage.giveUpIfSuspected();
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
        return foldPoints(line, reducer, object, start, events, new long[0], target, false).get(target);
    }

    /** What one event of the edit log did: the states before and after it, null where the reducer fails. */
    public interface Step {
        void accept(PinnedEvent event, KnownState before, KnownState after);
    }

    /**
     * Walks {@code events} (seqs after+1.., in order) with the states before and after each, as reads at those
     * seqs answer them: for views of the edit log. A state whose fold fails with a reducer's runtime error is
     * null; a limit is thrown. Cost: the events themselves, plus the way from the newest cached or snapshotted
     * state at or below {@code after}; at most {@link #STEPS_HELD} states are held at once.
     */
    public void walk(ProjectScope scope, StoredObject object, long after, List<PinnedEvent> events, Step step) {
        ReducerRegistry.Current current = reducers.current(scope.projectId());
        StateLine line = new StateLine(scope.projectId(), object.id(), scope.accessLevel(), current.reducerVersion());
        KnownState before;
        try {
            before = at(scope, object, after);
        } catch (ApiProblem e) {
            if (!"runtime".equals(e.extensions().get("kind"))) {
                throw e;
            }
            before = null;
        }
        for (int from = 0; from < events.size(); from += STEPS_HELD) {
            List<PinnedEvent> chunk = events.subList(from, Math.min(events.size(), from + STEPS_HELD));
            long chunkAfter = chunk.get(0).seq() - 1;
            if (before == null && chunk.stream().noneMatch(Hides::isHide)) {
                // The failing event stays in every fold until a hide takes it out: none here, so all fail alike.
                chunk.forEach(event -> step.accept(event, null, null));
                continue;
            }
            // After a failing state, from the newest one kept below it: the fold leaves out what fails again.
            KnownState start = before != null ? before : newestAtOrBelow(line, object, chunkAfter);
            List<PinnedEvent> way = chunk;
            if (start.seq() < chunkAfter) {
                way = new ArrayList<>(pins.range(line.projectId(), line.objectId(), start.seq() + 1, chunkAfter));
                way.addAll(chunk);
            }
            long[] wanted = new long[chunk.size()];
            wanted[0] = chunkAfter;
            for (int i = 0; i + 1 < chunk.size(); i++) {
                wanted[i + 1] = chunk.get(i).seq();
            }
            long target = chunk.get(chunk.size() - 1).seq();
            NavigableMap<Long, KnownState> points = foldPoints(line, current.reducer(), object, start, way, wanted,
                    target, true);
            before = points.get(chunkAfter);
            for (PinnedEvent event : chunk) {
                KnownState afterIt = points.get(event.seq());
                step.accept(event, before, afterIt);
                before = afterIt;
            }
        }
    }

    /**
     * Folds from {@code start} over {@code events} (exactly its seq + 1 .. target) and answers the states at
     * {@code wanted} (ascending, below the target; those at or below the start that the fold ends up using
     * are answered too), at the snapshot points passed (handed to the writer) and at the target.
     */
    private NavigableMap<Long, KnownState> foldPoints(StateLine line, Reducer reducer, StoredObject object,
            KnownState start, List<PinnedEvent> events, long[] wanted, long target, boolean tolerant) {
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
        TreeSet<Long> boundaries = new TreeSet<>();
        long lowestCaptured = Math.max(start.seq() / every + 1, (target - 1) / every - MAX_SNAPSHOTS_PER_FOLD + 1);
        for (long m = lowestCaptured * every; m < target; m += every) {
            boundaries.add(m);
        }
        for (long seq : wanted) {
            if (seq > start.seq()) {
                boundaries.add(seq);
            }
        }
        boundaries.add(target);
        long[] at = boundaries.stream().mapToLong(Long::longValue).toArray();
        NavigableMap<Long, KnownState> points = tolerant
                ? folds.foldEach(reducer, line.accessLevel(), start, events, at, hideTargets)
                : folds.foldTo(reducer, line.accessLevel(), start, events, at, hideTargets);
        snapshotWriter.writeLater(line, points.tailMap(start.seq(), false).values().stream()
                .filter(s -> s.seq() % every == 0).toList());
        return points;
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
            if (!Hides.isHide(event)) {
                continue;
            }
            String target = Hides.target(event);
            long named = Hides.targetSeq(event, line.objectId());
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
