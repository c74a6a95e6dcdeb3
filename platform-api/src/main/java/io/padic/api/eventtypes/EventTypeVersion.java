package io.padic.api.eventtypes;

import io.padic.api.schemas.FieldSpec;
import io.padic.api.store.StoreKeys;
import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.codecs.pojo.annotations.BsonId;

/** One saved version of an event type; never changed once written. {@code _id} is project/name/version. */
@MongoEntity(collection = "event_type_versions")
public class EventTypeVersion {
    @BsonId
    public String id;
    public String projectId;
    public String name;
    public int version;
    public String objectType;
    public String unknownFields = "allow";
    /** An event that breaks the fields: {@code reject} answers 422, {@code flag} stores it and records why. */
    public String invalidEvents = "reject";
    /** What the metaData must carry; events are validated against the version current when they arrive. */
    public List<FieldSpec> fields = new ArrayList<>();
    /** The body of applyEvent; null means the default, {@code return event.metaData;}. */
    public String applyEvent;
    /** Digest of everything above that shapes a fold or a check; equal digests mean equal versions. */
    public String digest;
    public String savedBy;
    public Instant createdAt;

    static String idOf(String projectId, String name, int version) {
        return projectId + "/" + name + "/" + StoreKeys.padded(version, 6);
    }
}
