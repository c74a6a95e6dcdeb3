package io.padic.api.journal;

import io.padic.api.store.StoreKeys;
import io.padic.api.store.StoreOutage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets one thread of this process at a time take seqs on an object. Without it, the writers of one process
 * would race one another for the same seq and pay a failed insert and a read per loss; writers in other
 * processes still race (the store decides, docs/design.md#i1-order), so this is about cost, not correctness. Objects
 * share a fixed number of stripes; several are always taken in stripe order, so two holders never wait on
 * each other.
 */
@ApplicationScoped
public class ObjectLocks {

    private static final int STRIPES = 1024;

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final StoreOutage outage;

    public ObjectLocks(StoreOutage outage) {
        this.outage = outage;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Holds the objects' stripes until closed. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    public Held lock(String projectId, Collection<String> objectIds) {
        TreeSet<Integer> indexes = new TreeSet<>();
        for (String objectId : objectIds) {
            indexes.add(Math.floorMod(StoreKeys.object(projectId, objectId).hashCode(), STRIPES));
        }
        for (int index : indexes) {
            stripes[index].lock();
        }
        Held held = () -> indexes.descendingSet().forEach(index -> stripes[index].unlock());
        try {
            // The holder before us found the store away: writers queued on a stripe would each wait out a timeout.
            outage.giveUpIfSuspected();
        } catch (StoreOutage.Suspected e) {
            held.close();
            throw e;
        }
        return held;
    }
}
