package io.padic.api.projects;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.conversions.Bson;

/**
 * Projects. Every change is one update operator on the one document, never a read-modify-write of the whole
 * of it: concurrent changes (two keys created at once, a key created during a PATCH) all land. Conditions
 * that span a change (a key's level exists) are part of the update's filter. The filters beyond {@code _id}
 * still find the document by its {@code _id}: this control-plane collection stays small (docs/design.md#control-plane).
 */
@ApplicationScoped
public class ProjectRepository implements PanacheMongoRepositoryBase<Project, String> {

    /**
     * Adds a key's summary if the project exists, still has the key's access level (a PATCH that removes
     * the level at the same time either sees this key and refuses, or makes this add match nothing) and holds
     * fewer than {@code max} keys (concurrent creations never pass the quota together); false otherwise.
     */
    boolean addKey(String projectId, Project.KeySummary key, int max) {
        return mongoCollection().updateOne(
                Filters.and(Filters.eq("_id", projectId), Filters.eq("accessLevels", key.accessLevel),
                        Filters.exists("apiKeys." + (max - 1), false)),
                Updates.push("apiKeys", key)).getMatchedCount() == 1;
    }

    void removeKey(String projectId, String keyId) {
        mongoCollection().updateOne(Filters.eq("_id", projectId),
                // The POJO codec stores a summary's id as "_id", as it does any property named id.
                Updates.pull("apiKeys", Filters.eq("_id", keyId)));
    }

    /**
     * Sets the given fields (null: unchanged) and returns the project as it was just before the change, which the
     * caller's fields applied to give it after (for the audit log's "before → after"). New access levels are set only
     * if every key's level is among them, checked in the same update, so a key created meanwhile cannot keep a level
     * the project no longer has. Empty when the project is gone or a key uses a level that {@code accessLevels}
     * leaves out.
     */
    Optional<Project> setFields(String projectId, String name, List<String> accessLevels,
            String undeclaredEventTypes, String timeZone) {
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
        if (timeZone != null) {
            sets.add(Updates.set("timeZone", timeZone));
        }
        if (sets.isEmpty()) {
            return findByIdOptional(projectId);
        }
        Bson filter = Filters.eq("_id", projectId);
        if (accessLevels != null) {
            filter = Filters.and(filter,
                    Filters.not(Filters.elemMatch("apiKeys", Filters.nin("accessLevel", accessLevels))));
        }
        return Optional.ofNullable(mongoCollection().findOneAndUpdate(filter, Updates.combine(sets),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE)));
    }

    /** Deletes the project and returns it as it was at that moment, with every key added until then. */
    Optional<Project> deleteAndReturn(String projectId) {
        return Optional.ofNullable(mongoCollection().findOneAndDelete(Filters.eq("_id", projectId)));
    }
}
