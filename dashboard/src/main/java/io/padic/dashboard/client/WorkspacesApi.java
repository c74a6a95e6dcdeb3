package io.padic.dashboard.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** platform-api's workspace routes (docs/api.md, "Workspaces"). */
@Path("/v1/workspaces")
@RegisterRestClient(configKey = "padic-api")
@RegisterClientHeaders(BearerToken.class)
@RegisterProvider(ProblemResponses.class)
public interface WorkspacesApi {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Workspace(String id, String name, String role, boolean personal, int projects, boolean requireMfa) {

        public boolean mayRequireMfa() {
            return "owner".equals(role);
        }

        public boolean mayRename() {
            return "owner".equals(role) || "admin".equals(role);
        }

        public boolean mayDelete() {
            return "owner".equals(role) && !personal;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Workspaces(List<Workspace> workspaces) {
    }

    record Name(String name) {
    }

    record RequireMfa(boolean requireMfa) {
    }

    @POST
    Workspace create(Name body);

    @GET
    Workspaces list();

    @GET
    @Path("/{id}")
    Workspace get(@PathParam("id") String id);

    @PATCH
    @Path("/{id}")
    Workspace rename(@PathParam("id") String id, Name body);

    @PATCH
    @Path("/{id}")
    Workspace requireMfa(@PathParam("id") String id, RequireMfa body);

    @DELETE
    @Path("/{id}")
    void delete(@PathParam("id") String id);
}
