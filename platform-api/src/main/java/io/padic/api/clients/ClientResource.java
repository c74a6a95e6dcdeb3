package io.padic.api.clients;

import io.padic.api.identity.Caller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Typed event clients generated from a project's event types (control plane, session or personal token). */
@Path("/v1/projects/{projectId}/clients")
@Tag(name = "Clients")
public class ClientResource {

    /** The event types and versions a download was made from, for comparing two downloads. */
    static final String VERSIONS_HEADER = "PAdic-Event-Type-Versions";

    private final ClientService clients;
    private final Caller caller;

    public ClientResource(ClientService clients, Caller caller) {
        this.clients = clients;
        this.caller = caller;
    }

    @GET
    @Path("/{language}")
    @Produces("text/plain; charset=utf-8")
    @Operation(summary = "Source of a typed client for the project's current event types: typescript or java "
            + "(?package= names the Java package)")
    public Response source(@PathParam("projectId") String projectId, @PathParam("language") String language,
            @QueryParam("package") String packageName) {
        ClientService.Source source = clients.generate(caller.user(), projectId, language, packageName);
        return Response.ok(source.text())
                .header("Content-Disposition", "attachment; filename=\"" + source.fileName() + "\"")
                .header(VERSIONS_HEADER, source.versions())
                .build();
    }
}
