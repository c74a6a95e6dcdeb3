package io.padic.api.projects;

import io.padic.api.audit.AuditAction;
import io.padic.api.audit.AuditLog;
import io.padic.api.audit.Target;
import io.padic.api.common.ApiProblem;
import io.padic.api.common.PadicConfig;
import io.padic.api.common.Quotas;
import io.padic.api.common.RandomIds;
import io.padic.api.identity.Role;
import io.padic.api.identity.Tenant;
import io.padic.api.identity.TenantRepository;
import io.padic.api.identity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Projects and who may do what with them. A project that the caller's tenants do not hold answers 404,
 * exactly like a missing one (I5).
 */
@ApplicationScoped
public class ProjectService {

    private final ProjectRepository projects;
    private final TenantRepository tenants;
    private final ApiKeyRepository keys;
    private final ControlPlaneCache cache;
    private final Quotas quotas;
    private final Event<ProjectZoneSet> zoneSet;
    private final AuditLog audit;

    public ProjectService(ProjectRepository projects, TenantRepository tenants, ApiKeyRepository keys,
            ControlPlaneCache cache, PadicConfig config, Event<ProjectZoneSet> zoneSet, AuditLog audit) {
        this.audit = audit;
        this.projects = projects;
        this.tenants = tenants;
        this.keys = keys;
        this.cache = cache;
        this.quotas = config.quotas();
        this.zoneSet = zoneSet;
    }

    public Project create(User user, String name, String tenantId) {
        if (tenantId == null && user.tenantIds.isEmpty()) {
            throw ApiProblem.invalid("tenantId", "is required: you belong to no workspace to put the project in");
        }
        String target = tenantId != null ? tenantId : user.tenantIds.get(0);
        Tenant tenant = memberTenant(user, target, "tenant " + target);
        tenant.requireRole(user.id, Role.DEVELOPER);
        Project project = new Project();
        project.id = RandomIds.next("prj");
        project.tenantId = tenant.id;
        project.name = name.trim();
        project.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // The tenant lists the id first (within its quota, in one conditional update): a crash in between
        // leaves an id that lists nothing, never a project that no list shows.
        if (!tenants.addProject(tenant.id, project.id, quotas.projectsPerTenant())) {
            if (tenants.findById(tenant.id) == null) {
                throw ApiProblem.notFound("tenant " + target); // deleted meanwhile (WorkspaceService.delete)
            }
            throw Quotas.exceeded(429, "projects-per-tenant", quotas.projectsPerTenant(), null, "Workspace "
                    + tenant.id + " holds " + quotas.projectsPerTenant() + " projects; delete one to create another");
        }
        projects.persist(project);
        audit.record(project.tenantId, user.actor(), AuditAction.PROJECT_CREATED, Target.project(project.id,
                project.name));
        return project;
    }

    public List<Project> list(User user) {
        List<String> ids = new ArrayList<>();
        for (Tenant tenant : tenants.list("_id in ?1", user.tenantIds)) {
            if (tenant.roleOf(user.id).isPresent()) {
                ids.addAll(tenant.projectIds);
            }
        }
        return ids.isEmpty() ? List.of() : projects.list("_id in ?1", ids);
    }

    /** The project if the user is a member of its tenant with at least {@code role}. */
    public Project require(User user, String projectId, Role role) {
        Project project = projects.findById(projectId);
        if (project == null) {
            throw ApiProblem.notFound("Project " + projectId);
        }
        Tenant tenant = memberTenant(user, project.tenantId, "Project " + projectId);
        tenant.requireRole(user.id, role);
        return project;
    }

