package io.padic.api.eventtypes;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.padic.api.common.PadicConfig;
import io.padic.api.store.LastKnown;
import io.padic.api.store.StoreOutage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The current version of an event type, as ingest needs it. A project's heads are kept for a short while
 * ({@code padic.cache.control-plane-staleness}, 5 s by default), so a write pays no round trip for them: a
 * save in this process is seen at once, a save in another process once the kept heads are older than the
 * bound. Versions never change, so each is read from the store once and then kept.
 */
@ApplicationScoped
public class DeclaredTypes {

    private static final int KEPT_VERSIONS = 10_000;
    private static final int KEPT_PROJECTS = 100_000;

    private final EventTypeRepository types;
    private final LastKnown<String, EventTypeHeads> heads;
    private final Cache<String, EventTypeVersion> versions =
            Caffeine.newBuilder().maximumSize(KEPT_VERSIONS).build();

    public DeclaredTypes(EventTypeRepository types, PadicConfig config, StoreOutage outage) {
        this.types = types;
        this.heads = new LastKnown<>(Caffeine.newBuilder().maximumSize(KEPT_PROJECTS)
                .expireAfterWrite(config.cache().controlPlaneStaleness()).build(), KEPT_PROJECTS,
                config.store().lastKnownFor(), outage);
    }

    public Optional<EventTypeVersion> current(String projectId, String name) {
        // The kept heads document is shared between threads: only read from it.
        EventTypeHeads.Head head = heads.get(projectId, types::heads).find(name);
        if (head == null) {
            return Optional.empty();
        }
        String id = EventTypeVersion.idOf(projectId, name, head.version);
        return Optional.of(versions.get(id, ignored -> types.version(projectId, name, head.version).orElseThrow()));
    }

    /** The project's heads as this process keeps them: its own saves at once, others' within the bound. */
    public EventTypeHeads heads(String projectId) {
        return heads.get(projectId, types::heads);
    }

    /** {@link #heads}, if this process holds them now: never a store read. */
    public Optional<EventTypeHeads> keptHeads(String projectId) {
        return Optional.ofNullable(heads.getIfPresent(projectId));
    }

    /** Called after this process changed the project's heads, so its next write checks against them. */
    void forget(String projectId) {
        heads.invalidate(projectId);
    }
}
