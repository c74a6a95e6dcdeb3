package io.padic.api.eventtypes;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current version of an event type, as ingest needs it: one exact-key read of the project's heads;
 * versions never change, so each is read from the store once and then kept.
 */
@ApplicationScoped
public class DeclaredTypes {

    private static final int KEPT_VERSIONS = 10_000;

    private final EventTypeRepository types;
    private final Map<String, EventTypeVersion> versions = new ConcurrentHashMap<>();

    public DeclaredTypes(EventTypeRepository types) {
        this.types = types;
    }

    public Optional<EventTypeVersion> current(String projectId, String name) {
        EventTypeHeads.Head head = types.heads(projectId).find(name);
        if (head == null) {
            return Optional.empty();
        }
        String id = EventTypeVersion.idOf(projectId, name, head.version);
        EventTypeVersion version = versions.get(id);
        if (version == null) {
            version = types.version(projectId, name, head.version).orElseThrow();
            if (versions.size() >= KEPT_VERSIONS) {
                versions.clear();
            }
            versions.put(id, version);
        }
        return Optional.of(version);
    }
}
