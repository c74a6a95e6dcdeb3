package io.padic.api.analytics;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.padic.api.store.EventStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * {@code analytics_processes}: one lease per running flusher, with its heartbeat and {@code flushedThrough} (every
 * object it was told of before that instant is counted). A lease whose heartbeat stopped belongs to a process that
 * died with notes in memory (docs/design.md#analytics).
 */
@ApplicationScoped
public class FlusherLeases {

    private static final String HEARTBEAT = "heartbeat";
    private static final String FLUSHED_THROUGH = "flushedThrough";

    /** A lease as read. */
    record Lease(String processId, Instant heartbeat, Instant flushedThrough) {
    }

    private final EventStore store;

    public FlusherLeases(EventStore store) {
        this.store = store;
    }

    /** Writes the lease (again, should another process have taken it for dead and removed it). */
    void beat(String processId, Instant flushedThrough) {
        store.analyticsProcesses().updateOne(eq("_id", processId),
                Updates.combine(Updates.set(HEARTBEAT, new Date()), Updates.set(FLUSHED_THROUGH, Date.from(flushedThrough))),
                new UpdateOptions().upsert(true));
    }

    /** Leases whose heartbeat is older than {@code before}: a scan of the small collection, in the background. */
    List<Lease> staleBefore(Instant before) {
        List<Lease> out = new ArrayList<>();
        for (Document doc : store.analyticsProcesses().find(lt(HEARTBEAT, Date.from(before)))) {
            out.add(new Lease(doc.getString("_id"), doc.getDate(HEARTBEAT).toInstant(),
                    doc.getDate(FLUSHED_THROUGH).toInstant()));
        }
        return out;
    }

    void remove(String processId) {
        store.analyticsProcesses().deleteOne(eq("_id", processId));
    }
}
