package io.padic.api.projects;

import io.padic.api.common.ApiProblem;
import io.padic.api.identity.Role;
import io.padic.api.identity.User;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a member's session into the {@link ProjectScope} an API key would give, so member reads run the
 * data plane's own services. Any member may read (viewer and up); a foreign project is 404 like a missing one.
 */
@ApplicationScoped
public class MemberScopes {

    private final ProjectService projects;

    public MemberScopes(ProjectService projects) {
        this.projects = projects;
    }

    /** The project at its highest level, for a change a developer (and up) may make. */
    public ProjectScope write(User user, String projectId) {
        Project project = projects.require(user, projectId, Role.DEVELOPER);
        return new ProjectScope(project.id, project.highestLevel());
    }

    /** The project at {@code level}, or at its highest (last) level when none is asked for. */
    public ProjectScope read(User user, String projectId, String level) {
        Project project = projects.require(user, projectId, Role.VIEWER);
        if (level == null || level.isBlank()) {
            return new ProjectScope(project.id, project.highestLevel());
        }
        if (!project.accessLevels.contains(level)) {
            throw ApiProblem.invalid("level", "must be one of the project's levels " + project.accessLevels);
        }
        return new ProjectScope(project.id, level);
    }
}
