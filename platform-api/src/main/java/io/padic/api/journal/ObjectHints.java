package io.padic.api.journal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.padic.api.common.PadicConfig;
import io.padic.api.store.StoreKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What this process last knew of objects it wrote to: that they exist, their head and lastCreatedAt. Safe to
 * keep without expiry because objects are never deleted (but with their project) and heads only grow: a head
 * that is stale-low only makes the writer meet a taken seq and walk on (docs/design.md#i1-order), and the createdAt
 * floor then comes from the pins it walks past. So these are hints for the writer, never answers for a reader.
 */
@ApplicationScoped
public class ObjectHints {

    private final ObjectRepository objects;
    private final Cache<String, StoredObject> known;

    @Inject
    public ObjectHints(ObjectRepository objects, PadicConfig config) {
        this(objects, config.cache().objectHints());
    }

    public ObjectHints(ObjectRepository objects, long maxObjects) {
        this.objects = objects;
        this.known = Caffeine.newBuilder().maximumSize(maxObjects).build();
    }

    /** The objects among {@code objectIds} that exist, by object id; one exact-key query for those not known. */
    public Map<String, StoredObject> find(String projectId, Collection<String> objectIds) {
        Map<String, StoredObject> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String objectId : objectIds) {
            StoredObject object = known.getIfPresent(StoreKeys.object(projectId, objectId));
            if (object != null) {
                found.put(objectId, object);
            } else {
                missing.add(objectId);
            }
        }
        if (!missing.isEmpty()) {
            for (StoredObject object : objects.findMany(projectId, missing).values()) {
                found.put(object.id(), remember(projectId, object));
            }
        }
        return found;
    }

    /** Keeps what was read from the store, never lowering what is known; returns the merged hint. */
    public StoredObject remember(String projectId, StoredObject read) {
        return known.asMap().merge(StoreKeys.object(projectId, read.id()), read, ObjectHints::later);
    }

    /** Records that this process pinned {@code seq} with {@code createdAt} to the object; returns the hint. */
    public StoredObject advance(StoredObject object, String projectId, long seq, Instant createdAt) {
        return remember(projectId, new StoredObject(object.id(), object.type(), object.createdAt(), seq, createdAt));
    }

    /** Heads and lastCreatedAt only grow, so the larger of each is the better hint. */
    private static StoredObject later(StoredObject a, StoredObject b) {
        if (b.head() <= a.head() && !b.lastCreatedAt().isAfter(a.lastCreatedAt())) {
            return a;
        }
        return new StoredObject(a.id(), a.type(), a.createdAt(), Math.max(a.head(), b.head()),
                a.lastCreatedAt().isAfter(b.lastCreatedAt()) ? a.lastCreatedAt() : b.lastCreatedAt());
    }
}
