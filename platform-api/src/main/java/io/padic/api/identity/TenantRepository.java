package io.padic.api.identity;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Tenants. Every change is one conditional operation on one document (docs/design.md#control-plane): concurrent
 * project creations all land, and a rename or deletion checks the caller's role in the same step.
 */
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

    /**
     * Renames the tenant if {@code userId} is still a member with at least {@code needed}; returns the tenant as it
     * was just before (its old name, for the audit log), empty otherwise.
     */
    public Optional<Tenant> rename(String tenantId, String userId, Role needed, String name) {
        return Optional.ofNullable(mongoCollection().findOneAndUpdate(
                Filters.and(Filters.eq("_id", tenantId), memberAtLeast(userId, needed)), Updates.set("name", name),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE)));
    }

    /** Sets whether the tenant requires a second factor, if {@code userId} is still its owner; false otherwise. */
    public boolean setRequireMfa(String tenantId, String userId, boolean required) {
        return mongoCollection().updateOne(Filters.and(Filters.eq("_id", tenantId),
                memberAtLeast(userId, Role.OWNER)), Updates.set("requireMfa", required)).getMatchedCount() == 1;
    }

    /**
     * Deletes the tenant if it is not personal, lists no project and {@code userId} is its owner, all checked in
     * the deletion itself: a project created at the same moment either lands first (and the deletion is refused)
     * or finds no tenant. Returns the deleted tenant.
     */
    public Optional<Tenant> deleteIfEmpty(String tenantId, String userId) {
        return Optional.ofNullable(mongoCollection().findOneAndDelete(Filters.and(Filters.eq("_id", tenantId),
                Filters.ne("personal", true), Filters.exists("projectIds.0", false),
                memberAtLeast(userId, Role.OWNER))));
    }

    /**
     * Replaces the members and pending invitations if the tenant is still at the revision it was read at, and raises
     * the revision, in one conditional update: a change decided on a state that another change has replaced meanwhile
     * matches nothing (false), so the caller reads again and decides again (docs/design.md#members-and-invitations).
     * Nothing else of the tenant is touched, so concurrent project creations and renames land too.
     */
    public boolean replaceMembers(Tenant read, List<Tenant.Membership> members, List<Tenant.Invitation> invitations) {
        Bson sameRevision = read.revision == 0
                ? Filters.or(Filters.exists("revision", false), Filters.eq("revision", 0L))
                : Filters.eq("revision", read.revision);
        return mongoCollection().updateOne(Filters.and(Filters.eq("_id", read.id), sameRevision), Updates.combine(
                Updates.set("members", members.stream().map(TenantRepository::document).toList()),
                Updates.set("invitations", invitations.stream().map(TenantRepository::document).toList()),
                Updates.set("revision", read.revision + 1))).getMatchedCount() == 1;
    }

    private static Document document(Tenant.Membership member) {
        return new Document("userId", member.userId).append("role", member.role.name());
    }

    private static Document document(Tenant.Invitation invitation) {
        return new Document("invitationId", invitation.invitationId).append("email", invitation.email)
                .append("role", invitation.role.name()).append("tokenDigest", invitation.tokenDigest)
                .append("invitedBy", invitation.invitedBy).append("createdAt", Date.from(invitation.createdAt))
                .append("expiresAt", Date.from(invitation.expiresAt));
    }

    private static Bson memberAtLeast(String userId, Role needed) {
        return Filters.elemMatch("members", Filters.and(Filters.eq("userId", userId),
                Filters.in("role", Arrays.stream(Role.values()).filter(r -> r.atLeast(needed)).map(Role::name)
                        .toList())));
    }
}
