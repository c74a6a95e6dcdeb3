package io.padic.api.identity;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * A signed-in session; its {@code _id} is the SHA-256 digest of the token, never the token (I8). {@code publicId}
 * names it in lists and sign-outs. It ends at {@code expiresAt} (absolute lifetime) or once unused for the idle
 * timeout after {@code lastSeenAt}, whichever comes first.
 */
@MongoEntity(collection = "sessions")
public class Session {
    @BsonId
    public String id;
    public String publicId;
    public String userId;
    public Instant createdAt;
    public Instant expiresAt;
    /** Written at most once per padic.auth.session-touch-every (SessionRepository.touch). */
    public Instant lastSeenAt;
    /** The sign-in or the latest re-authentication: what "recently authenticated" is judged by. */
    public Instant authenticatedAt;
    public String clientAddress;
    public String lastAddress;
    public String userAgent;

    public Instant lastSeen() {
        return lastSeenAt != null ? lastSeenAt : createdAt;
    }

    public Instant authenticated() {
        return authenticatedAt != null ? authenticatedAt : createdAt;
    }
}
