package io.padic.api.identity;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import org.bson.codecs.pojo.annotations.BsonId;

/** A signed-in session; its {@code _id} is the SHA-256 digest of the token, never the token (I8). */
@MongoEntity(collection = "sessions")
public class Session {
    @BsonId
    public String id;
    public String userId;
    public Instant createdAt;
    public Instant expiresAt;
}
