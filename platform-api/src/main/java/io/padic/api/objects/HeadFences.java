package io.padic.api.objects;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.ReplaceOptions;
import io.padic.api.store.EventStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * {@code cache_fences}: one document per process that owes Redis a head note
 * (docs/design.md#warm-reads-without-the-store),
 * with the token of that episode and when the process last said it is still there. Empty while all is well.
 */
@ApplicationScoped
public class HeadFences {

    private static final String TOKEN = "token";
    private static final String REFRESHED_AT = "refreshedAt";

    /** A fence as read. */
    record Fence(String processId, String token, Instant refreshedAt) {
    }

    private final EventStore store;

    public HeadFences(EventStore store) {
        this.store = store;
    }

    /** Puts up (or again, should another process have taken it for dead and removed it) the process's fence. */
    void put(String processId, String token) {
        store.cacheFences().replaceOne(eq("_id", processId),
                new Document(TOKEN, token).append(REFRESHED_AT, new Date()), new ReplaceOptions().upsert(true));
    }

    /** Every fence up: a read of the whole collection, which holds a document per owing process at most. */
    List<Fence> all() {
        List<Fence> fences = new ArrayList<>();
        for (Document doc : store.cacheFences().find()) {
            fences.add(new Fence(doc.getString("_id"), doc.getString(TOKEN), doc.getDate(REFRESHED_AT).toInstant()));
        }
        return fences;
    }

    /** Takes the fence down if it is still the one of that episode. */
    void remove(String processId, String token) {
        store.cacheFences().deleteOne(and(eq("_id", processId), eq(TOKEN, token)));
    }
}
