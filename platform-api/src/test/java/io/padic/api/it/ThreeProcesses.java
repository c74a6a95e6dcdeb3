package io.padic.api.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.padic.embedded.ChildApp;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;

/**
 * Three platform-api processes on one store and one cache, each in a slot that clients address by number: a slot's
 * process can be killed with SIGKILL and replaced by a new one on another port, which clients find through
 * {@link #uri}. Remembers every address it killed, since only those may refuse a client.
 */
final class ThreeProcesses implements AutoCloseable {

    static final int SLOTS = 3;

    private final Backends backends;
    private final Map<String, String> env;
    private final AtomicReferenceArray<AppProcess> slots = new AtomicReferenceArray<>(SLOTS);
    private final Set<URI> killed = ConcurrentHashMap.newKeySet();
    private final Map<URI, String> names = new ConcurrentHashMap<>();

    private ThreeProcesses(Backends backends, Map<String, String> env) {
        this.backends = backends;
        this.env = env;
    }

    static ThreeProcesses start(Backends backends, Map<String, String> env) {
        ThreeProcesses processes = new ThreeProcesses(backends, env);
        List<AppProcess> started = AppProcess.startTogether(IntStream.range(0, SLOTS)
                .mapToObj(slot -> new AppProcess.Spec("three-" + slot, backends, env)).toList());
        for (int slot = 0; slot < SLOTS; slot++) {
            processes.place(slot, started.get(slot), "three-" + slot);
        }
        return processes;
    }

    /** Where the slot's process answers now (a killed one's address until its successor is ready). */
    URI uri(int slot) {
        return slots.get(slot).uri();
    }

    /** The name of the process that answers at {@code uri} (or did, before it was killed). */
    String name(URI uri) {
        return names.get(uri);
    }

    /** The names of every process started, in order. */
    List<String> names() {
        return names.values().stream().sorted().toList();
    }

    private void place(int slot, AppProcess process, String name) {
        names.put(process.uri(), name);
        slots.set(slot, process);
    }

    /** Whether {@code uri} is the address of a process killed by {@link #killAndRestart}. */
    boolean wasKilled(URI uri) {
        return killed.contains(uri);
    }

    /**
     * Kills the slot's process with SIGKILL and starts another in its place; returns the time from the kill until
     * the new one is ready. Clients keep sending to the dead address until then.
     */
    Duration killAndRestart(int slot, String name) {
        AppProcess victim = slots.get(slot);
        killed.add(victim.uri()); // before the kill, so that no client sees a failure it cannot excuse
        long killedAt = System.nanoTime();
        assertEquals(ChildApp.KILLED_BY_SIGKILL, victim.killHard(), victim + " died of SIGKILL");
        place(slot, AppProcess.start(name, backends, env), name);
        Duration recovery = Duration.ofNanos(System.nanoTime() - killedAt);
        victim.close();
        return recovery;
    }

    @Override
    public void close() {
        for (int slot = 0; slot < SLOTS; slot++) {
            if (slots.get(slot) != null) {
                slots.get(slot).close();
            }
        }
    }
}
