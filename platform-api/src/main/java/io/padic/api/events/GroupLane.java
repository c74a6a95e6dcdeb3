package io.padic.api.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The single-event requests of one project ({@link SingleEvents}) waiting for a group, and how many groups of it
 * are being written. A request that finds fewer than {@code groupsInFlight} groups being written leads one at once;
 * the others queue, and each group written hands the next to the request waiting longest, which leads it. Each
 * waiting request is woken once, for its outcome or its turn: no request wakes only to find it must wait on.
 *
 * <p>A leader takes those waiting, but first waits (at most the gather window) until as many are waiting as were
 * writing around the last group: those it held, whose answers just went out and who are on their way back, and those
 * that waited behind it. Without the wait the returning clients would form a second, smaller group behind this one,
 * halving the events per store round trip; counting only the last group's own, groups that once split (5 and 3 of 8
 * clients) stayed split. A lone client's groups hold one request and nobody waits behind them, so it never waits.
 */
final class GroupLane<M extends GroupLane.Member> {

    /** A request in the lane: told when it must lead a group. */
    interface Member {
        void lead();
    }

    private final ArrayDeque<M> waiting = new ArrayDeque<>();
    private int writing;
    /** The requests around the last group: those it held and those waiting when it was done. */
    private int lastClients = 1;
    private long lastGroupEnded;

    /** True if {@code mine} leads a group now; otherwise it queues and waits for its outcome or its turn. */
    synchronized boolean join(M mine, int groupsInFlight) {
        if (writing < groupsInFlight) {
            writing++;
            return true;
        }
        waiting.add(mine);
        notifyAll(); // a leader may be gathering
        return false;
    }

    /** The group {@code leader} writes: itself, then those waiting longest, gathered as the class says. */
    synchronized List<M> gather(M leader, int largest, long windowNanos) {
        int expected = Math.min(largest, lastClients);
        long now = System.nanoTime();
        // Only right after a group: a request that comes to a lane idle for a while expects nobody.
        if (expected > 1 && now - lastGroupEnded < 10 * windowNanos) {
            long deadline = now + windowNanos;
            boolean interrupted = false;
            for (long left = windowNanos; waiting.size() + 1 < expected && left > 0;
                    left = deadline - System.nanoTime()) {
                try {
                    wait(left / 1_000_000, (int) (left % 1_000_000));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        List<M> group = new ArrayList<>(Math.min(largest, waiting.size() + 1));
        group.add(leader);
        while (group.size() < largest && !waiting.isEmpty()) {
            group.add(waiting.poll());
        }
        return group;
    }

    /** A group of {@code size} is written: the request waiting longest leads the next, or one group fewer runs. */
    void groupDone(int size) {
        M leader;
        synchronized (this) {
            lastClients = size + waiting.size();
            lastGroupEnded = System.nanoTime();
            leader = waiting.poll();
            if (leader == null) {
                writing--;
                return;
            }
        }
        leader.lead();
    }
}
