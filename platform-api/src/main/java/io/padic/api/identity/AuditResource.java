package io.padic.api.identity;

import io.padic.api.audit.AuditAction;
import io.padic.api.audit.AuditEntry;
import io.padic.api.audit.AuditLog;
import io.padic.api.audit.AuditQuery;
import io.padic.api.common.ApiProblem;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A workspace's audit log for its admins and owner (control plane, session token): a page newest first and one
 * entry; {@link AuditExportResource} gives the whole of it as CSV. There is no route that changes or removes an
 * entry.
 */
@Path("/v1/workspaces/{workspaceId}/audit")
@Tag(name = "Audit log")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    static final String ACTION = "Only this action, e.g. project.created";
    static final String ACTOR = "Only this actor: a user or API key id, or a user's e-mail or key's name";
    static final String FROM = "Only entries at or after this date (UTC) or instant";
    static final String TO = "Only entries before this date (UTC) or instant";

    private final AuditLog audit;
    private final WorkspaceService workspaces;
    private final Caller caller;

    public AuditResource(AuditLog audit, WorkspaceService workspaces, Caller caller) {
        this.audit = audit;
        this.workspaces = workspaces;
        this.caller = caller;
    }

    /** A page of entries, newest first; {@code actions}: every action name the {@code action} filter takes. */
    public record PageView(List<AuditEntry> entries, String next, List<String> actions) {
    }

    @GET
    @Operation(summary = "The workspace's audit log, newest first (admin or owner); filter by action, actor and time;"
            + " follow 'next' as ?cursor=")
    public PageView list(@PathParam("workspaceId") String workspaceId, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("50") String limit,
            @Parameter(description = ACTION) @QueryParam("action") String action,
            @Parameter(description = ACTOR) @QueryParam("actor") String actor,
            @Parameter(description = FROM) @QueryParam("from") String from,
            @Parameter(description = TO) @QueryParam("to") String to) {
        Tenant workspace = auditable(workspaceId);
        AuditLog.Page page = audit.page(workspace.id, AuditQuery.parse(action, actor, from, to), cursor,
                parseLimit(limit));
        return new PageView(page.entries(), page.next(), AuditAction.wireNames());
    }

    @GET
    @Path("/{number}")
    @Operation(summary = "One audit entry by its number (admin or owner)")
    public AuditEntry one(@PathParam("workspaceId") String workspaceId, @PathParam("number") String number) {
        Tenant workspace = auditable(workspaceId);
        try {
            return audit.one(workspace.id, Long.parseLong(number))
                    .orElseThrow(() -> ApiProblem.notFound("Audit entry " + number));
        } catch (NumberFormatException e) {
            throw ApiProblem.notFound("Audit entry " + number);
        }
    }

    /** The workspace if the caller is its admin or owner; 404 for a non-member (I5), 403 for a weaker role. */
    private Tenant auditable(String workspaceId) {
        return workspaces.require(caller.user(), workspaceId, Role.ADMIN);
    }

    private static int parseLimit(String limit) {
        try {
            return Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid("limit", "must be a whole number between 1 and " + AuditLog.MAX_PAGE);
        }
    }
}
