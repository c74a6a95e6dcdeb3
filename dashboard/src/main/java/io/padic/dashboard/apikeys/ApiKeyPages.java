package io.padic.dashboard.apikeys;

import io.padic.dashboard.client.ApiError;
import io.padic.dashboard.client.ApiKeysApi;
import io.padic.dashboard.client.ProjectsApi;
import io.padic.dashboard.session.SignedIn;
import io.padic.dashboard.web.FormErrors;
import io.padic.dashboard.web.RecentSignIn;
import io.padic.dashboard.web.Redirects;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;

/**
 * A project's API keys: create one with scopes and an access level (its secret is shown once, with a copy
 * button), list them without secrets, revoke one. htmx swaps the {@code keysArea} fragment.
 */
@Path("/projects/{projectId}/api-keys")
@SignedIn
@Blocking
@Produces(MediaType.TEXT_HTML)
public class ApiKeyPages {

    /** What the create form holds: the values to show again after an error. */
    public record KeyForm(String name, List<String> scopes, String accessLevel) {

        public boolean has(String scope) {
            return scopes.contains(scope);
        }

        /** The preset these scopes make, or null (custom). */
        public Preset preset() {
            return PRESETS.stream().filter(p -> Set.copyOf(p.scopes()).equals(Set.copyOf(scopes))).findFirst()
                    .orElse(null);
        }

        public boolean isPreset(String name) {
            Preset preset = preset();
            return preset != null && preset.name().equals(name);
        }
    }

    /** A named set of scopes the form offers as a starting point. */
    public record Preset(String name, String label, String explanation, List<String> scopes) {

        /** The scopes as the radio button's data-scopes holds them. */
        public String scopeList() {
            return String.join(" ", scopes);
        }
    }

    /** A server sends events and creates and reads objects; code in a browser or app, which anyone can read, only reads. */
    static final List<Preset> PRESETS = List.of(
            new Preset("backend", "Backend", "for your server: sends events, creates objects and reads them", ApiKeysApi.SCOPES),
            new Preset("browser", "Browser", "read-only, for code that runs where users can see the key (web pages, apps)",
                    List.of("objects:read", "events:read")));

    /** What each scope allows, shown beside its box. */
    public record ScopeHelp(String scope, String explanation) {

        public String anchor() {
            return scope.replace(':', '-');
        }
    }

    static final List<ScopeHelp> SCOPE_HELP = List.of(
            new ScopeHelp("objects:read", "read objects' state, past states and edit logs (GET /v1/objects…)"),
            new ScopeHelp("objects:write", "create objects (POST /v1/objects)"),
            new ScopeHelp("events:read", "read events (GET /v1/events…)"),
            new ScopeHelp("events:write", "send events, batches and hides (POST /v1/events…)"));

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance keys(ProjectsApi.Project project, List<ApiKeysApi.Key> keys,
                ApiKeysApi.Key created, KeyForm form, List<ScopeHelp> allScopes, List<Preset> presets,
                FormErrors errors, boolean askPassword);

        static native TemplateInstance keys$keysArea(ProjectsApi.Project project, List<ApiKeysApi.Key> keys,
                ApiKeysApi.Key created, KeyForm form, List<ScopeHelp> allScopes, List<Preset> presets,
                FormErrors errors, boolean askPassword);

