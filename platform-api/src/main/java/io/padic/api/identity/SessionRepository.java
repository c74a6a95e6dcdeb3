package io.padic.api.identity;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Sessions by token digest; a user's sessions by the digests their user document lists ($in, exact keys). */
@ApplicationScoped
public class SessionRepository implements PanacheMongoRepositoryBase<Session, String> {

    /** Moves last-seen forward unless another request (in any process) did since {@code seen}. */
    public void touch(String digest, Instant seen, Instant now, String address) {
        mongoCollection().updateOne(Filters.and(Filters.eq("_id", digest),
                Filters.or(Filters.eq("lastSeenAt", seen), Filters.exists("lastSeenAt", false))),
                Updates.combine(Updates.set("lastSeenAt", now), Updates.set("lastAddress", address)));
    }

    /** Marks the session re-authenticated now; false if it is gone. */
    public boolean reauthenticated(String digest, Instant now) {
        return mongoCollection().updateOne(Filters.eq("_id", digest),
                Updates.combine(Updates.set("authenticatedAt", now), Updates.set("lastSeenAt", now)))
                .getMatchedCount() == 1;
    }

    public List<Session> byDigests(Collection<String> digests) {
        return digests.isEmpty() ? List.of() : list("_id in ?1", List.copyOf(digests));
    }

    public long deleteAll(Collection<String> digests) {
        return digests.isEmpty() ? 0 : mongoCollection().deleteMany(Filters.in("_id", digests)).getDeletedCount();
    }
}
