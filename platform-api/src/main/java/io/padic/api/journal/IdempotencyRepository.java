package io.padic.api.journal;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import io.padic.api.store.EventStore;
import io.padic.api.store.StoreKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;

/** {@code idempotency}: per (project, key) the request's digest, the event id it owns and the first answer. */
@ApplicationScoped
public class IdempotencyRepository {

    public record Claim(String requestDigest, String eventId, String response) {
    }

    /** A key to claim for a request with this digest, for the event id it chose. */
    public record NewClaim(String key, String requestDigest, String eventId) {
    }

    private final EventStore store;

    public IdempotencyRepository(EventStore store) {
        this.store = store;
    }

    /**
     * Claims the key for this request; if someone claimed it first, returns their claim instead. A claim is an earlier
     * step of its event ({@link EventStore#earlierStep}): the event's writes follow it before any answer.
     */
    public Optional<Claim> claim(String projectId, String key, String requestDigest, String eventId) {
        try {
            store.earlierStep(store.idempotency())
                    .insertOne(claimDocument(projectId, new NewClaim(key, requestDigest, eventId)));
            return Optional.empty();
        } catch (MongoWriteException e) {
            if (!EventStore.isDuplicateKey(e)) {
                throw e;
            }
            return Optional.of(find(projectId, key).orElseThrow());
        }
    }

    /** The key's claim, if it was claimed (and not forgotten since). */
    public Optional<Claim> find(String projectId, String key) {
        return Optional.ofNullable(store.idempotency().find(eq("_id", StoreKeys.idempotency(projectId, key))).first())
                .map(doc -> new Claim(doc.getString("digest"), doc.getString("eventId"), doc.getString("response")));
    }

    /**
     * Claims several keys in one round trip and returns the positions of those someone claimed first (including an
     * earlier one of the same list): their requests must look at that claim ({@link #claim}) before writing anything.
     */
    public Set<Integer> claimAll(String projectId, List<NewClaim> claims) {
        List<Document> docs = new ArrayList<>(claims.size());
        for (NewClaim claim : claims) {
            docs.add(claimDocument(projectId, claim));
        }
        try {
            store.earlierStep(store.idempotency()).insertMany(docs, new InsertManyOptions().ordered(false));
            return Set.of();
        } catch (MongoBulkWriteException e) {
            return EventStore.duplicateKeyIndexes(e);
        }
    }

    private static Document claimDocument(String projectId, NewClaim claim) {
        return new Document("_id", StoreKeys.idempotency(projectId, claim.key())).append("digest", claim.requestDigest())
                .append("eventId", claim.eventId()).append("createdAt", Date.from(Instant.now()));
    }

    /** Forgets keys claimed before {@code cutoff}: a background scan (the store has no TTL indexes). */
    public long forgetBefore(Instant cutoff) {
        return store.idempotency().deleteMany(Filters.lt("createdAt", Date.from(cutoff)))
                .getDeletedCount();
    }

    /** Saves the first answers of keys, by key, in one round trip. */
    public void saveResponses(String projectId, Map<String, String> responses) {
        if (responses.isEmpty()) {
            return;
        }
        List<UpdateOneModel<Document>> updates = new ArrayList<>(responses.size());
        responses.forEach((key, response) -> updates.add(new UpdateOneModel<>(
                eq("_id", StoreKeys.idempotency(projectId, key)), Updates.set("response", response))));
        store.idempotency().bulkWrite(updates, new BulkWriteOptions().ordered(false));
    }
}
