package io.padic.api.events;

import io.padic.api.common.ApiProblem;
import io.padic.api.projects.KeyCaller;
import io.padic.api.projects.ProjectScope;
import io.padic.api.projects.Scope;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Events on the data plane (API key): send one, send a batch, hide one. */
@Path("/v1/events")
@Tag(name = "Events")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final IngestService ingest;
    private final HideService hides;
    private final KeyCaller keyCaller;

    public EventResource(IngestService ingest, HideService hides, KeyCaller keyCaller) {
        this.ingest = ingest;
        this.hides = hides;
        this.keyCaller = keyCaller;
    }

    @POST
    @Operation(summary = "Send an event pinned to the objects it concerns; Idempotency-Key makes retries safe")
    @APIResponse(responseCode = "201", description = "The event and the seq it took in each object (also for a replay of its Idempotency-Key)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EventView.class)))
    public Response send(NewEvent body, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
            @Context HttpHeaders headers) {
        if (body == null) {
            throw ApiProblem.invalid("type", "is required");
        }
        // An empty header arrives as null here, but it is a key that breaks the rule, not a missing key.
        String key = idempotencyKey == null && headers.getRequestHeaders().containsKey(IDEMPOTENCY_KEY)
                ? "" : idempotencyKey;
        EventView view = ingest.ingest(keyCaller.scope(Scope.EVENTS_WRITE), body, key);
        return Response.status(201).entity(view).build();
    }

    @POST
    @Path("/batch")
    @Operation(summary = "Send up to 1000 events; each is stored or refused on its own, answers in order")
    @RequestBody(content = @Content(schema = @Schema(implementation = BatchRequest.class)))
    public BatchAnswer batch(byte[] body) {
        var scope = keyCaller.scope(Scope.EVENTS_WRITE);
        return new BatchAnswer(ingest.ingestBatch(scope, body == null ? new byte[0] : body));
    }

    /** What a batch request holds (read item by item, see BatchBody; declared here for the OpenAPI document). */
    public record BatchRequest(@Schema(required = true) List<NewEvent> events) {
    }

    /** One result per item, in the items' order. */
    public record BatchAnswer(List<IngestService.BatchItem> results) {
    }

    @POST
    @Path("/{id}/hide")
    @Operation(summary = "Hide an event: folds from now on skip it; it stays in the edit log")
    @APIResponse(responseCode = "201", description = "The $hide event that was appended (the same one for a second hide)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EventView.class)))
    public Response hide(@PathParam("id") String id) {
        ProjectScope scope = keyCaller.scope(Scope.EVENTS_WRITE);
        return Response.status(201).entity(hides.hide(scope, id, keyCaller.actor())).build();
    }
}
