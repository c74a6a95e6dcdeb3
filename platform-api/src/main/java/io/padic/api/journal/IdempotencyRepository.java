package io.padic.api.journal;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.padic.api.store.EventStore;
import io.padic.api.store.StoreKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;

/** {@code idempotency}: per (project, key) the request's digest, the event id it owns and the first answer. */
@ApplicationScoped
public class IdempotencyRepository {

    public record Claim(String requestDigest, String eventId, String response) {
    }

    private final EventStore store;

    public IdempotencyRepository(EventStore store) {
        this.store = store;
    }

    /** Claims the key for this request; if someone claimed it first, returns their claim instead. */
    public Optional<Claim> claim(String projectId, String key, String requestDigest, String eventId) {
        String id = StoreKeys.idempotency(projectId, key);
        try {
            store.idempotency().insertOne(new Document("_id", id).append("digest", requestDigest)
                    .append("eventId", eventId).append("createdAt", Date.from(Instant.now())));
            return Optional.empty();
        } catch (MongoWriteException e) {
            if (!EventStore.isDuplicateKey(e)) {
                throw e;
            }
            Document doc = store.idempotency().find(eq("_id", id)).first();
            return Optional.of(new Claim(doc.getString("digest"), doc.getString("eventId"),
                    doc.getString("response")));
        }
    }

    /** Forgets keys claimed before {@code cutoff}: a background scan (the store has no TTL indexes). */
    public long forgetBefore(Instant cutoff) {
        return store.idempotency().deleteMany(Filters.lt("createdAt", Date.from(cutoff)))
                .getDeletedCount();
    }

    public void saveResponse(String projectId, String key, String response) {
        store.idempotency().updateOne(eq("_id", StoreKeys.idempotency(projectId, key)),
                Updates.set("response", response));
    }
}
