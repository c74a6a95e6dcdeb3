package io.padic.api.events;

/**
 * Work that follows a write: ingest hands each {@link WrittenGroup} to every bean of this type (the recent-events
 * feed, the violation log, …), higher {@code @Priority} first, before it answers. The events are stored and will
 * be acknowledged whatever a consumer does: a consumer that throws is logged and counted, and the next one is
 * called all the same.
 *
 * <p>A retry that finishes the event of an attempt that died (same Idempotency-Key) hands its group over again,
 * so a consumer must take an event id it has seen before as the same event. A replay of a finished request
 * hands nothing over.
 */
public interface AfterWrite {

    void accept(WrittenGroup group);
}
