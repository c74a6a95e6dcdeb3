package io.padic.api.identity;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.padic.api.store.EventStore;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;

/** Provider identities by their exact key, and the ID tokens already exchanged (each works once). */
@ApplicationScoped
public class IdentityLinkRepository implements PanacheMongoRepositoryBase<IdentityLink, String> {

    /** Links the identity to {@code userId} unless it is linked already; answers the link that holds. */
    public IdentityLink link(String issuer, String subject, String userId, Instant now) {
        IdentityLink link = new IdentityLink();
        link.id = IdentityLink.keyOf(issuer, subject);
        link.userId = userId;
        link.issuer = issuer;
        link.subject = subject;
        link.linkedAt = now;
        try {
            persist(link);
            return link;
        } catch (MongoWriteException e) {
            if (EventStore.isDuplicateKey(e)) {
                return findById(link.id);
            }
            throw e;
        }
    }

    /**
     * Records an exchanged ID token by its digest; false if it was exchanged before (a replayed token). Kept until it
     * expires: the store has no TTL index, so {@link #forgetTokensExpiredBefore} sweeps them.
     */
    public boolean useTokenOnce(String digest, Instant expiresAt) {
        try {
            usedTokens().insertOne(new Document("_id", digest).append("expiresAt", Date.from(expiresAt)));
            return true;
        } catch (MongoWriteException e) {
            if (EventStore.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    /** A sweep off the request path (a scan of a collection that holds only tokens of the last minutes). */
    public long forgetTokensExpiredBefore(Instant cutoff) {
        return usedTokens().deleteMany(Filters.lt("expiresAt", Date.from(cutoff))).getDeletedCount();
    }

    private MongoCollection<Document> usedTokens() {
        return mongoDatabase().getCollection("used_id_tokens");
    }
}
