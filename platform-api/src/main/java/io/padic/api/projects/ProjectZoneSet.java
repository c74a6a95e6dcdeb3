package io.padic.api.projects;

/** A project's time zone was set (perhaps to the one it had): fired after the change is stored. */
public record ProjectZoneSet(String projectId) {
}
