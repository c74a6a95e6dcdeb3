package io.padic.api.clients;

import io.padic.api.common.ApiProblem;
import io.padic.api.eventtypes.EventTypeService;
import io.padic.api.eventtypes.EventTypeVersion;
import io.padic.api.identity.Role;
import io.padic.api.identity.User;
import io.padic.api.projects.Project;
import io.padic.api.projects.ProjectService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Typed event clients for a project (docs/user-guide.md#typed-clients): the source of a module in one language,
 * made on each request from the project's event types at their current versions, so a change of a type shows in
 * the next download. Any member may download it (it holds names and fields, no secret).
 */
@ApplicationScoped
public class ClientService {

    /** The languages, as the route names them. */
    public enum Language { TYPESCRIPT, JAVA }

    /** A generated file: its name when saved, and its text. */
    public record Source(String fileName, String text, String versions) {
    }

    public static final String DEFAULT_PACKAGE = "io.padic.client";
    private static final Pattern PACKAGE = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*");

    private final ProjectService projects;
    private final EventTypeService types;

    public ClientService(ProjectService projects, EventTypeService types) {
        this.projects = projects;
        this.types = types;
    }

    public Source generate(User user, String projectId, String language, String packageName) {
        Project project = projects.require(user, projectId, Role.VIEWER);
        Language chosen = language(language);
        List<EventTypeVersion> current = types.list(user, projectId);
        String route = "/v1/projects/" + projectId + "/clients/" + chosen.name().toLowerCase();
        ClientHeader header = new ClientHeader(project.id, project.name, route,
                Instant.now().truncatedTo(ChronoUnit.SECONDS), current);
        return switch (chosen) {
            case TYPESCRIPT -> {
                if (packageName != null) {
                    throw ApiProblem.invalid("package", "is for Java only; a TypeScript module has no package");
                }
                yield new Source("padic-events.ts", TypeScriptSource.render(header, current), header.versions());
            }
            case JAVA -> new Source("PadicEvents.java",
                    JavaSource.render(header, javaPackage(packageName), current), header.versions());
        };
    }

    private static Language language(String text) {
        return Arrays.stream(Language.values()).filter(l -> l.name().equalsIgnoreCase(text)).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("A client in the language '" + text + "' (typescript or java)"));
    }

    private static String javaPackage(String text) {
        if (text == null) {
            return DEFAULT_PACKAGE;
        }
        if (text.length() > 200 || !PACKAGE.matcher(text).matches()
                || Arrays.stream(text.split("\\.")).anyMatch(JavaSource.KEYWORDS::contains)) {
            throw ApiProblem.invalid("package", "must be a Java package name in lower case, such as com.example.padic"
                    + ", of at most 200 characters and without Java keywords");
        }
        return text;
    }
}
