package io.padic.api.projects;

import java.util.Arrays;
import java.util.List;

/** What an API key may do. */
public enum Scope {
    OBJECTS_READ("objects:read"), OBJECTS_WRITE("objects:write"), EVENTS_READ("events:read"),
    EVENTS_WRITE("events:write");

    private final String wire;

    Scope(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static List<String> all() {
        return Arrays.stream(values()).map(Scope::wire).toList();
    }
}
