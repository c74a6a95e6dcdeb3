package io.padic.dashboard.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

/** platform-api's typed clients (docs/api.md, "Typed clients"): the generated source of a project's client. */
@Path("/v1/projects/{projectId}/clients")
@RegisterRestClient(configKey = "padic-api")
@RegisterClientHeaders(BearerToken.class)
@RegisterProvider(ProblemResponses.class)
public interface ClientsApi {

    /** The header that lists the event types and versions a source was made from ({@code order.placed v3, …}). */
    String VERSIONS_HEADER = "PAdic-Event-Type-Versions";

    /** A generated file: how to save it (the answer's Content-Disposition), its text and the versions it holds. */
    record Source(String contentDisposition, String text, String versions) {
    }

    @GET
    @Path("/{language}")
    @Produces(MediaType.TEXT_PLAIN)
    RestResponse<String> answer(@PathParam("projectId") String projectId, @PathParam("language") String language,
            @QueryParam("package") String packageName);

    /** The source in {@code language} ({@code typescript}, {@code java}); a null package is platform-api's default. */
    default Source source(String projectId, String language, String packageName) {
        RestResponse<String> answer = answer(projectId, language, packageName);
        return new Source(answer.getHeaderString("Content-Disposition"), answer.getEntity(),
                answer.getHeaderString(VERSIONS_HEADER));
    }
}
