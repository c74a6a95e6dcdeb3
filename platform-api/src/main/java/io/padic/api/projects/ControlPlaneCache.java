package io.padic.api.projects;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.padic.api.common.Digests;
import io.padic.api.common.PadicConfig;
import io.padic.api.store.LastKnown;
import io.padic.api.store.StoreOutage;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * What every data-plane request needs of the control plane, kept in this process for a short while so that
 * a write does not pay a store round trip for it: API keys by digest and projects by id. A revoke or a change
 * made through this process forgets the entry at once; other processes see it once their entry is older than
 * {@code padic.cache.control-plane-staleness} (5 s by default), the bound docs/api.md promises.
 * Absent entries are not kept, so a key or project is usable everywhere as soon as it exists. While the store cannot
 * be reached, entries this process loaded stay in use for {@code padic.store.last-known-for}
 * (docs/design.md#store-outages).
 */
@ApplicationScoped
public class ControlPlaneCache {

    private static final int MAX_ENTRIES = 100_000;

    private final ApiKeyRepository keys;
    private final ProjectRepository projects;
    private final LastKnown<String, ApiKey> keysByDigest;
    private final LastKnown<String, Project> projectsById;

    public ControlPlaneCache(ApiKeyRepository keys, ProjectRepository projects, PadicConfig config,
            StoreOutage outage) {
        this.keys = keys;
        this.projects = projects;
        Duration staleness = config.cache().controlPlaneStaleness();
        Duration keptFor = config.store().lastKnownFor();
        this.keysByDigest = new LastKnown<>(Caffeine.newBuilder().maximumSize(MAX_ENTRIES)
                .expireAfterWrite(staleness).build(), MAX_ENTRIES, keptFor, outage);
        this.projectsById = new LastKnown<>(Caffeine.newBuilder().maximumSize(MAX_ENTRIES)
                .expireAfterWrite(staleness).build(), MAX_ENTRIES, keptFor, outage);
    }

    /** The key whose secret has this digest, if it exists (and is not revoked, within the bound). */
    public Optional<ApiKey> apiKey(String digest) {
        // A load that races with a revoke is dropped by the revoke's invalidate, which waits for it.
        return Optional.ofNullable(keysByDigest.get(digest, keys::findById));
    }

    /** The key with this digest if this process knows it already: never a store read. */
    public Optional<ApiKey> cachedApiKey(String digest) {
        return Optional.ofNullable(keysByDigest.getIfPresent(digest));
    }

    /**
     * The project as ingest reads it (settings such as the policy for undeclared event types). The
     * returned entity is shared: read it, never change it.
     */
    public Optional<Project> project(String projectId) {
        return Optional.ofNullable(projectsById.get(projectId, projects::findById));
    }

    /**
     * The key with this secret, if this process holds it and its project now and the key carries {@code needed}: never
     * a store read. Empty for anything else, which {@link KeyCaller} then decides, with the store if it must.
     */
    public Optional<ApiKey> keptKeyWith(String secret, Scope needed) {
        if (!secret.startsWith(ApiKey.SECRET_PREFIX + "_")) {
            return Optional.empty();
        }
        ApiKey key = keysByDigest.getIfPresent(Digests.sha256(secret));
        if (key == null || !key.scopes.contains(needed.wire()) || projectsById.getIfPresent(key.projectId) == null) {
            return Optional.empty();
        }
        return Optional.of(key);
    }

    public void forgetKey(String digest) {
        keysByDigest.invalidate(digest);
    }

    public void forgetProject(String projectId) {
        projectsById.invalidate(projectId);
    }
}
