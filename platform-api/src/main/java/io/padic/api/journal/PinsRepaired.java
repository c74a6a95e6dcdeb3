package io.padic.api.journal;

/**
 * Fired (CDI) after the repair sweep finished pinning an event whose writer died: the pins it added reach no
 * after-write consumer, so whoever follows the pins (analytics) observes this instead.
 */
public record PinsRepaired(EventRecord event) {
}
