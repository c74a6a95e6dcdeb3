package io.padic.api.identity;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * A provider identity linked to a PAdic account: {@code _id} is {@link #keyOf} its issuer and subject, so a sign-in
 * finds its account by an exact key, and two first sign-ins of one identity cannot link it twice.
 */
@MongoEntity(collection = "identity_links")
public class IdentityLink {
    @BsonId
    public String id;
    public String userId;
    public String issuer;
    public String subject;
    public Instant linkedAt;

    public static String keyOf(String issuer, String subject) {
        return io.padic.api.common.Digests.sha256(issuer + "\n" + subject);
    }
}
