package io.padic.sandbox;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Context;

/**
 * Watches running folds from the host, because Community GraalVM bounds neither guest memory nor (by
 * itself) wall-clock time. Every few milliseconds it cancels a fold that ran too long or whose thread
 * allocated too much, and, when the heap stays full after collection, the fold that allocated the most.
 * A cancelled context is closed; the shared engine and every other fold carry on.
 */
final class FoldGuard implements AutoCloseable {

    enum Reason { TIME, MEMORY }

    private static final long POLL_MILLIS = 10;
    /** A fold that allocated less than this cannot be what fills the heap, so pressure never cancels it. */
    private static final long PRESSURE_CANDIDATE_BYTES = 32L * 1024 * 1024;
    private static final long QUIET_AFTER_PRESSURE_NANOS = 1_000_000_000L;

    private final SandboxLimits limits;
    private final ThreadMXBean threads;
    private final MemoryPoolMXBean oldGeneration;
    private final Set<Ticket> running = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watcher;
    private long quietUntil = System.nanoTime();

    FoldGuard(SandboxLimits limits) {
        this.limits = limits;
        this.threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        this.threads.setThreadAllocatedMemoryEnabled(true);
        this.oldGeneration = findOldGeneration();
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "padic-fold-guard");
            thread.setDaemon(true);
            return thread;
        });
        watcher.scheduleWithFixedDelay(this::inspect, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** One fold under watch, on the calling thread. Close it when the fold ends. */
    final class Ticket implements AutoCloseable {
        private final Context context;
        private final long threadId;
        private final long startNanos;
        private final long startAllocated;
        private volatile Reason reason;

        private Ticket(Context context) {
            this.context = context;
            this.threadId = Thread.currentThread().threadId();
            this.startNanos = System.nanoTime();
            this.startAllocated = threads.getThreadAllocatedBytes(threadId);
        }

        /** Why the guard cancelled this fold, or null if it did not. */
        Reason reason() {
            return reason;
        }

        long allocated() {
            return threads.getThreadAllocatedBytes(threadId) - startAllocated;
        }

        private void cancel(Reason why) {
            if (reason == null) {
                reason = why;
                running.remove(this);
                context.close(true);
            }
        }

        @Override
        public void close() {
            running.remove(this);
        }
    }

    Ticket watch(Context context) {
        Ticket ticket = new Ticket(context);
        running.add(ticket);
        return ticket;
    }

    private void inspect() {
        try {
            long now = System.nanoTime();
            Ticket hungriest = null;
            long most = PRESSURE_CANDIDATE_BYTES;
            for (Ticket ticket : running) {
                long allocated = ticket.allocated();
                if (now - ticket.startNanos > limits.timeLimit().toNanos()) {
                    ticket.cancel(Reason.TIME);
                } else if (allocated > limits.maxAllocatedBytes()) {
                    ticket.cancel(Reason.MEMORY);
                } else if (allocated > most) {
                    most = allocated;
                    hungriest = ticket;
                }
            }
            if (hungriest != null && now > quietUntil && heapUnderPressure()) {
                hungriest.cancel(Reason.MEMORY);
                // Usage after the last collection still counts the cancelled fold's garbage: collect now and
                // give the reading time to settle before judging anyone else.
                quietUntil = now + QUIET_AFTER_PRESSURE_NANOS;
                System.gc();
            }
        } catch (RuntimeException e) {
            // The watcher must survive anything a single inspection meets.
        }
    }

    /**
     * The old generation, as it is now, holds more than the threshold. Young garbage does not count, and a
     * bomb's objects survive into the old generation quickly, long before a full collection reports them.
     */
    private boolean heapUnderPressure() {
        MemoryUsage usage = oldGeneration != null ? oldGeneration.getUsage()
                : ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long max = usage.getMax() > 0 ? usage.getMax() : Runtime.getRuntime().maxMemory();
        return usage.getUsed() > limits.heapPressure() * max;
    }

    private static MemoryPoolMXBean findOldGeneration() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String name = pool.getName();
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()
                    && (name.contains("Old") || name.contains("Tenured"))) {
                return pool;
            }
        }
        return null;
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
