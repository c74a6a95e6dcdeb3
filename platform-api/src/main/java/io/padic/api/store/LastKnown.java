package io.padic.api.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.Function;

/**
 * A control-plane cache that outlives a store outage: {@link #get} loads through the short-lived {@code fresh} cache
 * as before, and remembers what it got; only when the store cannot be reached ({@link StoreUnreachable}) does it
 * answer the value it last got, if not older than {@code keptFor}. So reads keep their API key, project and
 * reducers while the store is away, and nothing changes while it answers (docs/design.md#store-outages).
 */
public final class LastKnown<K, V> {

    private final Cache<K, V> fresh;
    private final Cache<K, V> kept;
    private final StoreOutage outage;

    public LastKnown(Cache<K, V> fresh, long maxEntries, Duration keptFor, StoreOutage outage) {
        this.fresh = fresh;
        this.kept = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(keptFor).build();
        this.outage = outage;
    }

    /** The value as {@code fresh} has it or loads it; null if the store has none. */
    public V get(K key, Function<K, V> load) {
        try {
            V value = fresh.get(key, k -> {
                // Loads of one key wait for one another: while the store is away, each would wait out a timeout.
                outage.giveUpIfSuspected();
                V loaded = load.apply(k);
                outage.noteReachable();
                if (loaded == null) {
                    kept.invalidate(k);
                } else {
                    kept.put(k, loaded);
                }
                return loaded;
            });
            return value;
        } catch (RuntimeException e) {
            if (!StoreUnreachable.causedBy(e)) {
                throw e;
            }
            if (!(e instanceof StoreOutage.Suspected)) {
                outage.noteUnreachable();
            }
            V last = kept.getIfPresent(key);
            if (last == null) {
                throw e;
            }
            return last;
        }
    }

    /** The value if {@code fresh} holds it now: never a store read. */
    public V getIfPresent(K key) {
        return fresh.getIfPresent(key);
    }

    /** Forgets the key in both caches (a change made through this process). */
    public void invalidate(K key) {
        fresh.invalidate(key);
        kept.invalidate(key);
    }
}
