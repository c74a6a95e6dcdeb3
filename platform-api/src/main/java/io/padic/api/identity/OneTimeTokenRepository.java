package io.padic.api.identity;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/** One-time tokens by the digest of the token (an exact key). */
@ApplicationScoped
public class OneTimeTokenRepository implements PanacheMongoRepositoryBase<OneTimeToken, String> {

    /**
     * Marks the token used if it has this purpose, is unused and has not expired, all in one conditional update:
     * of two requests with one token exactly one gets it. Empty when the token is unknown, used or expired.
     */
    public Optional<OneTimeToken> use(String digest, OneTimeToken.Purpose purpose, Instant now) {
        return Optional.ofNullable(mongoCollection().findOneAndUpdate(
                Filters.and(Filters.eq("_id", digest), Filters.eq("purpose", purpose.name()),
                        Filters.exists("usedAt", false), Filters.gt("expiresAt", Date.from(now))),
                Updates.set("usedAt", Date.from(now))));
    }
}
