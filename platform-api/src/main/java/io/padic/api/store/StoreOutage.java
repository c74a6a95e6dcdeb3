package io.padic.api.store;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether the store was found unreachable a moment ago (docs/design.md#store-outages). Each attempt to reach a store
 * that is away costs the driver's server-selection timeout; requests that queue behind one another (for an object's
 * lock, or for one control-plane entry) would each pay it again. While the outage is suspected they give up at once
 * instead, or use what this process last knew; the first attempt after {@link #HOLD_NANOS} tries the store again.
 */
@ApplicationScoped
public class StoreOutage {

    /** How long one failure keeps the outage suspected. */
    static final long HOLD_NANOS = 1_000_000_000L;

    private volatile long suspectedUntil = System.nanoTime();

    /** Thrown instead of trying the store while an outage is suspected. */
    public static final class Suspected extends RuntimeException {
        Suspected() {
            super("The store was unreachable a moment ago", null, false, false);
        }
    }

    public void noteUnreachable() {
        suspectedUntil = System.nanoTime() + HOLD_NANOS;
    }

    public void noteReachable() {
        if (suspected()) {
            suspectedUntil = System.nanoTime();
        }
    }

    public boolean suspected() {
        return System.nanoTime() - suspectedUntil < 0;
    }

    /** Throws {@link Suspected} (answered 503 store-unavailable) while an outage is suspected. */
    public void giveUpIfSuspected() {
        if (suspected()) {
            throw new Suspected();
        }
    }
}
