package io.padic.api.eventtypes;

import static com.mongodb.client.model.Filters.in;

import com.mongodb.MongoWriteException;
import io.padic.api.store.EventStore;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/** Event-type versions (immutable, by computed id) and each project's heads document. */
@ApplicationScoped
public class EventTypeRepository implements PanacheMongoRepositoryBase<EventTypeVersion, String> {

    private final EventTypeHeadsRepository heads;

    public EventTypeRepository(EventTypeHeadsRepository heads) {
        this.heads = heads;
    }

    public EventTypeHeads heads(String projectId) {
        EventTypeHeads found = heads.findById(projectId);
        if (found == null) {
            found = new EventTypeHeads();
            found.id = projectId;
        }
        return found;
    }

    /** Stores a version unless that number is taken; false means another save got there first. */
    public boolean insertVersion(EventTypeVersion version) {
        try {
            persist(version);
            return true;
        } catch (MongoWriteException e) {
            if (EventStore.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Writes the heads if nobody changed them since {@code expectedRev}; false means try again. */
    public boolean replaceHeads(EventTypeHeads updated, long expectedRev) {
        if (expectedRev == 0) {
            try {
                heads.persist(updated);
                return true;
            } catch (MongoWriteException e) {
                if (EventStore.isDuplicateKey(e)) {
                    return false;
                }
                throw e;
            }
        }
        Document filter = new Document("_id", updated.id).append("rev", expectedRev);
        return heads.mongoCollection().replaceOne(filter, updated).getModifiedCount() == 1;
    }

    public Optional<EventTypeVersion> version(String projectId, String name, int version) {
        return findByIdOptional(EventTypeVersion.idOf(projectId, name, version));
    }

    /** The given versions in one exact-key query. */
    public List<EventTypeVersion> versions(String projectId, List<EventTypeHeads.Head> wanted) {
        List<String> ids = new ArrayList<>(wanted.size());
        for (EventTypeHeads.Head head : wanted) {
            ids.add(EventTypeVersion.idOf(projectId, head.name, head.version));
        }
        return ids.isEmpty() ? List.of() : mongoCollection().find(in("_id", ids)).into(new ArrayList<>());
    }

    /** Every version of one type, oldest first, by computed ids. */
    public List<EventTypeVersion> history(String projectId, String name, int latest) {
        List<String> ids = new ArrayList<>(latest);
        for (int v = 1; v <= latest; v++) {
            ids.add(EventTypeVersion.idOf(projectId, name, v));
        }
        List<EventTypeVersion> found = mongoCollection().find(in("_id", ids)).into(new ArrayList<>());
        found.sort(Comparator.comparingInt(v -> v.version));
        return found;
    }
}
