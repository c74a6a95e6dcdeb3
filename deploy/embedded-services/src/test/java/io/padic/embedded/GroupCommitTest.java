package io.padic.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The commit protocol alone: who waits for what, who shares a commit, and what a failed write means. */
class GroupCommitTest {

    @Test
    void aWriteReturnsOnlyAfterACommitThatStartedAfterItFinished() {
        AtomicLong flushedUpTo = new AtomicLong();
        AtomicLong lastWrite = new AtomicLong();
        GroupCommit commits = new GroupCommit(() -> flushedUpTo.set(lastWrite.get()));
        for (int i = 0; i < 5; i++) {
            long ticket = commits.beginWrite();
            lastWrite.set(ticket);
            commits.endWrite();
            commits.awaitDurable(ticket);
            assertEquals(ticket, flushedUpTo.get(), "write " + ticket + " was answered before its commit");
        }
        assertEquals(5, commits.commits());
    }

    @Test
    void concurrentWritersShareCommits() throws Exception {
        CountDownLatch firstFlushEntered = new CountDownLatch(1);
        CountDownLatch releaseFirstFlush = new CountDownLatch(1);
        AtomicInteger flushes = new AtomicInteger();
        GroupCommit commits = new GroupCommit(() -> {
            if (flushes.incrementAndGet() == 1) {
                firstFlushEntered.countDown();
                await(releaseFirstFlush);
            }
        });
        ExecutorService writers = Executors.newFixedThreadPool(9);
        try {
            Future<?> first = writers.submit(() -> write(commits));
            firstFlushEntered.await();
            // Eight writes arrive while the first commit is on its way to the disk: one commit takes them all.
            List<Future<?>> queued = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                queued.add(writers.submit(() -> write(commits)));
            }
            while (commits.writes() < 9) {
                Thread.onSpinWait();
            }
            releaseFirstFlush.countDown();
            first.get();
            for (Future<?> write : queued) {
                write.get();
            }
            assertEquals(2, commits.commits(), "nine writes, two commits");
        } finally {
            writers.shutdownNow();
        }
    }

    @Test
    void aFailedCommitAcknowledgesNothingThenOrLater() {
        GroupCommit commits = new GroupCommit(() -> {
            throw new IllegalStateException("disk full");
        });
        long ticket = commits.beginWrite();
        commits.endWrite();
        StoreWriteFailedException failed = assertThrows(StoreWriteFailedException.class,
                () -> commits.awaitDurable(ticket));
        assertTrue(failed.getMessage().contains("disk full"), failed.getMessage());
        long later = commits.beginWrite();
        commits.endWrite();
        assertThrows(StoreWriteFailedException.class, () -> commits.awaitDurable(later));
        assertThrows(StoreWriteFailedException.class, commits::awaitEverythingStarted);
    }

    private static void write(GroupCommit commits) {
        long ticket = commits.beginWrite();
        commits.endWrite();
        commits.awaitDurable(ticket);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
