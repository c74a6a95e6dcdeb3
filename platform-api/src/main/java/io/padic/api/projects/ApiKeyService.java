package io.padic.api.projects;

import io.padic.api.common.ApiProblem;
import io.padic.api.common.Digests;
import io.padic.api.common.Quotas;
import io.padic.api.common.RandomIds;
import io.padic.api.identity.Caller;
import io.padic.api.identity.Role;
import io.padic.api.identity.User;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Creates and revokes API keys. The secret is returned once and stored only as its digest (I8). */
@ApplicationScoped
public class ApiKeyService {

    private final ProjectService projects;
    private final ProjectRepository projectRepository;
    private final ApiKeyRepository keys;
    private final ControlPlaneCache cache;
    private final Quotas quotas;

    public ApiKeyService(ProjectService projects, ProjectRepository projectRepository, ApiKeyRepository keys,
            ControlPlaneCache cache, Quotas quotas) {
        this.projects = projects;
        this.projectRepository = projectRepository;
        this.keys = keys;
        this.cache = cache;
        this.quotas = quotas;
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
        String secret = RandomIds.secret(Caller.API_KEY_PREFIX);
        Project.KeySummary summary = new Project.KeySummary();
        summary.id = RandomIds.next("key");
        summary.name = name.trim();
        summary.scopes = List.copyOf(new java.util.LinkedHashSet<>(scopes));
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
        // The lookup document goes in last: until the project lists the key, the key does not work.
        if (!projectRepository.addKey(project.id, summary, quotas.keysPerProject())) {
            if (projectRepository.findByIdOptional(project.id).isEmpty()) {
                throw ApiProblem.notFound("Project " + projectId);
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
        return new Created(summary, secret);
    }

    public List<Project.KeySummary> list(User user, String projectId) {
        return new ArrayList<>(projects.require(user, projectId, Role.VIEWER).apiKeys);
    }

    public void revoke(User user, String projectId, String keyId) {
        Project project = projects.require(user, projectId, Role.DEVELOPER);
        Project.KeySummary summary = project.apiKeys.stream().filter(k -> k.id.equals(keyId)).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("API key " + keyId));
        // Revoke the lookup first, so a crash between the two steps never leaves a working key unlisted.
        keys.deleteById(summary.digest);
        // This process stops honouring the key now; others within the cache's staleness bound.
        cache.forgetKey(summary.digest);
        projectRepository.removeKey(project.id, summary.id);
    }
}
