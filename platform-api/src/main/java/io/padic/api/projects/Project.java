package io.padic.api.projects;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.bson.codecs.pojo.annotations.BsonId;

/** A project inside a tenant. It lists its API keys' public parts, so listing them needs no query. */
@MongoEntity(collection = "projects")
public class Project {
    public static final List<String> DEFAULT_ACCESS_LEVELS = List.of("public", "member", "owner");
    public static final String DEFAULT_TIME_ZONE = "UTC";

    @BsonId
    public String id;
    public String tenantId;
    public String name;
    public List<String> accessLevels = new ArrayList<>(DEFAULT_ACCESS_LEVELS);
    public String undeclaredEventTypes = "reject";
    /** The IANA time zone that analytics buckets are aligned in (docs/design.md#analytics). */
    public String timeZone = DEFAULT_TIME_ZONE;
    public List<KeySummary> apiKeys = new ArrayList<>();
    public Instant createdAt;

    /** The last of the ordered levels: the one that sees everything, raw metaData included. */
    public String highestLevel() {
        return accessLevels.get(accessLevels.size() - 1);
    }

    /** The analytics time zone; projects stored before it existed are in UTC. */
    public ZoneId zone() {
        return ZoneId.of(timeZone == null ? DEFAULT_TIME_ZONE : timeZone);
    }

    /** Whether {@code name} is an IANA time zone name (as {@code Europe/London} or {@code UTC}), not an offset. */
    public static boolean isTimeZone(String name) {
        return ZoneId.getAvailableZoneIds().contains(name);
    }

    /** What may be shown of a key after its creation: everything but the secret. */
    public static class KeySummary {
        public String id;
        public String name;
        public List<String> scopes;
        public String accessLevel;
        public String digest;
        public String hint;
        public Instant createdAt;
    }
}
