package io.padic.api.identity;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * The token of a link sent by mail (password reset, e-mail verification, invitation). Its {@code _id} is the SHA-256
 * digest of the token, never the token (I8); {@code usedAt} is set by the one conditional update that uses it.
 */
@MongoEntity(collection = "one_time_tokens")
public class OneTimeToken {

    public enum Purpose {
        PASSWORD_RESET, EMAIL_VERIFICATION, INVITATION
    }

    @BsonId
    public String id;
    public Purpose purpose;
    public String userId;
    /** The address the mail went to. */
    public String email;
    /** For an invitation: the workspace and the invitation's id in it. */
    public String tenantId;
    public String invitationId;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant usedAt;
}
