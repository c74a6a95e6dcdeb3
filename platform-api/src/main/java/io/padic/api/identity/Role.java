package io.padic.api.identity;

import com.fasterxml.jackson.annotation.JsonValue;

/** A member's role in a tenant, strongest first. */
public enum Role {
    OWNER, ADMIN, DEVELOPER, VIEWER;

    public boolean atLeast(Role needed) {
        return ordinal() <= needed.ordinal();
    }

    @JsonValue
    public String json() {
        return name().toLowerCase();
    }
}
