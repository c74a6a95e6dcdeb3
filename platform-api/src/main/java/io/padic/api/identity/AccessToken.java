package io.padic.api.identity;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import java.util.List;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * A personal access token for the control plane (scripts, CI): {@code _id} is the SHA-256 digest of the secret
 * (I8), {@code tokenId} names it in lists. It acts as its user, only on the routes its scopes open
 * (TokenScopes), and never on the data plane, the account's own security or re-authentication.
 */
@MongoEntity(collection = "access_tokens")
public class AccessToken {
    /** Every token's secret starts with {@code pat_}. */
    public static final String SECRET_PREFIX = "pat";

    @BsonId
    public String id;
    public String tokenId;
    public String userId;
    public String name;
    public List<String> scopes;
    public String hint;
    public Instant createdAt;
    public Instant expiresAt;
    /** Written at most once a minute (AccessTokenRepository.touch). */
    public Instant lastUsedAt;
}
