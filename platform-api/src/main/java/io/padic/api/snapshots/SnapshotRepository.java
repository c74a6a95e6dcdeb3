package io.padic.api.snapshots;

import static com.mongodb.client.model.Filters.in;

import com.mongodb.MongoWriteException;
import io.padic.api.fold.KnownState;
import io.padic.api.fold.StateLine;
import io.padic.api.store.EventStore;
import io.padic.api.store.StoreKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * The {@code snapshots} collection: the state of a line at every N-th seq, under computed ids, so the
 * snapshot nearest below a seq is a {@code $in} of the few ids that could hold it.
 */
@ApplicationScoped
public class SnapshotRepository {

    /** Candidate ids per query: one query covers 100 × N events of history. */
    private static final int PAGE = 100;

    private final EventStore store;

    public SnapshotRepository(EventStore store) {
        this.store = store;
    }

    /**
     * The newest snapshot of the line at a multiple of {@code every} in {@code (above, maxSeq]}. Usually the
     * first id asked for exists; a missing one (never written, or written late) falls back to the ones below.
     */
    public Optional<KnownState> newestAtOrBelow(StateLine line, long maxSeq, long above, long every) {
        for (long top = maxSeq / every * every; top > above && top > 0; top -= PAGE * every) {
            List<String> ids = new ArrayList<>(PAGE);
            for (long seq = top; seq > above && seq > 0 && ids.size() < PAGE; seq -= every) {
                ids.add(id(line, seq));
            }
            KnownState best = null;
            for (Document doc : store.snapshots().find(in("_id", ids))) {
                KnownState found = toState(doc);
                if (best == null || found.seq() > best.seq()) {
                    best = found;
                }
            }
            if (best != null) {
                return Optional.of(best);
            }
        }
        return Optional.empty();
    }

    /** Stores a snapshot; one that exists already is left alone (the same line and seq hold the same state). */
    public void insert(StateLine line, KnownState state) {
        try {
            store.snapshots().insertOne(new Document("_id", id(line, state.seq()))
                    .append("projectId", line.projectId())
                    .append("objectId", line.objectId())
                    .append("accessLevel", line.accessLevel())
                    .append("reducerVersion", line.reducerVersion())
                    .append("seq", state.seq())
                    .append("updatedAt", Date.from(state.updatedAt()))
                    .append("state", state.state()));
        } catch (MongoWriteException e) {
            if (!EventStore.isDuplicateKey(e)) {
                throw e;
            }
        }
    }

    private static String id(StateLine line, long seq) {
        return StoreKeys.snapshot(line.projectId(), line.objectId(), line.accessLevel(), line.reducerVersion(), seq);
    }

    private static KnownState toState(Document doc) {
        return new KnownState(((Number) doc.get("seq")).longValue(), doc.getDate("updatedAt").toInstant(),
                doc.getString("state"));
    }
}
