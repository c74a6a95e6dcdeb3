package io.padic.api.it;

import static io.padic.api.it.CacheTruthOps.LEVELS;
import static io.padic.api.it.CacheTruthOps.OBJECTS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.padic.api.it.CacheTruthOps.Append;
import io.padic.api.it.CacheTruthOps.Batch;
import io.padic.api.it.CacheTruthOps.Burst;
import io.padic.api.it.CacheTruthOps.FlushCache;
import io.padic.api.it.CacheTruthOps.Heal;
import io.padic.api.it.CacheTruthOps.Hide;
import io.padic.api.it.CacheTruthOps.NewCode;
import io.padic.api.it.CacheTruthOps.Op;
import io.padic.api.it.CacheTruthOps.Read;
import io.padic.api.it.CacheTruthOps.RedisAway;
import io.padic.api.it.CacheTruthOps.Write;
import io.padic.api.it.CacheTruthWorld.Ack;
import io.padic.api.it.CacheTruthOps.Retry;
import io.padic.api.support.TcpRelay;
import io.padic.testkit.ApiClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * I4 Cache truth (docs/design.md#i4-cache-truth), as a property: for random histories of single events, batches,
 * retries with an Idempotency-Key (also two attempts at once), hides (also of the event a read fails on), reducer
 * changes (to code that throws for some events and levels, too), bursts of concurrent writers and readers on two
 * processes sharing one store and one Redis, reads (now, {@code seq=}, {@code at=}, at every access level, through both
 * processes), FLUSHALLs, and Redis stopped or cut off from one process in the middle of writes (then every read after
 * the acknowledgements, through either process, must see them: docs/design.md#warm-reads-without-the-store), every
 * state served equals the fold of events 1..seq with the current reducers at that
 * level, computed here in Java from what the writes were acknowledged with (CacheTruthFold); where that fold throws,
 * the read must answer 500 naming the event. Snapshots are taken every 3 events so that short histories cross many of
 * them.
 *
 * <p>The seed is printed first; {@code -Dpadic.cacheTruth.seed=<seed>} replays it (ReplayableSeed), and
 * {@code -Dpadic.cacheTruth.tries=<n>} runs more tries. jqwik shrinks a failing history to a short one.
 */
class CacheTruthIT {

    private static Backends backends;
    /** Each process reaches Redis through its own link, which a RedisAway op may cut. */
    private static List<TcpRelay> links;
    private static List<ApiClient> apps;
    private static List<AppProcess> processes;
    /** Burst writers, readers and racing attempts: they spend their time waiting for an answer. */
    private static ExecutorService threads;

    @BeforeContainer
    static void start() {
        backends = Backends.start();
        // Reducer changes made through one process are read through the other at once (the bound a
        // process keeps event-type heads for is tested in ControlPlaneStalenessIT).
        links = List.of(new TcpRelay(backends.redis().port()), new TcpRelay(backends.redis().port()));
        List<AppProcess.Spec> specs = new ArrayList<>();
        for (int p = 0; p < links.size(); p++) {
            Map<String, String> env = new HashMap<>(Map.of("PADIC_SNAPSHOTS_EVERY", "3",
                    "PADIC_CACHE_CONTROL_PLANE_STALENESS", "PT0S",
                    "PADIC_REDIS_URL", "redis://127.0.0.1:" + links.get(p).port()));
            specs.add(new AppProcess.Spec("truth-" + (p + 1), backends, env));
        }
        processes = AppProcess.startTogether(specs);
        apps = processes.stream().map(p -> ApiClient.to(p.uri())).toList();
        threads = Executors.newVirtualThreadPerTaskExecutor();
    }

    @AfterContainer
    static void stop() {
        if (threads != null) {
            threads.shutdownNow();
        }
        if (processes != null) {
            processes.forEach(AppProcess::close);
        }
        if (links != null) {
            links.forEach(TcpRelay::close);
        }
        if (backends != null) {
            backends.close();
        }
    }

    @Provide
    Arbitrary<List<Op>> histories() {
        return CacheTruthOps.histories();
    }

    // Edge cases would spend tries on one-operation histories.
    // 40 histories keep the whole suite under its 30 minutes; -Dpadic.cacheTruth.tries=<n> runs more.
    @Property(tries = 40, edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(ReplayableSeed.class)
    void everyServedStateIsTheFoldOfItsEvents(@ForAll("histories") List<Op> history) throws InterruptedException {
        CacheTruthWorld world = CacheTruthWorld.create(apps, threads);
        for (Op op : history) {
            switch (op) {
                case Append a -> world.record(List.of(world.send(a)));
                case Batch b -> world.record(world.send(b));
                case Retry r -> world.retry(r);
                case Hide h -> {
                    String target = world.takeHideTarget(h.pick());
                    if (target != null) {
                        world.record(List.of(world.hide(target, h.process())));
                    }
                }
                case Heal h -> {
                    String target = world.takeFailingEvent(h.object(), h.level());
                    if (target != null) {
                        world.record(List.of(world.hide(target, h.process())));
                    }
                }
                case NewCode c -> {
                    world.save(c);
                    world.adopt(c);
                }
                case Read r -> CacheTruthReads.check(world, r);
                case FlushCache f -> flushRedis();
                case Burst b -> CacheTruthBurst.run(world, b, threads);
                case RedisAway r -> redisAway(world, r);
            }
        }
        sweep(world, history.size());
    }

    /**
     * Redis goes away in the middle of a lane of writes; once they are acknowledged, reads through either process see
     * them all (docs/design.md#warm-reads-without-the-store), and again once Redis is back.
     */
    private static void redisAway(CacheTruthWorld world, RedisAway r) throws InterruptedException {
        List<java.util.concurrent.Callable<List<Ack>>> steps = new ArrayList<>();
        for (Write write : r.writes()) {
            steps.add(CacheTruthBurst.step(world, write));
        }
        Future<List<Ack>> writes = threads.submit(() -> {
            List<Ack> acks = new ArrayList<>();
            for (var step : steps) {
                acks.addAll(step.call());
            }
            return acks;
        });
        Thread.sleep(r.afterMillis());
        if (r.whole()) {
            backends.redis().stop();
        } else {
            links.get(r.process()).cut();
        }
        try {
            world.record(CacheTruthBurst.join(writes));
            r.reads().forEach(read -> CacheTruthReads.check(world, read));
        } finally {
            if (r.whole()) {
                backends.redis().restart();
            } else {
                links.get(r.process()).heal();
            }
        }
        r.reads().forEach(read -> CacheTruthReads.check(world, read));
    }

    /**
     * Every past state of every object: each seq at one level, newest first (the first read of a level nobody
     * read yet folds the whole history across many snapshot seqs), each instant at another, through
     * alternating processes; the edit logs are checked against the model on the way. Then, with Redis
     * emptied, the current state at every level through both processes: from what each process kept of the
     * reads above, or folded again from the snapshots.
     */
    private static void sweep(CacheTruthWorld world, int variety) {
        for (int o = 0; o < OBJECTS.size(); o++) {
            String level = LEVELS.get((variety + o) % LEVELS.size());
            for (int seq = world.head(o); seq >= 0; seq--) {
                CacheTruthReads.checkSeq(world, o, level, seq, seq % 2);
            }
            // Events of one batch share their createdAt: one read per distinct instant.
            String atLevel = LEVELS.get((variety + o + 1) % LEVELS.size());
            List<Instant> times = world.times(o);
            for (int k = world.head(o); k >= 0; k--) {
                if (k == 0 || k == times.size() || !times.get(k - 1).equals(times.get(k))) {
                    CacheTruthReads.checkAt(world, o, atLevel, k, (k + 1) % 2);
                }
            }
        }
        flushRedis();
        for (int o = 0; o < OBJECTS.size(); o++) {
            for (String level : LEVELS) {
                for (int process = 0; process < apps.size(); process++) {
                    CacheTruthReads.checkNow(world, o, level, process);
                }
            }
        }
    }

    private static void flushRedis() {
        assertEquals("+OK\r\n", backends.redisCommand("FLUSHALL"));
    }
}
