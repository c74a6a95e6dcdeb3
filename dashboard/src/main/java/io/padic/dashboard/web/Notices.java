package io.padic.dashboard.web;

import java.util.Map;

/**
 * The sentence a page shows after a change it was redirected from ({@code ?done=deleted&name=…}): only these
 * known changes, so a link cannot make the dashboard say something else.
 */
public final class Notices {

    private static final Map<String, String> SENTENCES = Map.ofEntries(
            Map.entry("created", "Created the workspace “%s”; it is now the current one."),
            Map.entry("renamed", "Renamed the workspace to “%s”."),
            Map.entry("deleted", "Deleted the workspace “%s”."),
            Map.entry("switched", "Switched to the workspace “%s”."),
            Map.entry("project-deleted", "Deleted the project “%s”; its API keys no longer work."),
            Map.entry("invited", "Invited %s; they get a mail with a link to join."),
            Map.entry("revoked", "Withdrew the invitation of %s; its link no longer works."),
            Map.entry("role-changed", "Changed the role of %s."),
            Map.entry("removed", "Removed %s from the workspace."),
            Map.entry("left", "You left the workspace “%s”."),
            Map.entry("joined", "You joined the workspace “%s”."),
            Map.entry("password-reset", "Your password was changed and every session ended; log in with the new "
                    + "password."),
            Map.entry("verification-sent", "We sent another confirmation mail to %s."),
            Map.entry("mfa-required", "“%s” now requires a second factor: members without one are refused there."),
            Map.entry("mfa-optional", "“%s” no longer requires a second factor."));

    private Notices() {
    }

    /** The sentence for {@code done}, or null when there is none. */
    public static String message(String done, String name) {
        String sentence = done == null ? null : SENTENCES.get(done);
        return sentence == null ? null : sentence.formatted(name == null ? "" : name);
    }
}
