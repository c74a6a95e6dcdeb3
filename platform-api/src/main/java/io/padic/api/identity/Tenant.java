package io.padic.api.identity;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.codecs.pojo.annotations.BsonId;

/** A workspace. It holds its members and its project ids, so neither needs a query to list. */
@MongoEntity(collection = "tenants")
public class Tenant {
    @BsonId
    public String id;
    public String name;
    public boolean personal;
    public List<Membership> members = new ArrayList<>();
    public List<String> projectIds = new ArrayList<>();
    public Instant createdAt;

    public static class Membership {
        public String userId;
        public Role role;

        public Membership() {
        }

        public Membership(String userId, Role role) {
            this.userId = userId;
            this.role = role;
        }
    }

    public Optional<Role> roleOf(String userId) {
        return members.stream().filter(m -> m.userId.equals(userId)).map(m -> m.role).findFirst();
    }
}
