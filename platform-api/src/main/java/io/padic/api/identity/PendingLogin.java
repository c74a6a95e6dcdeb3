package io.padic.api.identity;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * A log-in whose password was right and that waits for its second factor: {@code _id} is the digest of the
 * short-lived token the first step answered (I8). Used once, then removed; expired ones are refused (and swept
 * when met: the store has no TTL index).
 */
@MongoEntity(collection = "pending_logins")
public class PendingLogin {
    public static final String SECRET_PREFIX = "mfa";

    @BsonId
    public String id;
    public String userId;
    public Instant expiresAt;
}
