package io.padic.api.eventtypes;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.padic.api.common.ApiProblem;
import io.padic.api.identity.Caller;
import io.padic.api.schemas.FieldSpec;
import io.padic.sandbox.Sandbox;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Event types and their applyEvent code (control plane, session token). */
@Path("/v1/projects/{projectId}/event-types")
@Tag(name = "Event types")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class EventTypeResource {

    private static final String SCHEMA_JSON = "application/schema+json";

    private final EventTypeService types;
    private final Caller caller;

    public EventTypeResource(EventTypeService types, Caller caller) {
        this.types = types;
        this.caller = caller;
    }

    public record Definition(String objectType, String unknownFields, String invalidEvents, String applyEvent,
            List<FieldSpec> fields) {
    }

    /** A test: the event on the state; optionally the editor's code and fields, to test before saving them. */
    public record TestRun(JsonNode state, JsonNode event, String accessLevel, String applyEvent,
            List<FieldSpec> fields, String unknownFields, String invalidEvents) {
    }

    /** What the store would do with the sample event ({@code stored}, {@code flagged}, {@code refused}) and why. */
    public record SchemaCheck(String outcome, List<ApiProblem.FieldError> violations) {
    }

    public record VersionView(String name, int version, String objectType, List<FieldSpec> fields,
            String unknownFields, String invalidEvents, String applyEvent, Instant createdAt) {
        static VersionView of(EventTypeVersion v) {
            return new VersionView(v.name, v.version, v.objectType, v.fields, v.unknownFields, v.invalidEvents,
                    v.applyEvent, v.createdAt);
        }
    }

    public record DescribedView(String name, int version, String objectType, List<FieldSpec> fields,
            String unknownFields, String invalidEvents, String applyEvent, Instant createdAt,
            List<VersionView> versions) {
    }

    public record TestView(@JsonRawValue @Schema(type = SchemaType.OBJECT) String delta,
            @JsonRawValue @Schema(type = SchemaType.OBJECT) String state, String console, SchemaCheck schema) {
    }

    @PUT
    @Path("/{name}")
    @Operation(summary = "Create or change an event type; every change is a new version (201 new type, 200 new version)")
    @APIResponse(responseCode = "201", description = "The new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VersionView.class)))
    @APIResponse(responseCode = "200", description = "The current version, unchanged: the definition was the same",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VersionView.class)))
    public Response save(@PathParam("projectId") String projectId, @PathParam("name") String name, Definition body) {
        if (body == null) {
            // A null or empty body is not a definition; {} asks for the defaults and says so.
            throw ApiProblem.invalid("body", "must be a JSON object holding the definition ({} for the defaults)");
        }
        Definition definition = body;
        EventTypeService.Saved saved = types.save(caller.user(), projectId, name,
                new EventTypeService.Definition(definition.objectType(), definition.unknownFields(),
                        definition.invalidEvents(), definition.applyEvent(), definition.fields()));
        return Response.status(saved.created() ? 201 : 200).entity(VersionView.of(saved.version())).build();
    }

    @GET
    @Operation(summary = "The project's event types at their current versions")
    public Map<String, List<VersionView>> list(@PathParam("projectId") String projectId) {
        return Map.of("eventTypes", types.list(caller.user(), projectId).stream().map(VersionView::of).toList());
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "An event type's current version and all its versions, oldest first")
    public DescribedView get(@PathParam("projectId") String projectId, @PathParam("name") String name) {
        EventTypeService.Described d = types.describe(caller.user(), projectId, name);
        EventTypeVersion c = d.current();
        return new DescribedView(c.name, c.version, c.objectType, c.fields, c.unknownFields, c.invalidEvents,
                c.applyEvent, c.createdAt, d.versions().stream().map(VersionView::of).toList());
    }

    @GET
    @Path("/{name}/schema.json")
    @Produces({SCHEMA_JSON, MediaType.APPLICATION_JSON})
    @Operation(summary = "The JSON Schema (2020-12) of the event type's metaData, current version or ?version=n")
    public Response schema(@PathParam("projectId") String projectId, @PathParam("name") String name,
            @jakarta.ws.rs.QueryParam("version") Integer version, @Context HttpHeaders headers) {
        EventTypeService.Described d = types.describe(caller.user(), projectId, name);
        EventTypeVersion chosen = version == null ? d.current() : d.versions().stream()
                .filter(v -> v.version == version).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("Version " + version + " of event type " + name));
        // Chosen here: left to the framework, an Accept header that refuses both types (application/*;q=0) got
        // the JSON as application/octet-stream (found by OpenApiFuzzIT). Plain JSON only to who asks for it.
        boolean plain = headers.getAcceptableMediaTypes().stream()
                .anyMatch(t -> t.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !t.isWildcardSubtype())
                && headers.getAcceptableMediaTypes().stream().noneMatch(t -> t.getSubtype().equals("schema+json"));
        return Response.ok(EventValidator.schemaOf(chosen), plain ? MediaType.APPLICATION_JSON : SCHEMA_JSON).build();
    }

    @POST
    @Path("/{name}/test")
    @Operation(summary = "Apply one event to a state with the saved code, or with 'applyEvent' from the editor")
    public TestView test(@PathParam("projectId") String projectId, @PathParam("name") String name, TestRun body) {
        TestRun run = body == null ? new TestRun(null, null, null, null, null, null, null) : body;
        if (run.state() != null && !run.state().isObject()) {
            throw ApiProblem.invalid("state", "must be an object");
        }
        if (run.event() != null && !run.event().isObject()) {
            throw ApiProblem.invalid("event", "must be an object");
        }
        EventTypeService.Tested tested = types.test(caller.user(), projectId, name,
                new EventTypeService.Draft(run.applyEvent(), run.fields(), run.unknownFields(), run.invalidEvents()),
                run.state() == null ? "{}" : run.state().toString(), sampleOf(name, run.event()), run.accessLevel());
        Sandbox.TestResult result = tested.result();
        return new TestView(result.delta(), result.state(), result.console(), tested.schema() == null ? null
                : new SchemaCheck(tested.schema().outcome(), tested.schema().violations()));
    }

    /** The event to test with: what the caller gave, with the fields a stored event always has filled in. */
    private static ObjectNode sampleOf(String name, JsonNode event) {
        ObjectNode sample = JsonNodeFactory
                .instance.objectNode();
        sample.put("id", "evt_test").put("seq", 1).put("type", name).put("createdAt", Instant.now().toString());
        sample.putArray("concerns").add("test");
        sample.putObject("metaData");
        if (event != null) {
            event.properties().forEach(entry -> sample.set(entry.getKey(), entry.getValue()));
        }
        return sample;
    }
}
