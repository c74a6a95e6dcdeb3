package io.padic.api.identity;

import io.padic.api.audit.AuditAction;
import io.padic.api.audit.AuditLog;
import io.padic.api.audit.Target;
import io.padic.api.common.ApiProblem;
import io.padic.api.common.RandomIds;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Workspaces (tenants) a user creates, renames, deletes and lists. A workspace the user is not a member of
 * answers 404, exactly like a missing one (I5). Renaming needs admin, deleting owner; the personal workspace
 * and one that still holds projects are never deleted.
 */
@ApplicationScoped
public class WorkspaceService {

    private final TenantRepository tenants;
    private final IdentityRepository users;
    private final AuditLog audit;

    public WorkspaceService(TenantRepository tenants, IdentityRepository users, AuditLog audit) {
        this.tenants = tenants;
        this.users = users;
        this.audit = audit;
    }

    /** A new workspace that {@code user} owns. */
    public Tenant create(User user, String name) {
        Tenant tenant = new Tenant();
        tenant.id = RandomIds.next("ten");
        tenant.name = name.trim();
        tenant.members.add(new Tenant.Membership(user.id, Role.OWNER));
        tenant.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // The tenant first, then the user's list: a crash in between leaves a tenant nobody lists, never a
        // listed id with nothing behind it.
        tenants.persist(tenant);
        users.addTenant(user.id, tenant.id);
        audit.record(tenant.id, user.actor(), AuditAction.WORKSPACE_CREATED, Target.workspace(tenant.id, tenant.name));
        return tenant;
    }

    public List<Tenant> list(User user) {
        return tenants.list("_id in ?1", user.tenantIds).stream()
                .filter(t -> t.roleOf(user.id).isPresent()).toList();
    }

    public Tenant require(User user, String tenantId) {
        Tenant tenant = user.tenantIds.contains(tenantId) ? tenants.findById(tenantId) : null;
        if (tenant == null || tenant.roleOf(user.id).isEmpty()) {
            throw ApiProblem.notFound("Workspace " + tenantId);
        }
        tenant.requireSecondFactorOf(user);
        return tenant;
    }

    /** The workspace if {@code user} is a member with at least {@code role}; 404 for a non-member, 403 if weaker. */
    public Tenant require(User user, String tenantId, Role role) {
        Tenant tenant = require(user, tenantId);
        tenant.requireRole(user.id, role);
        return tenant;
    }

    /**
     * Turns the workspace's "require a second factor" on or off (owner). Turning it on needs TOTP on for the owner
     * first, so the owner is never locked out by their own setting.
     */
    public Tenant setRequireMfa(User user, String tenantId, boolean required) {
        require(user, tenantId).requireRole(user.id, Role.OWNER);
        if (required && !user.totpOn()) {
            throw ApiProblem.invalid("requireMfa", "turn on TOTP for your own account first (POST /v1/me/totp)");
        }
        boolean before = require(user, tenantId).requireMfa;
        if (!tenants.setRequireMfa(tenantId, user.id, required)) {
            throw ApiProblem.notFound("Workspace " + tenantId); // deleted or your role changed meanwhile
        }
        Tenant after = require(user, tenantId);
        if (before != required) {
            audit.record(tenantId, user.actor(), AuditAction.WORKSPACE_SECOND_FACTOR_CHANGED,
                    Target.workspace(tenantId, after.name), Map.of("requireMfa", before + " → " + required));
        }
        return after;
    }

    public Tenant rename(User user, String tenantId, String name) {
        require(user, tenantId);
        String newName = name.trim();
        Tenant before = tenants.rename(tenantId, user.id, Role.ADMIN, newName).orElse(null);
        if (before == null) {
            require(user, tenantId).requireRole(user.id, Role.ADMIN);
            throw ApiProblem.notFound("Workspace " + tenantId); // deleted meanwhile
        }
        if (!before.name.equals(newName)) {
            audit.record(tenantId, user.actor(), AuditAction.WORKSPACE_RENAMED, Target.workspace(tenantId, newName),
                    Map.of("name", before.name + " → " + newName));
        }
        return require(user, tenantId);
    }

    public void delete(User user, String tenantId) {
        require(user, tenantId);
        Tenant deleted = tenants.deleteIfEmpty(tenantId, user.id).orElseThrow(() -> refusal(user, tenantId));
        users.removeTenant(deleted.members.stream().map(m -> m.userId).toList(), deleted.id);
        // Into the deleted workspace's own log: no one reads it through the API any more, but the log stays whole
        // in the store (docs/design.md#audit-log).
        audit.record(deleted.id, user.actor(), AuditAction.WORKSPACE_DELETED,
                Target.workspace(deleted.id, deleted.name));
    }

    /** Why a deletion matched nothing, read after the fact. */
    private ApiProblem refusal(User user, String tenantId) {
        Tenant tenant = require(user, tenantId);
        tenant.requireRole(user.id, Role.OWNER);
        if (tenant.personal) {
            return ApiProblem.conflict("Your personal workspace cannot be deleted; it is where sign-up put you");
        }
        if (!tenant.projectIds.isEmpty()) {
            return ApiProblem.conflict("The workspace still holds " + tenant.projectIds.size()
                    + (tenant.projectIds.size() == 1 ? " project" : " projects") + "; delete them first");
        }
        return ApiProblem.conflict("The workspace changed during this request; send it again");
    }
}
