package io.padic.dashboard.typedclients;

import io.padic.dashboard.client.ApiError;
import io.padic.dashboard.client.ClientsApi;
import io.padic.dashboard.client.ProjectsApi;
import io.padic.dashboard.session.SignedIn;
import io.padic.dashboard.web.FormErrors;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * A project's typed client (docs/user-guide.md#typed-clients): pick a language, download the file platform-api
 * generates (fetched here with the user's token, so the browser never holds one), see how to install and use it,
 * and (in the browser, from its last download) what changed in the event types since.
 */
@Path("/projects/{projectId}/client")
@SignedIn
@Blocking
@Produces(MediaType.TEXT_HTML)
public class ClientPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance client(ProjectsApi.Project project, ClientGuide guide, String packageInput,
                FormErrors errors);
    }

    private static final Set<String> FIELDS = Set.of("package");

    private final ClientsApi clients;
    private final ProjectsApi projects;
    private final String apiUrl;

    public ClientPages(@RestClient ClientsApi clients, @RestClient ProjectsApi projects,
            @ConfigProperty(name = "padic.api.public-url") String apiUrl) {
        this.clients = clients;
        this.projects = projects;
        this.apiUrl = apiUrl.replaceAll("/+$", "");
    }

    @GET
    public Response page(@PathParam("projectId") String projectId, @QueryParam("language") String language,
            @QueryParam("package") String packageName) {
        return view(projectId, Language.of(language), packageName);
    }

    /** The file itself, as platform-api answered it; a package it refuses shows the page with the field's message. */
    @GET
    @Path("/download")
    @Produces(MediaType.WILDCARD)
    public Response download(@PathParam("projectId") String projectId, @QueryParam("language") String language,
            @QueryParam("package") String packageName) {
        Language chosen = Language.of(language);
        try {
            ClientsApi.Source source = clients.source(projectId, chosen.slug(), javaPackage(chosen, packageName));
            return Response.ok(source.text(), MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                    .header("Content-Disposition", source.contentDisposition())
                    .header(ClientsApi.VERSIONS_HEADER, source.versions())
                    .build();
        } catch (ApiError e) {
            if (e.status() != 422) {
                throw e;
            }
            return view(projectId, chosen, packageName);
        }
    }

    /**
     * The page for one language. The package typed is tried on platform-api (which knows what a Java package may be);
     * refused, its message goes next to the input and the commands use the default package.
     */
    private Response view(String projectId, Language language, String packageName) {
        ProjectsApi.Project project = projects.get(projectId);
        String wanted = javaPackage(language, packageName);
        FormErrors errors = FormErrors.none();
        ClientsApi.Source source;
        try {
            source = clients.source(projectId, language.slug(), wanted);
        } catch (ApiError e) {
            if (e.status() != 422) {
                throw e;
            }
            errors = FormErrors.from(e.problem(), FIELDS);
            wanted = null;
            source = clients.source(projectId, language.slug(), null);
        }
        String shown = wanted == null ? ClientGuide.DEFAULT_PACKAGE : wanted;
        ClientGuide guide = ClientGuide.of(apiUrl, projectId, language, shown, source);
        return Response.status(errors.isEmpty() ? 200 : 422)
                .entity(Templates.client(project, guide, packageName == null ? shown : packageName, errors))
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }

    /** The package to ask for: only Java has one, and a blank input means platform-api's default. */
    private static String javaPackage(Language language, String packageName) {
        return language.isJava() && packageName != null && !packageName.isBlank() ? packageName.trim() : null;
    }
}
