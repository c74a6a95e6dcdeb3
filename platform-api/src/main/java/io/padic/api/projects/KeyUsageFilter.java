package io.padic.api.projects;

import io.padic.api.common.Digests;
import io.padic.api.common.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Counts each answer to an API key and keeps the refused ones ({@link KeyUsage}). The key is found in the
 * control-plane cache only, never in the store: a request that got this far with a valid key has just put it
 * there, and one with an unknown key belongs to no key's log.
 */
public class KeyUsageFilter {

    private static final String BEARER_KEY = "Bearer " + ApiKey.SECRET_PREFIX + "_";

    private final ControlPlaneCache cache;
    private final KeyUsage usage;

    public KeyUsageFilter(ControlPlaneCache cache, KeyUsage usage) {
        this.cache = cache;
        this.usage = usage;
    }

    @ServerResponseFilter
    public void record(ContainerRequestContext request, ContainerResponseContext response) {
        String header = request.getHeaderString("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER_KEY, 0, BEARER_KEY.length())) {
            return;
        }
        ApiKey key = cache.cachedApiKey(Digests.sha256(header.substring(7).trim())).orElse(null);
        if (key == null) {
            return;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        usage.used(key.projectId, key.keyId, now);
        if (response.getStatus() >= 400 && response.getEntity() instanceof Problem problem) {
            usage.refused(key.projectId, key.keyId, new KeyUsage.Refusal(now, problem.status(), problem.title(),
                    problem.type(), problem.detail(), request.getMethod(),
                    request.getUriInfo().getRequestUri().getRawPath()));
        }
    }
}
