package io.padic.api.analytics;

import static com.mongodb.client.model.Filters.in;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.padic.api.analytics.ActivityRecorder.Hint;
import io.padic.api.analytics.ActivityRecorder.ObjectRef;
import io.padic.api.common.PadicConfig;
import io.padic.api.journal.ObjectRepository;
import io.padic.api.projects.Project;
import io.padic.api.projects.ProjectRepository;
import io.padic.api.projects.ProjectZoneSet;
import io.padic.api.store.EventStore;
import io.padic.api.store.StoreKeys;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds a project's analytics rollups from its stored events, as a new generation ({@link AnalyticsScope}) beside
 * the current one (docs/design.md#analytics): at startup for projects whose events predate analytics, on
 * {@code POST …/analytics/rebuild}, and when the project's time zone changes. Every object of the project is counted
 * up to its head by the {@link AnalyticsFlusher}, as noted objects are, so events written during the build are
 * counted once. One process builds a project at a time (a claim it renews); if it dies, another takes over after
 * {@code padic.analytics.lease-stale-after} and goes on where the states say it stopped.
 */
@ApplicationScoped
public class AnalyticsBuilds {

    private static final int BATCH = 500;
    /** Fewer objects per batch when they hold more events than this: their pins are read into memory together. */
    private static final long BATCH_PINS = 50_000;
    /** Rounds of waiting for objects another flush holds, before leaving them to the regular flushes. */
    private static final int WAIT_ROUNDS = 100;
    private static final Duration LOG_EVERY = Duration.ofSeconds(10);

    private final AnalyticsScopes scopes;
    private final AnalyticsFlusher flusher;
    private final ActivityRecorder recorder;
    private final ObjectRepository objects;
    private final ProjectRepository projects;
    private final EventStore store;
    private final Duration staleAfter;
    private final Counter builtObjects;
    private final AtomicInteger running = new AtomicInteger();
    private final ExecutorService builder = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("analytics-builder").daemon().factory());

    public AnalyticsBuilds(AnalyticsScopes scopes, AnalyticsFlusher flusher, ActivityRecorder recorder,
            ObjectRepository objects, ProjectRepository projects, EventStore store, PadicConfig config,
            MeterRegistry registry) {
        this.scopes = scopes;
        this.flusher = flusher;
        this.recorder = recorder;
        this.objects = objects;
        this.projects = projects;
        this.store = store;
        this.staleAfter = config.analytics().leaseStaleAfter();
        this.builtObjects = Counter.builder("padic.analytics.build.objects")
                .description("Objects counted into analytics rollups by builds and rebuilds").register(registry);
        registry.gauge("padic.analytics.builds.running", running);
    }

    /**
     * Before the flusher's first flush (which would take a project without a scope for one counted from its
     * start): every project without a scope gets one that is building, and the builds no process holds start.
     */
    void findUnbuilt(@Observes @Priority(100) StartupEvent start) {
        if (!flusher.enabled()) {
            return;
        }
        int found = 0;
        List<Project> all = projects.listAll();
        // One read of every project's scope, not one per project: this runs before the process serves.
        Map<String, AnalyticsScope> known = scopes.find(all.stream().map(p -> p.id).toList());
        for (Project project : all) {
            if (!known.containsKey(project.id) && scopes.findOrCreate(project.id, project.zone(), true).building()) {
                found++;
            }
        }
        if (found > 0) {
            Log.infof("Analytics: %d project(s) hold events from before their analytics; building their rollups", found);
        }
        claimStalled();
    }

    void stop(@Observes ShutdownEvent stop) {
        builder.shutdownNow();
    }

    /** Starts a new generation of the project's rollups, built in the background; answers it at once. */
    public void rebuild(Project project) {
        AnalyticsScope scope = scopes.next(project.id, project.zone());
        Log.infof("Analytics of project %s: rebuilding (generation %d, time zone %s)", project.id, scope.epoch(),
                scope.zone());
        if (flusher.enabled()) {
            builder.submit(() -> build(scope));
        }
        // A zone set through another process after this one read the project may have started its generation
        // before this one: this one, in the older zone, would stay current. Then start again in the zone it has.
        projects.findByIdOptional(project.id).filter(now -> !now.zone().equals(scope.zone())).ifPresent(this::rebuild);
    }

    /** A new time zone re-buckets everything: rebuild in it, unless the rollups are counted in it already. */
    void zoneSet(@Observes ProjectZoneSet set) {
        Optional<Project> project = projects.findByIdOptional(set.projectId());
        if (project.isPresent()
                && !scopes.find(set.projectId()).map(s -> s.zone().equals(project.get().zone())).orElse(false)) {
            rebuild(project.get());
        }
    }

    /** Takes over builds whose builder stopped (or that none took yet). */
    @Scheduled(every = "${padic.analytics.recover-every}", delayed = "${padic.analytics.recover-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void claimStalled() {
        if (!flusher.enabled()) {
            return; // a process that counts nothing builds nothing; the others take the builds
        }
        upgradeLayouts();
        for (AnalyticsScope scope : scopes.buildsToClaim(Instant.now().minus(staleAfter))) {
            builder.submit(() -> build(scope));
        }
    }

    /**
     * Rebuilds the projects whose rollups an older version of PAdic counted in another layout
     * ({@link AnalyticsScopes#CURRENT_LAYOUT}): their figures come back by themselves after an upgrade.
     */
    public void upgradeLayouts() {
        for (String projectId : scopes.olderLayouts()) {
            projects.findByIdOptional(projectId).flatMap(project -> scopes.nextForLayout(project.id, project.zone()))
                    .ifPresent(scope -> {
                        Log.infof("Analytics of project %s: counted in an older layout; rebuilding (generation %d)",
                                scope.projectId(), scope.epoch());
                        builder.submit(() -> build(scope));
                    });
        }
    }

    /** Waits for the builds started so far to end (tests). */
    public void awaitBuilds() throws InterruptedException, ExecutionException {
        builder.submit(() -> {
        }).get();
    }

    private void build(AnalyticsScope scope) {
        if (!scopes.claim(scope, flusher.processId(), Instant.now().minus(staleAfter))) {
            return; // another process builds it, or a newer generation replaced it
        }
        running.incrementAndGet();
        try {
            long started = System.nanoTime();
            Progress progress = new Progress(scope);
            Map<String, Hint> batch = new LinkedHashMap<>();
            // Counted batch by batch while the project's objects are read: a project may hold millions.
            AtomicLong pins = new AtomicLong();
            objects.forEachInProject(scope.projectId(), object -> {
                batch.put(object.id(), new Hint(object.type(), object.head()));
                if (batch.size() == BATCH || pins.addAndGet(object.head()) >= BATCH_PINS) {
                    countBatch(scope, batch, progress);
                    batch.clear();
                    pins.set(0);
                }
            });
            if (!batch.isEmpty()) {
                countBatch(scope, batch, progress);
            }
            if (scopes.finish(scope, flusher.processId())) {
                Log.infof("Analytics of project %s built (generation %d): %d objects, %d events, in %.1f s",
                        scope.projectId(), scope.epoch(), progress.objects.get(), progress.pins.get(),
                        (System.nanoTime() - started) / 1e9);
                dropOlderGenerations(scope);
                rebuildIfZoneMoved(scope);
            }
        } catch (Superseded e) {
            Log.infof("Analytics of project %s: the build of generation %d stopped, as %s", scope.projectId(),
                    scope.epoch(), e.getMessage());
        } catch (RuntimeException e) {
            Log.warnf(e, "Building the analytics of project %s failed; it is taken up again after %s",
                    scope.projectId(), staleAfter);
        } finally {
            running.decrementAndGet();
        }
    }

    /** The build stops: this process no longer holds it (a newer generation, or another builder). */
    private static final class Superseded extends RuntimeException {
        Superseded(String why) {
            super(why, null, false, false);
        }
    }

    /** Counts one batch; throws {@link Superseded} if this process no longer holds the build. */
    private void countBatch(AnalyticsScope scope, Map<String, Hint> batch, Progress progress) {
        Map<String, Hint> left = new LinkedHashMap<>(batch);
        for (int round = 0; !left.isEmpty() && round < WAIT_ROUNDS; round++) {
            if (round > 0) {
                pause(); // held by a flush of another process that has not ended yet
            }
            left = flusher.count(scope, left);
        }
        // Still held: the regular flushes count them once their holder ends.
        left.forEach((objectId, hint) -> recorder.note(new ObjectRef(scope.projectId(), objectId), hint));
        builtObjects.increment(batch.size());
        progress.add(batch);
        if (!scopes.beat(scope, flusher.processId())) {
            throw new Superseded("a newer generation replaced it or another process took it over");
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Superseded("this process is stopping");
        }
    }

    private void dropOlderGenerations(AnalyticsScope scope) {
        List<String> older = new ArrayList<>();
        older.add(scope.projectId()); // rollups written before generations existed
        for (long epoch = 1; epoch < scope.epoch(); epoch++) {
            older.add(StoreKeys.analyticsScope(scope.projectId(), epoch));
        }
        for (var collection : List.of(store.analyticsObjects(), store.analyticsCounts(), store.analyticsLifecycle(),
                store.analyticsFunnels(), store.analyticsPending(), store.analyticsSegments(), store.analyticsChecks(),
                store.analyticsFlags())) {
            collection.deleteMany(in(ActivityRepository.PROJECT_ID, older));
        }
    }

    private void rebuildIfZoneMoved(AnalyticsScope scope) {
        projects.findByIdOptional(scope.projectId()).filter(p -> !p.zone().equals(scope.zone()))
                .ifPresent(this::rebuild);
    }

    /** What a build counted so far, logged every {@link #LOG_EVERY}. */
    private static final class Progress {
        private final AnalyticsScope scope;
        private final AtomicLong objects = new AtomicLong();
        private final AtomicLong pins = new AtomicLong();
        private long lastLog = System.nanoTime();

        Progress(AnalyticsScope scope) {
            this.scope = scope;
        }

        void add(Map<String, Hint> batch) {
            objects.addAndGet(batch.size());
            batch.values().forEach(hint -> pins.addAndGet(hint.seq()));
            if (System.nanoTime() - lastLog > LOG_EVERY.toNanos()) {
                lastLog = System.nanoTime();
                Log.infof("Analytics of project %s (generation %d): %d objects, %d events counted so far",
                        scope.projectId(), scope.epoch(), objects.get(), pins.get());
            }
        }
    }
}
