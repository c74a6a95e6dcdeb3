package io.padic.api.inference;

import io.padic.api.identity.Caller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Event-type definitions suggested from flagged events, for the project's members (control plane). */
@Path("/v1/projects/{projectId}/event-types/inferred")
@Tag(name = "Schemas")
@Produces(MediaType.APPLICATION_JSON)
public class InferredTypeResource {

    private final InferenceService inference;
    private final Caller caller;

    public InferredTypeResource(InferenceService inference, Caller caller) {
        this.inference = inference;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Suggested definitions of flagged event types; each 'definition' can be PUT back as it is"
            + " to .../event-types/{name}")
    public Map<String, List<InferenceService.InferredType>> list(@PathParam("projectId") String projectId) {
        return Map.of("eventTypes", inference.suggest(caller.user(), projectId));
    }
}
