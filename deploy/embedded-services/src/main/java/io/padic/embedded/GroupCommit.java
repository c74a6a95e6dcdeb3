package io.padic.embedded;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Makes the embedded store answer nothing before it is on file, while concurrent writers share one
 * commit (group commit). Each write command gets a number when it starts; a commit first waits until
 * no write is half done, notes the highest number started, then writes and syncs the file: every write
 * up to that number is then durable. A writer waits for a commit covering its number; a reader waits
 * for one covering every write started before it answered, since it may have seen their effects. While
 * one thread commits, the others queue, and the next commit takes all of them at once.
 */
final class GroupCommit {

    /** What a commit does: write the store's changes to its file (and sync it, if so configured). */
    @FunctionalInterface
    interface Flush {
        void run();
    }

    private final Flush flush;
    // Shared by writes in progress, taken exclusively for the instant a commit notes what it covers.
    private final ReentrantReadWriteLock writesInProgress = new ReentrantReadWriteLock();
    private final AtomicLong started = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition committed = lock.newCondition();
    // Guarded by lock; durable is also read without it on the fast path.
    private volatile long durable;
    private boolean committing;
    private RuntimeException failure;
    private final AtomicLong commits = new AtomicLong();

    GroupCommit(Flush flush) {
        this.flush = flush;
    }

    /** Marks a write as started; pair with {@link #endWrite()}, then {@link #awaitDurable(long)}. */
    long beginWrite() {
        writesInProgress.readLock().lock();
        return started.incrementAndGet();
    }

    void endWrite() {
        writesInProgress.readLock().unlock();
    }

    /** Returns once every write started so far is on file: what a reply that may have seen them needs. */
    void awaitEverythingStarted() {
        awaitDurable(started.get());
    }

    /**
     * Returns once the write numbered {@code ticket} (and every one before it) is on file, running the
     * commit itself when no other thread is. Throws when the store could not write its file: what was
     * not written must not be acknowledged, now or later.
     */
    void awaitDurable(long ticket) {
        if (durable >= ticket) {
            return;
        }
        lock.lock();
        try {
            while (durable < ticket) {
                if (failure != null) {
                    throw new StoreWriteFailedException(failure);
                }
                if (committing) {
                    committed.awaitUninterruptibly();
                    continue;
                }
                committing = true;
                lock.unlock();
                long covered = 0;
                RuntimeException failed = null;
                try {
                    covered = commitNow();
                } catch (RuntimeException e) {
                    failed = e;
                } finally {
                    lock.lock();
                    committing = false;
                    if (failed == null) {
                        durable = Math.max(durable, covered);
                    } else {
                        failure = failed;
                    }
                    committed.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private long commitNow() {
        long covered;
        writesInProgress.writeLock().lock();
        try {
            covered = started.get();
        } finally {
            writesInProgress.writeLock().unlock();
        }
        flush.run();
        commits.incrementAndGet();
        return covered;
    }

    /** Commits run so far: fewer than writes when writers shared them. */
    long commits() {
        return commits.get();
    }

    long writes() {
        return started.get();
    }
}
