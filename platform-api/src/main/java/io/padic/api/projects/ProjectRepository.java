package io.padic.api.projects;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.conversions.Bson;

/**
 * Projects. Every change is one update operator on the one document, never a read-modify-write of the whole
 * of it: concurrent changes (two keys created at once, a key created during a PATCH) all land.
 */
@ApplicationScoped
public class ProjectRepository implements PanacheMongoRepositoryBase<Project, String> {

    /**
     * Adds a key's summary unless the project already holds {@code max} keys (one conditional update, so
     * concurrent creations never pass the quota together); false when the project is full or gone.
     */
    boolean addKey(String projectId, Project.KeySummary key, int max) {
        return mongoCollection().updateOne(
                Filters.and(Filters.eq("_id", projectId), Filters.exists("apiKeys." + (max - 1), false)),
                Updates.push("apiKeys", key)).getMatchedCount() == 1;
    }

    void removeKey(String projectId, String keyId) {
        mongoCollection().updateOne(Filters.eq("_id", projectId),
                // The POJO codec stores a summary's id as "_id", as it does any property named id.
                Updates.pull("apiKeys", Filters.eq("_id", keyId)));
    }

    /** Sets the given fields (null: unchanged); false when the project is gone. */
    boolean setFields(String projectId, String name, List<String> accessLevels, String undeclaredEventTypes) {
        List<Bson> sets = new ArrayList<>();
        if (name != null) {
            sets.add(Updates.set("name", name));
        }
        if (accessLevels != null) {
            sets.add(Updates.set("accessLevels", accessLevels));
        }
        if (undeclaredEventTypes != null) {
            sets.add(Updates.set("undeclaredEventTypes", undeclaredEventTypes));
        }
        if (sets.isEmpty()) {
            return findByIdOptional(projectId).isPresent();
        }
        return mongoCollection().updateOne(Filters.eq("_id", projectId), Updates.combine(sets)).getMatchedCount() == 1;
    }

    /** Deletes the project and returns it as it was at that moment, with every key added until then. */
    Optional<Project> deleteAndReturn(String projectId) {
        return Optional.ofNullable(mongoCollection().findOneAndDelete(Filters.eq("_id", projectId)));
    }
}
