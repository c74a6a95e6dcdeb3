package io.padic.dashboard.web;

import java.util.Map;

/**
 * The sentence a page shows after a change it was redirected from ({@code ?done=deleted&name=…}): only these
 * known changes, so a link cannot make the dashboard say something else.
 */
public final class Notices {

    private static final Map<String, String> SENTENCES = Map.of(
            "created", "Created the workspace “%s”; it is now the current one.",
            "renamed", "Renamed the workspace to “%s”.",
            "deleted", "Deleted the workspace “%s”.",
            "switched", "Switched to the workspace “%s”.",
            "project-deleted", "Deleted the project “%s”; its API keys no longer work.",
            "mfa-required", "“%s” now requires a second factor: members without one are refused there.",
            "mfa-optional", "“%s” no longer requires a second factor.");

    private Notices() {
    }

    /** The sentence for {@code done}, or null when there is none. */
    public static String message(String done, String name) {
        String sentence = done == null ? null : SENTENCES.get(done);
        return sentence == null ? null : sentence.formatted(name == null ? "" : name);
    }
}
