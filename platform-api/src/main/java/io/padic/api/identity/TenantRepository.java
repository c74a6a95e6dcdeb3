package io.padic.api.identity;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Tenants. Their project lists change by update operators, so concurrent project creations all land. */
@ApplicationScoped
public class TenantRepository implements PanacheMongoRepositoryBase<Tenant, String> {

    public void addProject(String tenantId, String projectId) {
        mongoCollection().updateOne(Filters.eq("_id", tenantId), Updates.addToSet("projectIds", projectId));
    }

    public void removeProject(String tenantId, String projectId) {
        mongoCollection().updateOne(Filters.eq("_id", tenantId), Updates.pull("projectIds", projectId));
    }
}
