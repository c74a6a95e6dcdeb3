package io.padic.api.identity;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The signed-in user's sessions: list, sign one out, sign out everywhere else (a session only). */
@Path("/v1/me/sessions")
@Tag(name = "Accounts")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    private final SessionService sessions;
    private final Caller caller;

    public SessionResource(SessionService sessions, Caller caller) {
        this.sessions = sessions;
        this.caller = caller;
    }

    public record SessionView(String id, Instant createdAt, Instant lastSeenAt, Instant expiresAt,
            String clientAddress, String lastAddress, String userAgent, boolean current) {
        static SessionView of(Session s, Session current) {
            return new SessionView(s.publicId, s.createdAt, s.lastSeen(), s.expiresAt, s.clientAddress,
                    s.lastAddress, s.userAgent, s.id.equals(current.id));
        }
    }

    @GET
    @Operation(summary = "Your sessions, newest first, with where they came from and which one is this")
    public Map<String, List<SessionView>> list() {
        Session current = caller.session();
        return Map.of("sessions", sessions.list(caller.user()).stream().map(s -> SessionView.of(s, current))
                .toList());
    }

    @DELETE
    @Path("/{sessionId}")
    @Operation(summary = "Sign out one of your sessions (this one too, if named)")
    public Response signOut(@PathParam("sessionId") String sessionId) {
        caller.session();
        sessions.signOut(caller.user(), sessionId);
        return Response.noContent().build();
    }

    @POST
    @Path("/sign-out-everywhere")
    @Operation(summary = "Sign out every other session (?includeThis=true: this one too)")
    public Map<String, Integer> signOutEverywhere(@QueryParam("includeThis") boolean includeThis) {
        Session current = caller.session();
        return Map.of("signedOut", sessions.signOutAll(caller.user(), includeThis ? null : current));
    }
}
