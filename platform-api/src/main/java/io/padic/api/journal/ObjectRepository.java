package io.padic.api.journal;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.MongoWriteException;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import io.padic.api.common.ApiProblem;
import io.padic.api.store.EventStore;
import io.padic.api.store.ShardKeys;
import io.padic.api.store.StoreKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.bson.Document;

/** The {@code objects} collection: one document per object, found by its computed {@code _id}. */
@ApplicationScoped
public class ObjectRepository {

    private final EventStore store;

    public ObjectRepository(EventStore store) {
        this.store = store;
    }

    public void insert(String projectId, String objectId, String type, Instant createdAt) {
        try {
            store.objects().insertOne(new Document("_id", StoreKeys.object(projectId, objectId))
                    .append("projectId", projectId)
                    .append("objectId", objectId)
                    .append("type", type)
                    .append("createdAt", Date.from(createdAt))
                    .append("head", 0L)
                    .append("lastCreatedAt", Date.from(createdAt)));
        } catch (MongoWriteException e) {
            if (EventStore.isDuplicateKey(e)) {
                throw ApiProblem.conflict("Object " + objectId + " exists already");
            }
            throw e;
        }
    }

    public Optional<StoredObject> find(String projectId, String objectId) {
        return Optional.ofNullable(store.objects().find(eq("_id", StoreKeys.object(projectId, objectId))).first())
                .map(ObjectRepository::toObject);
    }

    /** The objects among {@code objectIds} that exist, by object id, in one exact-key query. */
    public Map<String, StoredObject> findMany(String projectId, Collection<String> objectIds) {
        List<String> ids = new ArrayList<>(objectIds.size());
        for (String objectId : objectIds) {
            ids.add(StoreKeys.object(projectId, objectId));
        }
        Map<String, StoredObject> found = new HashMap<>();
        for (Document doc : store.objects().find(in("_id", ids))) {
            StoredObject object = toObject(doc);
            found.put(object.id(), object);
        }
        return found;
    }

    /** Raises the head after a pin went in; {@code $max} keeps it right when writers finish out of order. */
    public void raiseHead(String projectId, String objectId, long seq, Instant createdAt) {
        store.objects().updateOne(eq("_id", StoreKeys.object(projectId, objectId)),
                Updates.combine(Updates.max("head", seq), Updates.max("lastCreatedAt", Date.from(createdAt))));
    }

    /** {@link #raiseHead} for several objects (each with its new head and lastCreatedAt) in one round trip. */
    public void raiseHeads(String projectId, Collection<StoredObject> raised) {
        List<UpdateOneModel<Document>> updates = new ArrayList<>(raised.size());
        for (StoredObject object : raised) {
            updates.add(new UpdateOneModel<>(eq("_id", StoreKeys.object(projectId, object.id())),
                    Updates.combine(Updates.max("head", object.head()),
                            Updates.max("lastCreatedAt", Date.from(object.lastCreatedAt())))));
        }
        if (!updates.isEmpty()) {
            store.objects().bulkWrite(updates, new BulkWriteOptions().ordered(false));
        }
    }

    /**
     * Every object (with its project id) that got an event created at or after {@code since}: a scan of
     * {@code objects}, for background jobs only (docs/design.md#analytics).
     */
    public void forEachWrittenSince(Instant since, BiConsumer<String, StoredObject> action) {
        for (Document doc : store.objects().find(gte("lastCreatedAt", Date.from(since)))) {
            action.accept(doc.getString("projectId"), toObject(doc));
        }
    }

    /**
     * Every object of a project, for background jobs only (an analytics build): the range of its {@code _id}s, which
     * a sharded cluster sends only to the shards holding the project (docs/design.md#shard-keys); the embedded store
     * scans for it as it would for the project id.
     */
    public void forEachInProject(String projectId, Consumer<StoredObject> action) {
        String prefix = StoreKeys.object(projectId, "");
        Document range = new Document("$gte", prefix).append("$lt", ShardKeys.prefixEnd(projectId));
        for (Document doc : store.objects().find(new Document("_id", range))) {
            action.accept(toObject(doc));
        }
    }

    private static StoredObject toObject(Document doc) {
        return new StoredObject(doc.getString("objectId"), doc.getString("type"),
                doc.getDate("createdAt").toInstant(), ((Number) doc.get("head")).longValue(),
                doc.getDate("lastCreatedAt").toInstant());
    }
}
