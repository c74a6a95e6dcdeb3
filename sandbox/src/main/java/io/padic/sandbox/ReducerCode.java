package io.padic.sandbox;

/**
 * One event type's reducer: the body of {@code function applyEvent(state, event, accessLevel)}.
 * A null or blank body means the default, {@code return event.metaData;}.
 */
public record ReducerCode(String type, int version, String body) {

    public boolean isDefault() {
        return body == null || body.isBlank();
    }

    /** The name GraalVM gives the source; errors are traced back to a type and version through it. */
    String sourceName() {
        return type + "@v" + version + ".js";
    }
}
