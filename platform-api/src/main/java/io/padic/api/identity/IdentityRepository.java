package io.padic.api.identity;

import com.mongodb.MongoWriteException;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import io.padic.api.common.ApiProblem;
import io.padic.api.store.EventStore;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;

/** Users by id and by e-mail (a unique index, so the lookup is an exact key). */
@ApplicationScoped
public class IdentityRepository implements PanacheMongoRepositoryBase<User, String> {

    void createIndexes(@Observes StartupEvent start) {
        mongoCollection().createIndex(Indexes.ascending("email"), new IndexOptions().unique(true).name("user_email"));
    }

    /** Stores a new user; the unique e-mail index settles a race between two sign-ups with one address. */
    public void insertNew(User user) {
        try {
            persist(user);
        } catch (MongoWriteException e) {
            if (EventStore.isDuplicateKey(e)) {
                throw ApiProblem.conflict("An account with this e-mail exists already");
            }
            throw e;
        }
    }

    public Optional<User> findByEmail(String email) {
        return find("email", email).firstResultOptional();
    }

    /** Lists the tenant among the user's (an update operator, so concurrent creations all land). */
    public void addTenant(String userId, String tenantId) {
        mongoCollection().updateOne(Filters.eq("_id", userId), Updates.addToSet("tenantIds", tenantId));
    }

    public void removeTenant(List<String> userIds, String tenantId) {
        mongoCollection().updateMany(Filters.in("_id", userIds), Updates.pull("tenantIds", tenantId));
    }

    public void setPassword(String userId, String passwordHash) {
        mongoCollection().updateOne(Filters.eq("_id", userId), Updates.set("passwordHash", passwordHash));
    }

    /** Marks the e-mail verified if the user's address is still {@code email} (one conditional update). */
    public boolean markEmailVerified(String userId, String email) {
        return mongoCollection().updateOne(Filters.and(Filters.eq("_id", userId), Filters.eq("email", email)),
                Updates.set("emailVerified", true)).getMatchedCount() == 1;
    }
}
