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
}
