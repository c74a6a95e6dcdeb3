package io.padic.api.identity;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Personal access tokens by digest; a user's by the digests their user document lists. */
@ApplicationScoped
public class AccessTokenRepository implements PanacheMongoRepositoryBase<AccessToken, String> {

    public List<AccessToken> byDigests(Collection<String> digests) {
        return digests.isEmpty() ? List.of() : list("_id in ?1", List.copyOf(digests));
    }

    /** Notes a use unless one was noted since {@code notedBefore}. */
    public void touch(String digest, Instant notedBefore, Instant now) {
        mongoCollection().updateOne(Filters.and(Filters.eq("_id", digest), Filters.or(
                Filters.exists("lastUsedAt", false), Filters.eq("lastUsedAt", null),
                Filters.lt("lastUsedAt", notedBefore))), Updates.set("lastUsedAt", now));
    }
}
