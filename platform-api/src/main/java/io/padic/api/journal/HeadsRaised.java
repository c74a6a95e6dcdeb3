package io.padic.api.journal;

import java.time.Instant;
import java.util.List;

/**
 * The heads a write raised in the store, as its {@link HeadsListener} is told them before the write is acknowledged.
 */
public record HeadsRaised(String projectId, List<Raised> heads) {

    /** An object's head after the write: its newest seq and the createdAt of the event pinned there. */
    public record Raised(String objectId, long seq, Instant createdAt) {
    }

    static HeadsRaised of(String projectId, List<EventRecord> written) {
        List<Raised> heads = written.stream().flatMap(event -> event.pins().stream()
                .map(pin -> new Raised(pin.objectId(), pin.seq(), event.createdAt()))).toList();
        return new HeadsRaised(projectId, heads);
    }
}
