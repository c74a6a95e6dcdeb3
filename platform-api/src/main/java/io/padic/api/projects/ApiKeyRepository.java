package io.padic.api.projects;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.bson.Document;

/**
 * Key lookup records by digest: the truth about which keys exist. A key works while its record exists (and
 * its project does); revocation and project deletion remove records, and key lists show only keys that have one.
 */
@ApplicationScoped
public class ApiKeyRepository implements PanacheMongoRepositoryBase<ApiKey, String> {

    /** The digests among {@code digests} that have a lookup record, in one exact-key query. */
    Set<String> existing(Collection<String> digests) {
        Set<String> found = new HashSet<>();
        if (digests.isEmpty()) {
            return found;
        }
        for (Document doc : mongoCollection().withDocumentClass(Document.class)
                .find(Filters.in("_id", digests)).projection(Projections.include("_id"))) {
            found.add(doc.getString("_id"));
        }
        return found;
    }
}
