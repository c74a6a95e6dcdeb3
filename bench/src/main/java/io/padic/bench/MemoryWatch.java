package io.padic.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Samples the memory of platform-api processes (resident set from {@code /proc}, heap in use from their
 * {@code /q/metrics}) every {@code every} on a thread of its own, and keeps the highest of each per stage of a
 * run ("ingest", "routes", …), so a report can say how much memory each stage took at its peak.
 */
final class MemoryWatch implements AutoCloseable {

    /** A process to watch: its name in the report, its pid, and how to read its metrics. */
    record Process(String name, long pid, Supplier<Map<String, Double>> metrics) {
    }

    /** The highest figures seen of one process during one stage; heap absent when its metrics had none. */
    record Peak(String stage, String process, long rssKib, Optional<Long> heapBytes) {

        Peak higher(long rss, Optional<Long> heap) {
            Optional<Long> top = heap.isEmpty() ? heapBytes
                    : Optional.of(Math.max(heap.get(), heapBytes.orElse(Long.MIN_VALUE)));
            return new Peak(stage, process, Math.max(rssKib, rss), top);
        }
    }

    private final List<Process> processes;
    private final Duration every;
    private final Map<String, Peak> peaks = new LinkedHashMap<>();
    private final Thread thread;
    private volatile String stage = "start";
    private volatile boolean running = true;

    MemoryWatch(List<Process> processes, Duration every) {
        this.processes = List.copyOf(processes);
        this.every = every;
        this.thread = Thread.ofPlatform().daemon().name("bench-memory-watch").start(this::watch);
    }

    /** From now on, samples count for {@code name}. */
    void stage(String name) {
        sample(); // the end of the stage before belongs to it
        stage = name;
        sample();
    }

    /** The peaks so far, stage by stage in the order the stages began, each process in the order given. */
    synchronized List<Peak> peaks() {
        return new ArrayList<>(peaks.values());
    }

    /** The highest of all stages, per process. */
    synchronized Map<String, Peak> overall() {
        Map<String, Peak> top = new LinkedHashMap<>();
        for (Peak peak : peaks.values()) {
            top.merge(peak.process(), new Peak("all", peak.process(), peak.rssKib(), peak.heapBytes()),
                    (a, b) -> a.higher(b.rssKib(), b.heapBytes()));
        }
        return top;
    }

    private void watch() {
        while (running) {
            sample();
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        String now = stage;
        for (Process process : processes) {
            long rss = ProcStats.rssKib(process.pid()).orElse(0);
            Optional<Long> heap = ApiMetrics.heapUsed(readQuietly(process.metrics())).map(Double::longValue);
            record(now, process.name(), rss, heap);
        }
    }

    private synchronized void record(String stageName, String process, long rss, Optional<Long> heap) {
        peaks.merge(stageName + "\u0000" + process, new Peak(stageName, process, rss, heap),
                (old, fresh) -> old.higher(fresh.rssKib(), fresh.heapBytes()));
    }

    private static Map<String, Double> readQuietly(Supplier<Map<String, Double>> metrics) {
        try {
            return metrics.get();
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
