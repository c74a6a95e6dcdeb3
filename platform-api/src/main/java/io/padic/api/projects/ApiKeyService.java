package io.padic.api.projects;

import io.padic.api.audit.AuditAction;
import io.padic.api.audit.AuditLog;
import io.padic.api.audit.Target;
import io.padic.api.common.ApiProblem;
import io.padic.api.common.Digests;
import io.padic.api.common.PadicConfig;
import io.padic.api.common.Quotas;
import io.padic.api.common.RandomIds;
import io.padic.api.identity.Role;
import io.padic.api.identity.User;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Creates and revokes API keys. The secret is returned once and stored only as its digest (I8). */
@ApplicationScoped
public class ApiKeyService {

    private final ProjectService projects;
    private final ProjectRepository projectRepository;
    private final ApiKeyRepository keys;
    private final ControlPlaneCache cache;
    private final Quotas quotas;
    private final KeyUsage usage;
    private final AuditLog audit;

    public ApiKeyService(ProjectService projects, ProjectRepository projectRepository, ApiKeyRepository keys,
            ControlPlaneCache cache, PadicConfig config, KeyUsage usage, AuditLog audit) {
        this.audit = audit;
        this.usage = usage;
        this.projects = projects;
        this.projectRepository = projectRepository;
        this.keys = keys;
        this.cache = cache;
        this.quotas = config.quotas();
    }

    public record Created(Project.KeySummary summary, String secret) {
    }

    public Created create(User user, String projectId, String name, List<String> scopes, String accessLevel) {
        Project project = projects.require(user, projectId, Role.DEVELOPER);
        List<String> known = Scope.all();
        for (int i = 0; i < scopes.size(); i++) {
            if (!known.contains(scopes.get(i))) {
                throw ApiProblem.invalid("scopes[" + i + "]", "must be one of " + known);
            }
        }
        String level = accessLevel == null ? project.accessLevels.get(0) : accessLevel;
        if (!project.accessLevels.contains(level)) {
            throw ApiProblem.invalid("accessLevel", "must be one of the project's levels " + project.accessLevels);
        }
        String secret = RandomIds.secret(ApiKey.SECRET_PREFIX);
        Project.KeySummary summary = new Project.KeySummary();
        summary.id = RandomIds.next("key");
        summary.name = name.trim();
        summary.scopes = List.copyOf(new LinkedHashSet<>(scopes));
        summary.accessLevel = level;
        summary.digest = Digests.sha256(secret);
        summary.hint = secret.substring(0, 8) + "…" + secret.substring(secret.length() - 4);
        summary.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        ApiKey key = new ApiKey();
        key.id = summary.digest;
        key.keyId = summary.id;
        key.projectId = project.id;
        key.tenantId = project.tenantId;
        key.scopes = summary.scopes;
        key.accessLevel = level;
        // The lookup record goes in last: a key that works is always listed.
        if (!projectRepository.addKey(project.id, summary, quotas.keysPerProject())) {
            Project now = projectRepository.findById(project.id);
            if (now == null) {
                throw ApiProblem.notFound("Project " + projectId);
            }
            if (!now.accessLevels.contains(level)) {
                throw ApiProblem.invalid("accessLevel", "must be one of the project's levels " + now.accessLevels);
            }
            throw Quotas.exceeded(429, "keys-per-project", quotas.keysPerProject(), null, "Project " + projectId
                    + " holds " + quotas.keysPerProject() + " API keys; revoke one to create another");
        }
        keys.persist(key);
        // A delete of the project that ran meanwhile may have missed this lookup: then it goes now.
        if (projectRepository.findByIdOptional(project.id).isEmpty()) {
            keys.deleteById(key.id);
            cache.forgetKey(key.id);
            throw ApiProblem.notFound("Project " + projectId);
        }
        audit.record(project.tenantId, user.actor(), AuditAction.API_KEY_CREATED,
                Target.apiKey(project.id, summary.id, summary.name),
                Map.of("scopes", String.join(" ", summary.scopes), "accessLevel", level));
        return new Created(summary, secret);
    }

    /**
     * The project's keys that work: those whose lookup record exists. A summary without one (its creation
     * or revocation stopped half-way) is not a key.
     */
    public List<Project.KeySummary> list(User user, String projectId) {
        List<Project.KeySummary> summaries = projects.require(user, projectId, Role.VIEWER).apiKeys;
        Set<String> live = keys.existing(summaries.stream().map(k -> k.digest).toList());
        List<Project.KeySummary> listed = new ArrayList<>(summaries.size());
        for (Project.KeySummary summary : summaries) {
            if (live.contains(summary.digest)) {
                listed.add(summary);
            }
        }
        return listed;
    }

    /** The listed keys' recent use, by key id; null when Redis, which keeps it, does not answer. */
    public Map<String, KeyUsage.Usage> usage(String projectId, List<Project.KeySummary> listed) {
        return usage.of(projectId, listed.stream().map(k -> k.id).toList());
    }

    /** A key's refused requests of the past hour, newest first; any member may read them. */
    public List<KeyUsage.Refusal> refusals(User user, String projectId, String keyId) {
        Project project = projects.require(user, projectId, Role.VIEWER);
        if (project.apiKeys.stream().noneMatch(k -> k.id.equals(keyId))) {
            throw ApiProblem.notFound("API key " + keyId);
        }
        return usage.refusals(project.id, keyId);
    }

    public void revoke(User user, String projectId, String keyId) {
        Project project = projects.require(user, projectId, Role.DEVELOPER);
        Project.KeySummary summary = project.apiKeys.stream().filter(k -> k.id.equals(keyId)).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("API key " + keyId));
        // The lookup record goes first: from then on the key neither works nor is listed.
        boolean revokedNow = keys.deleteById(summary.digest);
        // This process stops honouring the key now; others within the cache's staleness bound.
        cache.forgetKey(summary.digest);
        projectRepository.removeKey(project.id, summary.id);
        if (!revokedNow) {
            throw ApiProblem.notFound("API key " + keyId);
        }
        audit.record(project.tenantId, user.actor(), AuditAction.API_KEY_REVOKED,
                Target.apiKey(project.id, summary.id, summary.name));
    }
}
