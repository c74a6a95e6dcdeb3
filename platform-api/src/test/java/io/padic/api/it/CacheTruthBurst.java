package io.padic.api.it;

import static io.padic.api.it.CacheTruthOps.OBJECTS;

import io.padic.api.it.CacheTruthOps.Append;
import io.padic.api.it.CacheTruthOps.Batch;
import io.padic.api.it.CacheTruthOps.Burst;
import io.padic.api.it.CacheTruthOps.Hide;
import io.padic.api.it.CacheTruthOps.NewCode;
import io.padic.api.it.CacheTruthOps.Read;
import io.padic.api.it.CacheTruthOps.Write;
import io.padic.api.it.CacheTruthWorld.Ack;
import io.padic.testkit.ApiClient.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

/**
 * A {@link Burst}: its writers on both processes at once, readers among them and perhaps a reducer change.
 * Afterwards the seqs the writers got must fill each object's next seqs, and every read made meanwhile must
 * be the fold at the seq it served (between the heads before and after) with the code before or after.
 */
final class CacheTruthBurst {

    private static final long TIMEOUT_SECONDS = 60;
    /** Readers at once, so that reads also meet each other (one fold per key in a process, cache writes). */
    private static final int READERS = 2;

    private CacheTruthBurst() {
    }

    /** A read made during the burst: its target seq ({@code -1}: now) and the answer. */
    private record Seen(Read read, int target, Reply reply) {
    }

    static void run(CacheTruthWorld world, Burst burst, ExecutorService threads) {
        int[] before = IntStream.range(0, OBJECTS.size()).map(world::head).toArray();
        Map<String, Integer> codeBefore = world.code();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Ack>>> writers = new ArrayList<>();
        for (List<Write> lane : burst.lanes()) {
            List<Callable<List<Ack>>> steps = lane.stream().map(write -> step(world, write)).toList();
            writers.add(threads.submit(() -> {
                start.await();
                List<Ack> acks = new ArrayList<>();
                for (Callable<List<Ack>> step : steps) {
                    acks.addAll(step.call());
                }
                return acks;
            }));
        }
        List<Future<List<Seen>>> readers = new ArrayList<>();
        for (int reader = 0; reader < READERS; reader++) {
            int first = reader;
            List<Read> mine = IntStream.range(0, burst.reads().size()).filter(i -> i % READERS == first)
                    .mapToObj(burst.reads()::get).toList();
            readers.add(threads.submit(() -> {
                start.await();
                return mine.stream().map(r -> read(world, r, before)).toList();
            }));
        }
        List<Future<NewCode>> codeChanges = burst.codeChange().stream().map(c -> threads.submit(() -> {
            start.await();
            world.save(c);
            return c;
        })).toList();
        start.countDown();

        List<Ack> acks = new ArrayList<>();
        writers.forEach(w -> acks.addAll(join(w)));
        List<Seen> seen = new ArrayList<>();
        readers.forEach(r -> seen.addAll(join(r)));
        codeChanges.forEach(c -> world.adopt(join(c)));
        world.place(acks);
        for (Seen s : seen) {
            check(world, s, before[s.read().object()], codeBefore);
        }
    }

    /** A read during the burst: now, or at a seq that was there before it began. */
    private static Seen read(CacheTruthWorld world, Read r, int[] before) {
        int target = r.mode().equals("seq") ? r.pick() % (before[r.object()] + 1) : -1;
        return new Seen(r, target, CacheTruthReads.get(world, r.object(), r.level(), r.process(),
                target < 0 ? "" : "?seq=" + target));
    }

    /** One write of a lane. A hide takes its target now, from the events there before the burst. */
    static Callable<List<Ack>> step(CacheTruthWorld world, Write write) {
        return switch (write) {
            case Append a -> () -> List.of(world.send(a));
            case Batch b -> () -> world.send(b);
            case Hide h -> {
                String target = world.takeHideTarget(h.pick());
                yield target == null ? List::of : () -> List.of(world.hide(target, h.process()));
            }
        };
    }

    private static void check(CacheTruthWorld world, Seen s, int headBefore, Map<String, Integer> codeBefore) {
        int o = s.read().object();
        String level = s.read().level();
        int low = s.target() < 0 ? headBefore : s.target();
        int high = s.target() < 0 ? world.head(o) : s.target();
        for (Map<String, Integer> code : List.of(codeBefore, world.code())) {
            for (int seq = low; seq <= high; seq++) {
                if (CacheTruthReads.matches(s.reply(), world.expected(o, level, seq, code), seq)) {
                    return;
                }
            }
        }
        throw new AssertionError(s.read() + " during a burst answered " + s.reply() + ", which is no fold at seqs "
                + low + ".." + high + " with code " + codeBefore + " or the code after; " + world.describe(o));
    }

    static <T> T join(Future<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new AssertionError("a burst's thread did not finish within " + TIMEOUT_SECONDS + " s", e);
        }
    }
}
