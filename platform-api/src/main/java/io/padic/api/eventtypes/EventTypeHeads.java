package io.padic.api.eventtypes;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.util.ArrayList;
import java.util.List;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * A project's current event-type versions, in one document keyed by the project id, and the
 * reducerVersion they make up. {@code rev} lets concurrent saves update it without losing one another.
 */
@MongoEntity(collection = "event_type_heads")
public class EventTypeHeads {
    @BsonId
    public String id;
    public long rev;
    public String reducerVersion = EMPTY_VERSION;
    public List<Head> types = new ArrayList<>();

    /** The reducer version of a project that has defined no event type. */
    public static final String EMPTY_VERSION = "r0";

    public static class Head {
        public String name;
        public int version;
        public String digest;
        public boolean hasCode;

        public Head() {
        }

        Head(String name, int version, String digest, boolean hasCode) {
            this.name = name;
            this.version = version;
            this.digest = digest;
            this.hasCode = hasCode;
        }
    }

    public Head find(String name) {
        return types.stream().filter(h -> h.name.equals(name)).findFirst().orElse(null);
    }
}
