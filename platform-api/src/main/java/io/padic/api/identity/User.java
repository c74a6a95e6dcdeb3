package io.padic.api.identity;

import io.padic.api.audit.Actor;
import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.codecs.pojo.annotations.BsonId;

/** A person who signs in. The password is kept only as a bcrypt hash (docs/design.md#i8-secrets). */
@MongoEntity(collection = "users")
public class User {
    @BsonId
    public String id;
    public String email;
    public String name;
    public String passwordHash;
    /** Whether the user has shown they read mail at {@code email} (a link from a mail to it was used). */
    public boolean emailVerified;
    public List<String> tenantIds = new ArrayList<>();
    public Instant createdAt;

    /** This user as the actor of an audit entry. */
    public Actor actor() {
        return Actor.user(id, email);
    }

    /** The digests of the user's sessions, so they can be listed and signed out by exact keys (SessionService). */
    public List<String> sessionDigests = new ArrayList<>();
    /** The digests of the user's personal access tokens (AccessTokenService). */
    public List<String> tokenDigests = new ArrayList<>();
    /** The second factor, if any (TotpService). */
    public SecondFactor totp;

    /**
     * TOTP (RFC 6238). The secret is sealed with the server key (common.SecretBox), bound to the user id; the
     * recovery codes are SHA-256 digests, each removed when used; lastStep is the newest time step a code was
     * accepted for, raised by a conditional update so a code works once.
     */
    public static class SecondFactor {
        public boolean enabled;
        public String sealedSecret;
        public String pendingSealedSecret;
        public long lastStep;
        public List<String> recoveryCodes = new ArrayList<>();
        public Instant enabledAt;
    }

    public boolean totpOn() {
        return totp != null && totp.enabled;
    }
}
