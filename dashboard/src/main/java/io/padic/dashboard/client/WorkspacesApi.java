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

        /** Admins and the owner rename the workspace and read its audit log (docs/roles.md). */
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

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Member(String userId, String email, String name, String role) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Members(List<Member> members) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Invitation(String id, String email, String role, java.time.Instant expiresAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Invitations(List<Invitation> invitations) {
    }

    record Invite(String email, String role) {
    }

    record NewRole(String role) {
    }

    record RequireMfa(boolean requireMfa) {
    }

    @POST
    Workspace create(Name body);

    @GET
    @Path("/{id}/members")
    Members members(@PathParam("id") String id);

    @PATCH
    @Path("/{id}/members/{userId}")
    Members changeRole(@PathParam("id") String id, @PathParam("userId") String userId, NewRole body);

    @DELETE
    @Path("/{id}/members/{userId}")
    void remove(@PathParam("id") String id, @PathParam("userId") String userId);

    @POST
    @Path("/{id}/leave")
    void leave(@PathParam("id") String id);

    @GET
    @Path("/{id}/invitations")
    Invitations invitations(@PathParam("id") String id);

    @POST
    @Path("/{id}/invitations")
    Invitation invite(@PathParam("id") String id, Invite body);

    @DELETE
    @Path("/{id}/invitations/{invitationId}")
    void revoke(@PathParam("id") String id, @PathParam("invitationId") String invitationId);

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