        static native TemplateInstance refusals(ProjectsApi.Project project, ApiKeysApi.Key key,
                List<ApiKeysApi.Refusal> refusals, String unavailable);
    }

    private static final Set<String> KEY_FIELDS = Set.of("name", "scopes", "accessLevel");

    private final ApiKeysApi keys;
    private final ProjectsApi projects;
    private final RecentSignIn recentSignIn;

    public ApiKeyPages(@RestClient ApiKeysApi keys, @RestClient ProjectsApi projects, RecentSignIn recentSignIn) {
        this.keys = keys;
        this.projects = projects;
        this.recentSignIn = recentSignIn;
    }

    @GET
    public TemplateInstance page(@PathParam("projectId") String projectId) {
        ProjectsApi.Project project = projects.get(projectId);
        return Templates.keys(project, keys.list(projectId).apiKeys(), null, defaultForm(project), SCOPE_HELP,
                PRESETS, FormErrors.none(), false);
    }

    /** The key's refused requests of the last hour, newest first: status, problem title, time. */
    @GET
    @Path("/{keyId}")
    public TemplateInstance refusals(@PathParam("projectId") String projectId, @PathParam("keyId") String keyId) {
        ProjectsApi.Project project = projects.get(projectId);
        List<ApiKeysApi.Refusal> refused = List.of();
        String unavailable = null;
        try {
            // First: a key of another project (or none) is platform-api's 404, the dashboard's "Not found" page.
            refused = keys.refusals(projectId, keyId).refusals();
        } catch (ApiError e) {
            if (e.status() != 503) {
                throw e;
            }
            unavailable = e.problem().detail();
        }
        ApiKeysApi.Key key = keys.list(projectId).apiKeys().stream().filter(k -> k.id().equals(keyId)).findFirst()
                .orElseThrow(() -> new NotFoundException("API key " + keyId)); // revoked meanwhile
        return Templates.refusals(project, key, refused, unavailable);
    }

    @POST
    public Response create(@PathParam("projectId") String projectId, @RestForm String name,
            @RestForm("scope") List<String> scopes, @RestForm String accessLevel, @RestForm String password,
            @Context HttpHeaders headers) {
        ProjectsApi.Project project = projects.get(projectId);
        KeyForm form = new KeyForm(name, scopes == null ? List.of() : scopes, accessLevel);
        FormErrors wrongPassword = recentSignIn.confirm(password);
        if (!wrongPassword.isEmpty()) {
            return Response.status(422).entity(render(headers, project, null, form, wrongPassword, true)).build();
        }
        try {
            ApiKeysApi.Key created = keys.create(projectId, new ApiKeysApi.NewKey(name, form.scopes(), accessLevel));
            return Response.ok(render(headers, project, created, defaultForm(project), FormErrors.none(), false))
                    .build();
        } catch (ApiError e) {
            if (RecentSignIn.wanted(e)) {
                // A key at the project's highest level needs a recent sign-in: ask for the password, keep the form.
                return Response.status(422).entity(render(headers, project, null, form, RecentSignIn.ask(), true))
                        .build();
            }
            if (e.status() != 422 && e.status() != 403) {
                throw e;
            }
            return Response.status(422)
                    .entity(render(headers, project, null, form, FormErrors.from(e.problem(), KEY_FIELDS), false))
                    .build();
        }
    }

    @POST
    @Path("/{keyId}/revoke")
    public Response revoke(@PathParam("projectId") String projectId, @PathParam("keyId") String keyId,
            @Context HttpHeaders headers) {
        ProjectsApi.Project project = projects.get(projectId);
        keys.revoke(projectId, keyId);
        return Response.ok(render(headers, project, null, defaultForm(project), FormErrors.none(), false)).build();
    }

    private TemplateInstance render(HttpHeaders headers, ProjectsApi.Project project, ApiKeysApi.Key created,
            KeyForm form, FormErrors errors, boolean askPassword) {
        List<ApiKeysApi.Key> list = keys.list(project.id()).apiKeys();
        return Redirects.isHtmx(headers)
                ? Templates.keys$keysArea(project, list, created, form, SCOPE_HELP, PRESETS, errors, askPassword)
                : Templates.keys(project, list, created, form, SCOPE_HELP, PRESETS, errors, askPassword);
    }

    private static KeyForm defaultForm(ProjectsApi.Project project) {
        return new KeyForm("", PRESETS.get(0).scopes(), project.accessLevels().get(0));
    }
}
