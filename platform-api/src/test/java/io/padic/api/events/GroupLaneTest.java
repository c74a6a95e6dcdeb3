package io.padic.api.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Who leads a group of single events, whom it gathers, and whom a written group wakes (docs/design.md#group-commit). */
class GroupLaneTest {

    /** Never elapses within a test: a leader that waits for the window would hang it. */
    private static final long FOREVER = Duration.ofHours(1).toNanos();
    private static final Duration HANG = Duration.ofSeconds(20);

    private static final class Request implements GroupLane.Member {
        final String name;
        volatile int led;

        Request(String name) {
            this.name = name;
        }

        @Override
        public void lead() {
            led++;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @Test
    void aClientAloneLeadsAtOnceAndWaitsForNobody() {
        GroupLane<Request> lane = new GroupLane<>();
        for (int i = 0; i < 3; i++) {
            Request alone = new Request("alone" + i);
            assertTrue(lane.join(alone, 1), "nobody is writing: it leads at once");
            List<Request> group = assertTimeoutPreemptively(HANG, () -> lane.gather(alone, 500, FOREVER));
            assertEquals(List.of(alone), group);
            lane.groupDone(group.size());
        }
    }

    @Test
    void aLeaderWaitsForAsManyAsTheLastGroupHeldThenTakesThemAll() throws Exception {
        GroupLane<Request> lane = new GroupLane<>();
        Request first = new Request("first");
        assertTrue(lane.join(first, 1));
        lane.groupDone(3); // a group of three was just written
        Request leader = new Request("leader");
        assertTrue(lane.join(leader, 1));
        CompletableFuture<List<Request>> group = gatheringUntilItWaits(lane, leader);
        Request second = new Request("second");
        assertFalse(lane.join(second, 1), "a group is being gathered: it queues");
        Thread.sleep(50); // time for a leader that wrongly stopped waiting to return
        assertFalse(group.isDone(), "two of the three are there: the leader waits on");
        Request third = new Request("third");
        assertFalse(lane.join(third, 1));
        assertEquals(List.of(leader, second, third), assertTimeoutPreemptively(HANG, () -> group.get()));
        assertEquals(0, second.led + third.led, "those gathered are settled by the leader's group, never woken to lead");
    }

    @Test
    void aWrittenGroupWakesOnlyTheRequestWaitingLongestToLeadTheNext() {
        GroupLane<Request> lane = new GroupLane<>();
        List<Request> behind = aGroupOfOneWrittenWithTwoBehindIt(lane);
        Request older = behind.get(0);
        Request newer = behind.get(1);
        assertEquals(1, older.led, "the request waiting longest leads the next group");
        assertEquals(0, newer.led, "the others are not woken");
        assertEquals(List.of(older, newer), assertTimeoutPreemptively(HANG,
                () -> lane.gather(older, 500, Duration.ofMillis(1).toNanos())),
                "the written group's client did not come back within the window: it takes those behind it");
    }

    @Test
    void aLeaderHandedTheTurnAlsoWaitsForTheClientsOfTheGroupJustWritten() throws Exception {
        GroupLane<Request> lane = new GroupLane<>();
        // The written group's request is answered and on its way back; "older" and "newer" waited behind it.
        List<Request> behind = aGroupOfOneWrittenWithTwoBehindIt(lane);
        Request older = behind.get(0);
        Request newer = behind.get(1);
        CompletableFuture<List<Request>> group = gatheringUntilItWaits(lane, older);
        assertFalse(group.isDone(), "three were writing around the last group and two are here: the leader waits on");
        Request back = new Request("back");
        assertFalse(lane.join(back, 1), "the written group's client comes back and queues");
        assertEquals(List.of(older, newer, back), assertTimeoutPreemptively(HANG, () -> group.get()),
                "one group of all three, not a second smaller one behind it");
    }

    @Test
    void twoGroupsInFlightLetASecondRequestLeadBesideTheFirst() {
        GroupLane<Request> lane = new GroupLane<>();
        assertTrue(lane.join(new Request("a"), 2));
        assertTrue(lane.join(new Request("b"), 2), "a second group may be written at once");
        assertFalse(lane.join(new Request("c"), 2), "a third waits");
    }

    /** A request writes a group of one while two queue behind it ("older", then "newer"); then it is done. */
    private static List<Request> aGroupOfOneWrittenWithTwoBehindIt(GroupLane<Request> lane) {
        assertTrue(lane.join(new Request("written"), 1));
        Request older = new Request("older");
        Request newer = new Request("newer");
        assertFalse(lane.join(older, 1));
        assertFalse(lane.join(newer, 1));
        lane.groupDone(1);
        return List.of(older, newer);
    }

    /** {@code leader} gathers its group on another thread (with no window), returned once it waits for more. */
    private static CompletableFuture<List<Request>> gatheringUntilItWaits(GroupLane<Request> lane, Request leader)
            throws InterruptedException {
        AtomicReference<Thread> gathering = new AtomicReference<>();
        CompletableFuture<List<Request>> group = CompletableFuture.supplyAsync(() -> {
            gathering.set(Thread.currentThread());
            return lane.gather(leader, 500, FOREVER);
        });
        awaitWaiting(gathering);
        return group;
    }

    private static void awaitWaiting(AtomicReference<Thread> thread) throws InterruptedException {
        for (int i = 0; i < 2_000; i++) {
            Thread t = thread.get();
            if (t != null && t.getState() == Thread.State.TIMED_WAITING) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the leader never waited");
    }
}
