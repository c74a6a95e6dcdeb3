package io.padic.api.identity;

import io.padic.api.audit.AuditCsv;
import io.padic.api.audit.AuditLog;
import io.padic.api.audit.AuditQuery;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A workspace's whole audit log as CSV (admins and the owner), streamed as it is read; the same filters as
 * {@link AuditResource}. Its own class because its path is not below {@code …/audit}.
 */
@Path("/v1/workspaces/{workspaceId}/audit.csv")
@Tag(name = "Audit log")
public class AuditExportResource {

    private static final String ACTION = AuditResource.ACTION;
    private static final String ACTOR = AuditResource.ACTOR;
    private static final String FROM = AuditResource.FROM;
    private static final String TO = AuditResource.TO;

    private final AuditLog audit;
    private final WorkspaceService workspaces;
    private final Caller caller;

    public AuditExportResource(AuditLog audit, WorkspaceService workspaces, Caller caller) {
        this.audit = audit;
        this.workspaces = workspaces;
        this.caller = caller;
    }

    @GET
    @Produces("text/csv")
    @Operation(summary = "The workspace's audit log as CSV, newest first, with the same filters (admin or owner)")
    public Response csv(@PathParam("workspaceId") String workspaceId,
            @Parameter(description = ACTION) @QueryParam("action") String action,
            @Parameter(description = ACTOR) @QueryParam("actor") String actor,
            @Parameter(description = FROM) @QueryParam("from") String from,
            @Parameter(description = TO) @QueryParam("to") String to) {
        Tenant workspace = workspaces.require(caller.user(), workspaceId, Role.ADMIN);
        AuditQuery query = AuditQuery.parse(action, actor, from, to);
        StreamingOutput body = output -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
            writer.write(AuditCsv.HEADER);
            audit.each(workspace.id, query, entry -> {
                try {
                    writer.write(AuditCsv.row(entry));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            writer.flush();
        };
        return Response.ok(body, "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"audit-" + workspace.id + ".csv\"").build();
    }
}
