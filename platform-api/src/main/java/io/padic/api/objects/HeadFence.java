package io.padic.api.objects;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.padic.api.cache.RedisGuard;
import io.padic.api.common.RandomIds;
import io.padic.api.store.StoreCommandCounter;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * When a head noted in Redis may answer a read without the store (docs/design.md#warm-reads-without-the-store).
 *
 * <p>Every write raises the notes of the heads it raised before it is acknowledged. A process that could not raise one
 * owes: it puts up a fence in the store ({@code cache_fences}) and holds that write's acknowledgement until every
 * process's view shows the fence. Each process polls the fences and the notes' epoch ({@code padic:heads:epoch}) every
 * {@link #POLL_EVERY}, fences first, and trusts its view for {@link #VIEW_FOR} from the moment that poll began: a note
 * answers a read only while no fence is up and the note carries the current epoch. Once Redis answers again the owing
 * process raises the epoch (every older note is then ignored) and only then takes its fence down, unless another write
 * failed meanwhile. A fence not refreshed for {@link #DEAD_AFTER} is a dead process's: whoever finds it raises the
 * epoch and takes it down.
 */
@ApplicationScoped
public class HeadFence {

    static final String EPOCH_KEY = "padic:heads:epoch";
    /** The epoch, raised by ARGV[1] (0 or 1); a missing one starts at ARGV[2]. */
    private static final String EPOCH = """
            if redis.call('EXISTS', KEYS[1]) == 0 then
              redis.call('SET', KEYS[1], ARGV[2])
            end
            return redis.call('INCRBY', KEYS[1], ARGV[1])
            """;
    static final String THREAD = StoreCommandCounter.FENCE_THREAD;
    static final Duration POLL_EVERY = Duration.ofMillis(500);
    static final Duration VIEW_FOR = Duration.ofMillis(1500);
    /** Added to {@link #VIEW_FOR} before an owing write is answered: processes' clocks run at slightly other rates. */
    static final Duration MARGIN = Duration.ofMillis(100);
    static final Duration REFRESH_EVERY = Duration.ofSeconds(10);
    static final Duration DEAD_AFTER = Duration.ofSeconds(60);

    /** What a poll found, and when (System.nanoTime) it began. */
    private record View(long epoch, boolean trusting, long polledAt) {
    }

    private final RedisDataSource redis;
    private final RedisGuard guard;
    private final HeadFences fences;
    private final Counter fencesPut;
    private final String processId = RandomIds.next("proc");
    private final Object lock = new Object();
    private volatile View view;
    private volatile boolean owing;
    // Guarded by lock: the fence's token (null while none is up), the writes that failed to raise a note so far,
    // and (System.nanoTime) when the fence was last written and from when every view shows it.
    private String token;
    private long failures;
    private long fenceWrittenAt;
    private long fenceVisibleAt;
    private ScheduledExecutorService timer;

    public HeadFence(RedisDataSource redis, RedisGuard guard, HeadFences fences, MeterRegistry registry) {
        this.redis = redis;
        this.guard = guard;
        this.fences = fences;
        this.fencesPut = Counter.builder("padic.cache.head.fences")
                .description("Times this process could not raise a head noted in Redis and put up a fence in the store")
                .register(registry);
    }

    void start(@Observes StartupEvent started) {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, THREAD);
            thread.setDaemon(true);
            return thread;
        });
        long every = POLL_EVERY.toMillis();
        timer.scheduleWithFixedDelay(this::poll, 0, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** The epoch a note must carry to answer a read now instead of the store, or empty when no note may. */
    OptionalLong trustedEpoch() {
        View seen = view;
        if (owing || seen == null || !seen.trusting() || System.nanoTime() - seen.polledAt() > VIEW_FOR.toNanos()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(seen.epoch());
    }

    /**
     * The epoch to note a head with that a store read starting now finds. Any view will do: one older than the current
     * epoch makes a note that no read trusts, never a wrong one.
     */
    OptionalLong epochToNote() {
        View seen = view;
        return seen == null ? OptionalLong.empty() : OptionalLong.of(seen.epoch());
    }

    /**
     * A write could not raise a note: returns once no process trusts a note (the fence is in every view). The first
     * such write of an episode waits {@link #VIEW_FOR}; later ones only until then. Throws if the fence cannot be put
     * up: the write is stored then, but not acknowledged.
     */
    void owe() {
        long visibleAt = fence();
        long wait;
        while ((wait = visibleAt - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /** Puts up the fence without waiting for it: no write of this process is waiting to be acknowledged. */
    private void suspect() {
        fence();
    }

    /**
     * Counts a failure and makes sure the fence is up (this process trusts no note from now on); returns from when
     * every view shows it. Throws if the store does not take the fence, which is then put up by the next failure.
     */
    private long fence() {
        synchronized (lock) {
            failures++;
            owing = true;
            if (token == null) {
                String episode = RandomIds.next("fence");
                putFence(episode);
                token = episode;
                fencesPut.increment();
                Log.warnf("A head could not be noted in Redis: reads of every process take heads from the store until"
                        + " Redis answers this process again (fence %s)", episode);
            } else if (System.nanoTime() - fenceWrittenAt > REFRESH_EVERY.toNanos() * 2) {
                putFence(token); // this process stalled: someone may have taken it for dead and the fence down
            }
            return fenceVisibleAt;
        }
    }

    /** Writes the fence (again) and moves the moment every view shows it. Called holding the lock. */
    private void putFence(String episode) {
        fences.put(processId, episode);
        fenceWrittenAt = System.nanoTime();
        fenceVisibleAt = fenceWrittenAt + VIEW_FOR.toNanos() + MARGIN.toNanos();
    }

    private void poll() {
        long started = System.nanoTime();
        try {
            if (guard.isDown()) {
                // Any Redis failure seen here (a read's too) may hide a note that lost its last raise, as when a
                // cluster master dies before its replica has it: fence until Redis answers and the epoch is raised.
                suspect();
            }
            recoverIfOwing();
            boolean clear = true;
            Instant deadBefore = Instant.now().minus(DEAD_AFTER);
            for (HeadFences.Fence fence : fences.all()) {
                if (!fence.processId().equals(processId) && fence.refreshedAt().isBefore(deadBefore)) {
                    // Its process died owing: no note made before this is trusted again, then the fence can go.
                    if (bumpEpoch()) {
                        fences.remove(fence.processId(), fence.token());
                        continue;
                    }
                }
                clear = false;
            }
            // After the fences: a view without fences then has the epoch their owners raised before taking them down.
            OptionalLong epoch = readEpoch();
            view = epoch.isPresent() ? new View(epoch.getAsLong(), clear, started) : null;
        } catch (RuntimeException e) {
            // The store did not answer: the view ages out and reads take heads from the store.
            Log.debugf(e, "Head fence poll failed");
        }
    }

    private void recoverIfOwing() {
        long seen;
        synchronized (lock) {
            if (!owing) {
                return;
            }
            if (token != null && System.nanoTime() - fenceWrittenAt > REFRESH_EVERY.toNanos()) {
                putFence(token);
            }
            seen = failures;
        }
        if (!bumpEpoch()) {
            return;
        }
        String episode;
        synchronized (lock) {
            // A write that failed after the epoch was raised may not be in the notes made since: raise it again first.
            if (failures != seen) {
                return;
            }
            episode = token;
            if (episode != null) {
                fences.remove(processId, episode);
            }
            token = null;
            owing = false;
        }
        Log.infof("Redis answers again: head notes are trusted from a new epoch on (fence %s down)", episode);
    }

    private boolean bumpEpoch() {
        return guard.call(() -> redis.execute("EVAL", EPOCH, "1", EPOCH_KEY, "1", firstEpoch())).isPresent();
    }

    private OptionalLong readEpoch() {
        return guard.call(() -> redis.execute("EVAL", EPOCH, "1", EPOCH_KEY, "0", firstEpoch()))
                .map(value -> OptionalLong.of(value.toLong())).orElse(OptionalLong.empty());
    }

    /**
     * A random start for a missing epoch: should the key alone be lost (a Redis that evicts keys without a TTL, a
     * careless DEL), a new epoch matches no note made before, as a new epoch from 0 or 1 might.
     */
    private static String firstEpoch() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1L << 20, 1L << 52));
    }
}
