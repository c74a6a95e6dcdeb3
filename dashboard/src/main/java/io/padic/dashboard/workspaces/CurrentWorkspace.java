package io.padic.dashboard.workspaces;

import io.padic.dashboard.client.WorkspacesApi.Workspace;
import jakarta.ws.rs.core.NewCookie;
import java.util.List;

/**
 * Which workspace the dashboard shows: its id in a plain cookie (it names, it grants nothing: platform-api checks
 * membership on every call). A cookie naming a workspace the user no longer has falls back to the first one.
 */
public final class CurrentWorkspace {

    public static final String COOKIE = "padic_workspace";

    private CurrentWorkspace() {
    }

    public static Workspace pick(List<Workspace> workspaces, String cookie) {
        return workspaces.stream().filter(w -> w.id().equals(cookie)).findFirst()
                .orElse(workspaces.isEmpty() ? null : workspaces.get(0));
    }

    public static NewCookie switchTo(String workspaceId) {
        return new NewCookie.Builder(COOKIE).value(workspaceId).path("/").maxAge(365 * 24 * 3600).httpOnly(true)
                .sameSite(NewCookie.SameSite.LAX).build();
    }
}
