package io.padic.api.identity;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Tenants. Their project lists change by update operators, so concurrent project creations all land. */
@ApplicationScoped
public class TenantRepository implements PanacheMongoRepositoryBase<Tenant, String> {

    /**
     * Lists the project in its tenant unless the tenant already lists {@code max} (one conditional update, so
     * concurrent creations never pass the quota together); false when it is full.
     */
    public boolean addProject(String tenantId, String projectId, int max) {
        return mongoCollection().updateOne(
                Filters.and(Filters.eq("_id", tenantId), Filters.exists("projectIds." + (max - 1), false)),
                Updates.addToSet("projectIds", projectId)).getMatchedCount() == 1;
    }

    public void removeProject(String tenantId, String projectId) {
        mongoCollection().updateOne(Filters.eq("_id", tenantId), Updates.pull("projectIds", projectId));
    }
}
