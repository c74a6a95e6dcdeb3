package io.padic.api.analytics;

import io.padic.api.analytics.ActivityRecorder.Hint;
import io.padic.api.analytics.ActivityRecorder.ObjectRef;
import io.padic.api.common.PadicConfig;
import io.padic.api.common.RandomIds;
import io.padic.api.journal.ObjectRepository;
import io.padic.api.journal.PinRepository;
import io.padic.api.journal.PinnedEvent;
import io.padic.api.projects.ControlPlaneCache;
import io.padic.api.projects.Project;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts what the {@link ActivityRecorder} noted, off the request path, every {@code padic.analytics.flush-every}
 * or sooner when the notes pile up. Per object: read its state (the watermark seq), read its pins above the
 * watermark up to the noted seq from the journal, count them, write the state back only at the seq it was read
 * at (else another process counted them: read again), then add the counter changes, which the state holds as
 * pending until they are added (docs/design.md#analytics). So every pin is counted exactly once, whatever
 * retries, repairs or other processes do.
 */
@ApplicationScoped
public class AnalyticsFlusher {

    /** Rounds per flush for objects that another process moved on meanwhile; the rest waits for the next flush. */
    private static final int ROUNDS = 5;
    private static final int SWEEP_BATCH = 100;
    /**
     * At most a tenth of one thread's time (and of the store's work) goes to flushing while ingest outruns it (see
     * {@link #run}); batch ingest is to keep 90% of its rate.
     */
    private static final int PAUSE_FACTOR = 9;
    /**
     * The longest pause: after a flush that counted a long backlog, the rest is counted within this instead of nine
     * times that flush (a run of the load tool sat idle for minutes after its ingest ended).
     */
    private static final long MAX_PAUSE_NANOS = Duration.ofSeconds(30).toNanos();
    /**
     * How long before its last {@code flushedThrough} a dead process's lost notes may reach: an event is created
     * (its time) before the write that notes it ends, and a write takes far less than this.
     */
    private static final Duration LOST_NOTES_MARGIN = Duration.ofMinutes(5);

    private final ActivityRecorder recorder;
    private final ActivityRepository activity;
    private final CounterRepository counters;
    private final PinRepository pins;
    private final ControlPlaneCache controlPlane;
    private final FlusherLeases leases;
    private final ObjectRepository objects;
    private final AnalyticsScopes scopes;
    private final FunnelEntries funnels;
    private final CheckStates checks;
    private final Duration every;
    private final Duration grace;
    private final Duration staleAfter;
    private final Duration heartbeat;
    private final int maxPinsPerObject;
    private final boolean enabled;
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("analytics-lease").daemon().factory());
    private final String processId = RandomIds.next("prc");
    /** Every object noted before this instant is counted (or handed to this process's recorder again). */
    private volatile Instant flushedThrough = Instant.now();
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    public AnalyticsFlusher(ActivityRecorder recorder, ActivityRepository activity, CounterRepository counters,
            PinRepository pins, ControlPlaneCache controlPlane, FlusherLeases leases, ObjectRepository objects,
            AnalyticsScopes scopes, FunnelEntries funnels, CheckStates checks, PadicConfig config) {
        this.checks = checks;
        this.recorder = recorder;
        this.activity = activity;
        this.counters = counters;
        this.pins = pins;
        this.controlPlane = controlPlane;
        this.leases = leases;
        this.objects = objects;
        this.scopes = scopes;
        this.funnels = funnels;
        this.every = config.analytics().flushEvery();
        this.grace = config.analytics().recoveryGrace();
        this.staleAfter = config.analytics().leaseStaleAfter();
        this.heartbeat = config.analytics().heartbeatEvery();
        this.maxPinsPerObject = config.analytics().maxPinsPerObject();
        this.enabled = config.analytics().enabled();
    }

    /** The id of this process's lease (and of its analytics builds' claims). */
    String processId() {
        return processId;
    }

    /** Whether this process counts analytics at all ({@code padic.analytics.enabled}). */
    boolean enabled() {
        return enabled;
    }

    void start(@Observes StartupEvent start) {
        if (!enabled) {
            return; // nothing is noted, so nothing to count and no lease to hold
        }
        recorder.whenFull(wake::release);
        running = true;
        thread = Thread.ofPlatform().name("analytics-flusher").daemon().start(this::run);
        // Its own thread: a long flush must not look like a dead process to the others.
        beats.scheduleWithFixedDelay(this::beat, 0, heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stop) throws InterruptedException {
        if (!enabled) {
            return;
        }
        beats.shutdownNow();
        running = false;
        wake.release();
        if (thread != null) {
            thread.join(Duration.ofSeconds(10));
        }
        // What was noted until now, so a clean stop loses nothing; then no one need recount for this process.
        if (flushNow()) {
            leases.remove(processId);
        }
    }

    /**
     * Flushes every {@code every} or when woken (the lease is renewed on its own thread, every {@code heartbeat}).
     * After a flush that took {@code d} the next one waits at least {@link #PAUSE_FACTOR} × d: when ingest outruns
     * the counting, flushes grow (a flush costs mostly per bucket document it touches, whatever the events in it)
     * instead of taking a whole core from ingest, and the counting still catches up.
     */
    private void run() {
        long nextFlush = System.nanoTime() + every.toNanos();
        long earliestFlush = System.nanoTime();
        while (running) {
            try {
                long wait = Math.max(0, nextFlush - System.nanoTime());
                boolean woken = wake.tryAcquire(wait, TimeUnit.NANOSECONDS);
                wake.drainPermits();
                long now = System.nanoTime();
                if ((woken && now - earliestFlush >= 0) || now - nextFlush >= 0) {
                    flushNow();
                    long end = System.nanoTime();
                    long pause = Math.min(MAX_PAUSE_NANOS, PAUSE_FACTOR * (end - now));
                    earliestFlush = end + pause;
                    nextFlush = end + Math.max(every.toNanos(), pause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                Log.warnf(e, "Counting analytics failed; the objects are counted at the next flush");
            }
        }
    }

    private void beat() {
        try {
            leases.beat(processId, flushedThrough);
        } catch (RuntimeException e) {
            Log.debugf(e, "The analytics lease of this process was not renewed");
        }
    }

    /**
     * Counts everything noted so far; returns whether all of it is counted (else what is left stays noted for the
     * next flush: objects another flush holds, or a store failure).
     */
    public synchronized boolean flushNow() {
        Instant started = Instant.now();
        AtomicBoolean leftOver = new AtomicBoolean();
        Map<String, Map<String, Hint>> byProject = new LinkedHashMap<>();
        for (Map.Entry<ObjectRef, Hint> noted : recorder.drain()) {
            byProject.computeIfAbsent(noted.getKey().projectId(), p -> new HashMap<>())
                    .put(noted.getKey().objectId(), noted.getValue());
        }
        // Read after the notes are taken: a rebuild that started before a note was made is seen here (see AnalyticsBuilds).
        Map<String, AnalyticsScope> current = byProject.isEmpty() ? Map.of() : scopes.find(byProject.keySet());
        byProject.forEach((projectId, objects) -> {
            Map<String, Hint> left = objects;
            try {
                Optional<AnalyticsScope> scope = scope(projectId, current);
                left = scope.isEmpty() ? Map.of() : count(scope.get(), objects);
            } catch (RuntimeException e) {
                Log.warnf(e, "Counting analytics of %d object(s) of project %s failed; they are counted later",
                        objects.size(), projectId);
            }
            left.forEach((objectId, hint) -> recorder.note(new ObjectRef(projectId, objectId), hint));
            if (!left.isEmpty()) {
                leftOver.set(true);
            }
        });
        if (!leftOver.get()) {
            flushedThrough = started;
        }
        return !leftOver.get();
    }

    /** The project's current scope; made (ready) for a project analytics count from its start; empty if deleted. */
    private Optional<AnalyticsScope> scope(String projectId, Map<String, AnalyticsScope> current) {
        AnalyticsScope scope = current.get(projectId);
        if (scope != null) {
            return Optional.of(scope);
        }
        Optional<Project> project = controlPlane.project(projectId);
        return project.map(p -> scopes.findOrCreate(projectId, p.zone(), false));
    }

    /**
     * Counts these objects of one project into {@code scope}, up to their noted seqs; returns those left for a later
     * flush (held by another process's flush that is still running).
     */
    Map<String, Hint> count(AnalyticsScope scope, Map<String, Hint> objects) {
        Map<String, Hint> left = objects;
        for (int round = 0; round < ROUNDS && !left.isEmpty(); round++) {
            left = countOnce(scope, left);
        }
        return left;
    }

    private record Plan(String objectId, Long readSeq, ObjectActivity current, long to) {
    }

    /** An object's state before and after counting, and the counter changes between them. */
    private record Counted(ObjectActivity before, ObjectActivity after, Deltas deltas) {

        /** Its funnel entries to write, if its first times changed. */
        Optional<FunnelEntries.Change> entryChange(String objectId) {
            return after.firsts().equals(before.firsts()) ? Optional.empty() : Optional.of(
                    new FunnelEntries.Change(after.objectType(), objectId, before.firsts(), after.firsts()));
        }
    }

    /** One read-count-write round; returns the objects to count again (moved on by another writer meanwhile). */
    private Map<String, Hint> countOnce(AnalyticsScope scope, Map<String, Hint> objects) {
        String key = scope.key();
        Map<String, ActivityRepository.Stored> states = activity.find(key, objects.keySet());
        Map<String, String> types = typesOfNew(scope.projectId(), objects, states);
        Map<String, Hint> later = new HashMap<>();
        List<Plan> plans = new ArrayList<>();
        List<PinRepository.Span> spans = new ArrayList<>();
        objects.forEach((objectId, hint) -> {
            ActivityRepository.Stored stored = states.get(objectId);
            if (stored != null && stored.pendingFlush() != null && !settle(key, stored.pendingFlush())) {
                later.put(objectId, hint); // a flush that is still running holds it
                return;
            }
            ObjectActivity current = stored == null ? ObjectActivity.empty(types.get(objectId), scope.zone())
                    : stored.activity();
            long to = Math.max(hint.seq(), current.seq());
            if (current.seq() >= to) {
                return; // counted already
            }
            if (to - current.seq() > maxPinsPerObject) {
                to = current.seq() + maxPinsPerObject; // a long history is read in parts; the rest next round
                later.put(objectId, hint);
            }
            plans.add(new Plan(objectId, stored == null ? null : current.seq(), current, to));
            spans.add(new PinRepository.Span(objectId, current.seq() + 1, to));
        });
        if (plans.isEmpty()) {
            return later;
        }
        Map<String, List<PinnedEvent>> read = pins.ranges(scope.projectId(), spans);
        List<ActivityRepository.Save> saves = new ArrayList<>(plans.size());
        Map<String, Counted> byObject = new HashMap<>();
        for (Plan plan : plans) {
            ObjectActivity next = plan.current().copy();
            Deltas deltas = next.count(plan.objectId(), read.get(plan.objectId()));
            saves.add(new ActivityRepository.Save(plan.objectId(), plan.readSeq(), next));
            byObject.put(plan.objectId(), new Counted(plan.current(), next, deltas));
        }
        String flushId = RandomIds.next("afl");
        activity.mark(key, flushId, byObject.keySet());
        var saved = activity.save(key, flushId, saves);
        Deltas merged = new Deltas();
        Map<String, Long> savedSeqs = new HashMap<>();
        List<FunnelEntries.Change> entries = new ArrayList<>();
        for (String objectId : saved) {
            Counted counted = byObject.get(objectId);
            merged.addAll(counted.deltas());
            savedSeqs.put(objectId, counted.after().seq());
            counted.entryChange(objectId).ifPresent(entries::add);
        }
        counters.apply(key, flushId, merged);
        checks.touched(key, scope.zone(), merged.byBucket().keySet(), Instant.now());
        funnels.apply(key, entries);
        activity.clearPending(key, savedSeqs);
        activity.unmark(key, flushId);
        for (Plan plan : plans) {
            if (!saved.contains(plan.objectId())) {
                later.put(plan.objectId(), objects.get(plan.objectId()));
            }
        }
        return later;
    }

    /** The type of each object counted for the first time: as noted, else (noted by the repair sweep) as stored. */
    private Map<String, String> typesOfNew(String projectId, Map<String, Hint> objects,
            Map<String, ActivityRepository.Stored> states) {
        Map<String, String> types = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        objects.forEach((objectId, hint) -> {
            if (!states.containsKey(objectId)) {
                if (hint.objectType() != null) {
                    types.put(objectId, hint.objectType());
                } else {
                    unknown.add(objectId);
                }
            }
        });
        if (!unknown.isEmpty()) {
            this.objects.findMany(projectId, unknown).forEach((objectId, object) -> types.put(objectId, object.type()));
        }
        return types;
    }

    /**
     * Whether the pending changes of flush {@code flushId} are added (true), adding them if that flush is older
     * than the grace (its process died or stalled); false while it may still be running.
     */
    private boolean settle(String scope, String flushId) {
        Optional<ActivityRepository.Marker> marker = activity.marker(scope, flushId);
        if (marker.isEmpty()) {
            return true; // its changes were added before its marker went
        }
        if (marker.get().since().isAfter(Instant.now().minus(grace))) {
            return false;
        }
        recover(marker.get());
        return true;
    }

    /**
     * Adds the changes of a flush that did not finish, once, and clears them: for each state it wrote, the state
     * before is counted again from the object's first pin up to the seq the flush read it at, and the changes are
     * those of counting on from there to the state's seq (counting is deterministic, so they are the flush's own).
     */
    void recover(ActivityRepository.Marker marker) {
        Deltas merged = new Deltas();
        Map<String, Long> seqs = new HashMap<>();
        List<FunnelEntries.Change> entries = new ArrayList<>();
        List<ZoneId> zones = new ArrayList<>();
        String projectId = AnalyticsScope.projectOf(marker.scope());
        activity.find(marker.scope(), marker.objectIds()).forEach((objectId, stored) -> {
            if (marker.flushId().equals(stored.pendingFlush())) {
                ObjectActivity after = stored.activity();
                zones.add(after.zone());
                ObjectActivity before = ObjectActivity.empty(after.objectType(), after.zone());
                countRange(projectId, objectId, before, stored.pendingFromSeq());
                ObjectActivity again = before.copy();
                Counted counted = new Counted(before, after, countRange(projectId, objectId, again, after.seq()));
                merged.addAll(counted.deltas());
                seqs.put(objectId, after.seq());
                counted.entryChange(objectId).ifPresent(entries::add);
            }
        });
        counters.apply(marker.scope(), marker.flushId(), merged);
        zones.stream().findFirst().ifPresent(zone ->
                checks.touched(marker.scope(), zone, merged.byBucket().keySet(), Instant.now()));
        funnels.apply(marker.scope(), entries);
        activity.clearPending(marker.scope(), seqs);
        activity.unmark(marker.scope(), marker.flushId());
    }

    /** Counts the object's pins after {@code state}'s seq up to {@code to} into it, a part at a time. */
    private Deltas countRange(String projectId, String objectId, ObjectActivity state, long to) {
        Deltas deltas = new Deltas();
        while (state.seq() < to) {
            long end = Math.min(to, state.seq() + maxPinsPerObject);
            deltas.addAll(state.count(objectId, pins.ranges(projectId,
                    List.of(new PinRepository.Span(objectId, state.seq() + 1, end))).get(objectId)));
        }
        return deltas;
    }

    /**
     * Finishes what processes that died left undone: flushes that stopped half-way (between writing states and adding
     * counters), and the notes a process held in memory when it died (its lease's heartbeat stopped): every object
     * written since shortly before its {@code flushedThrough} is counted up to its head, which counts nothing twice.
     */
    @Scheduled(every = "${padic.analytics.recover-every}", delayed = "${padic.analytics.recover-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void recoverStalled() {
        if (!enabled) {
            return; // a process that counts nothing recounts nothing either
        }
        for (FlusherLeases.Lease lease : leases.staleBefore(Instant.now().minus(staleAfter))) {
            if (!lease.processId().equals(processId)) {
                recount(lease);
            }
        }
        List<ActivityRepository.Marker> stalled = activity.markersBefore(Instant.now().minus(grace), SWEEP_BATCH);
        for (ActivityRepository.Marker marker : stalled) {
            recover(marker);
        }
        if (!stalled.isEmpty()) {
            Log.infof("Analytics finished %d interrupted flush(es)", stalled.size());
        }
    }

    private void recount(FlusherLeases.Lease lease) {
        AtomicInteger noted = new AtomicInteger();
        objects.forEachWrittenSince(lease.flushedThrough().minus(LOST_NOTES_MARGIN), (projectId, object) -> {
            recorder.note(new ObjectRef(projectId, object.id()), new Hint(object.type(), object.head()));
            noted.incrementAndGet();
        });
        if (flushNow()) {
            leases.remove(lease.processId());
            Log.infof("Analytics counted %d object(s) written through process %s, which stopped (last heartbeat %s)"
                    + " before counting them", noted.get(), lease.processId(), lease.heartbeat());
        }
    }
}