    public Project update(User user, String projectId, String name, List<String> accessLevels,
            String undeclaredEventTypes, String timeZone) {
        require(user, projectId, Role.ADMIN);
        if (timeZone != null && !Project.isTimeZone(timeZone)) {
            throw ApiProblem.invalid("timeZone", "must be an IANA time zone name such as 'Europe/London' or 'UTC'");
        }
        if (accessLevels != null
                && (accessLevels.isEmpty() || new HashSet<>(accessLevels).size() != accessLevels.size())) {
            throw ApiProblem.invalid("accessLevels", "must be a non-empty list of distinct names");
        }
        String trimmedName = name == null ? null : name.trim();
        Project before = projects.setFields(projectId, trimmedName, accessLevels, undeclaredEventTypes, timeZone)
                .orElseThrow(() -> refusal(projectId, accessLevels));
        cache.forgetProject(projectId);
        if (timeZone != null) {
            zoneSet.fire(new ProjectZoneSet(projectId));
        }
        Map<String, String> changed = new LinkedHashMap<>();
        noteChange(changed, "name", before.name, trimmedName);
        noteChange(changed, "accessLevels", before.accessLevels, accessLevels);
        noteChange(changed, "undeclaredEventTypes", before.undeclaredEventTypes, undeclaredEventTypes);
        noteChange(changed, "timeZone", before.zone().getId(), timeZone);
        Project updated = applied(before, trimmedName, accessLevels, undeclaredEventTypes, timeZone);
        if (!changed.isEmpty()) {
            audit.record(updated.tenantId, user.actor(), AuditAction.PROJECT_CHANGED,
                    Target.project(projectId, updated.name), changed);
        }
        return updated;
    }

    /** The project as the update left it: what it was just before, with the fields that were set. */
    private static Project applied(Project before, String name, List<String> accessLevels,
            String undeclaredEventTypes, String timeZone) {
        Project after = before; // our own copy, read by the update: nothing else holds it
        after.name = name != null ? name : before.name;
        after.accessLevels = accessLevels != null ? new ArrayList<>(accessLevels) : before.accessLevels;
        after.undeclaredEventTypes = undeclaredEventTypes != null ? undeclaredEventTypes : before.undeclaredEventTypes;
        after.timeZone = timeZone != null ? timeZone : before.timeZone;
        return after;
    }

    /** Notes {@code field: "before → after"} when the update sets it (not null) to something else. */
    private static void noteChange(Map<String, String> changed, String field, Object before, Object after) {
        if (after != null && !Objects.equals(before, after)) {
            changed.put(field, before + " → " + after);
        }
    }

    /** Why an update matched nothing: the project is gone, or a key uses a level the update leaves out. */
    private ApiProblem refusal(String projectId, List<String> accessLevels) {
        Project now = projects.findById(projectId);
        if (now == null || accessLevels == null) {
            return ApiProblem.notFound("Project " + projectId);
        }
        return now.apiKeys.stream().filter(k -> !accessLevels.contains(k.accessLevel)).findFirst()
                .map(key -> ApiProblem.invalid("accessLevels", "API key " + key.id + " uses level '"
                        + key.accessLevel + "'; revoke it before removing that level"))
                // The key that stood in the way was revoked meanwhile: the caller may simply retry.
                .orElseGet(() -> ApiProblem.conflict("The project's keys changed during this update; send it again"));
    }

    /**
     * Removes the project and its keys; its events become unreachable at once. The project goes first, and
     * its keys are those it held at that moment: a key added later finds no project and removes itself
     * ({@link ApiKeyService#create}).
     */
    public void delete(User user, String projectId) {
        Project project = require(user, projectId, Role.ADMIN);
        Project deleted = projects.deleteAndReturn(project.id).orElseThrow(() -> ApiProblem.notFound("Project " + projectId));
        cache.forgetProject(project.id);
        for (Project.KeySummary key : deleted.apiKeys) {
            keys.deleteById(key.digest);
            cache.forgetKey(key.digest);
        }
        tenants.removeProject(project.tenantId, project.id);
        audit.record(project.tenantId, user.actor(), AuditAction.PROJECT_DELETED, Target.project(project.id,
                deleted.name));
    }

    private Tenant memberTenant(User user, String tenantId, String notFoundName) {
        Tenant tenant = user.tenantIds.contains(tenantId) ? tenants.findById(tenantId) : null;
        if (tenant == null || tenant.roleOf(user.id).isEmpty()) {
            throw ApiProblem.notFound(notFoundName);
        }
        tenant.requireSecondFactorOf(user);
        return tenant;
    }
}
