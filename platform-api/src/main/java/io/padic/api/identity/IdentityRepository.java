package io.padic.api.identity;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/** Users by id and by e-mail (a unique index, so the lookup is an exact key). */
@ApplicationScoped
public class IdentityRepository implements PanacheMongoRepositoryBase<User, String> {

    void createIndexes(@Observes StartupEvent start) {
        mongoCollection().createIndex(Indexes.ascending("email"), new IndexOptions().unique(true).name("user_email"));
    }

    public Optional<User> findByEmail(String email) {
        return find("email", email).firstResultOptional();
    }
}
