package io.padic.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Runs one operation from N concurrent clients, each in a closed loop (the next request goes out when the
 * last one has answered), first unmeasured for the warm-up, then measured for a duration or a request count.
 * Latencies go into one HdrHistogram per client, merged at the end.
 */
public final class LoadRunner {

    /** One request of a load phase; throws when the answer is not the expected one. */
    @FunctionalInterface
    public interface Operation {
        void run(int client, long iteration) throws Exception;
    }

    /** Latencies up to one minute at three significant digits; a slower request still counts, clamped. */
    private static final long HIGHEST_NANOS = Duration.ofMinutes(1).toNanos();

    private final Options.Threads threads;
    private final long apiPid;
    private final Supplier<Map<String, Double>> apiCounters;

    public LoadRunner(Options.Threads threads, long apiPid) {
        this(threads, apiPid, Map::of);
    }

    /** {@code apiCounters} reads platform-api's counters; it is read just before and after each measured phase. */
    public LoadRunner(Options.Threads threads, long apiPid, Supplier<Map<String, Double>> apiCounters) {
        this.threads = threads;
        this.apiPid = apiPid;
        this.apiCounters = apiCounters;
    }

    /** Warm-up, then a measured phase; the CPU and RSS columns cover the measured phase only. */
    public Measurement run(String name, int clients, Duration warmup, Duration measure, long requests, Operation op) {
        AtomicLong iterations = new AtomicLong();
        if (!warmup.isZero()) {
            phase(clients, warmup, 0, iterations, op);
        }
        // Counters are read outside the CPU window: reading them costs platform-api a little CPU.
        Map<String, Double> countersBefore = apiCounters.get();
        long self = ProcessHandle.current().pid();
        Duration apiCpu = ProcStats.cpu(apiPid);
        Duration selfCpu = ProcStats.cpu(self);
        Duration machine = ProcStats.machineBusy();
        Phase measured = phase(clients, measure, requests, iterations, op);
        Duration apiUsed = ProcStats.cpu(apiPid).minus(apiCpu);
        Duration selfUsed = ProcStats.cpu(self).minus(selfCpu);
        // Whatever else ran meanwhile (Redis, other programs) competed for the same cores: say so.
        Duration others = ProcStats.machineBusy().minus(machine).minus(apiUsed).minus(selfUsed);
        Map<String, Double> counters = ApiMetrics.delta(countersBefore, apiCounters.get());
        return new Measurement(name, clients, measured.histogram, measured.errors, measured.firstError,
                measured.elapsedNanos, apiUsed, selfUsed, others.isNegative() ? Duration.ZERO : others,
                ProcStats.rssKib(apiPid).orElse(0), 1, counters);
    }

    private record Phase(Histogram histogram, long errors, String firstError, long elapsedNanos) {
    }

    /**
     * Runs until the deadline, or until {@code requests} have been taken when that is above zero. The
     * iteration numbers continue across phases so that ids made from them never repeat.
     */
    private Phase phase(int clients, Duration duration, long requests, AtomicLong iterations, Operation op) {
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong remaining = new AtomicLong(requests > 0 ? requests : Long.MAX_VALUE);
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Histogram> histograms = new ArrayList<>(clients);
        List<Thread> workers = new ArrayList<>(clients);
        long[] deadline = new long[1];
        for (int c = 0; c < clients; c++) {
            Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
            histograms.add(histogram);
            int client = c;
            Runnable loop = () -> {
                await(go);
                while (System.nanoTime() < deadline[0] && remaining.getAndDecrement() > 0) {
                    long iteration = iterations.getAndIncrement();
                    long start = System.nanoTime();
                    try {
                        op.run(client, iteration);
                        histogram.recordValue(Math.min(System.nanoTime() - start, HIGHEST_NANOS));
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                    }
                }
            };
            Thread.Builder builder = threads == Options.Threads.VIRTUAL ? Thread.ofVirtual() : Thread.ofPlatform();
            workers.add(builder.name("bench-client-" + c).unstarted(loop));
        }
        workers.forEach(Thread::start);
        long start = System.nanoTime();
        // A count-bound phase still stops after an hour rather than never.
        deadline[0] = start + (requests > 0 ? Duration.ofHours(1) : duration).toNanos();
        go.countDown();
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted during a load phase", e);
            }
        }
        long elapsed = System.nanoTime() - start;
        Histogram all = new Histogram(HIGHEST_NANOS, 3);
        histograms.forEach(all::add);
        return new Phase(all, errors.get(), firstError.get(), elapsed);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
