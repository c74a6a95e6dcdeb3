package io.padic.dashboard.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** platform-api's event-type routes (docs/api.md, "Event types"). */
@Path("/v1/projects/{projectId}/event-types")
@RegisterRestClient(configKey = "padic-api")
@RegisterClientHeaders(BearerToken.class)
@RegisterProvider(ProblemResponses.class)
public interface EventTypesApi {

    /** One field of metaData; object fields nest {@code fields}, array fields describe {@code items}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Field(String name, String type, Boolean required, String description, List<Field> fields, Field items) {

        public boolean isRequired() {
            return Boolean.TRUE.equals(required);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record EventType(String name, int version, String objectType, List<Field> fields, String unknownFields,
            String invalidEvents, String applyEvent, Instant createdAt, List<EventType> versions) {

        public EventType {
            fields = fields == null ? List.of() : fields;
            versions = versions == null ? List.of() : versions;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record EventTypes(List<EventType> eventTypes) {
    }

    /** Field drift of an event type over its last days ({@code GET …/event-types/{name}/drift}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Drift(String eventType, List<String> days, List<Appeared> appeared, List<Stopped> stopped,
            List<TypeChanged> typeChanged) {

        public Drift {
            days = days == null ? List.of() : days;
            appeared = appeared == null ? List.of() : appeared;
            stopped = stopped == null ? List.of() : stopped;
            typeChanged = typeChanged == null ? List.of() : typeChanged;
        }

        public boolean isQuiet() {
            return appeared.isEmpty() && stopped.isEmpty() && typeChanged.isEmpty();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Appeared(String field, String firstSeen) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Stopped(String field, String lastSeen) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TypeChanged(String field, String from, String to, String since) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Definition(String objectType, List<Field> fields, String unknownFields, String invalidEvents,
            String applyEvent) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TestRun(JsonNode state, JsonNode event, String accessLevel, String applyEvent, List<Field> fields,
            String unknownFields, String invalidEvents) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TestResult(JsonNode delta, JsonNode state, String console, SchemaCheck schema) {
    }

    /** What sending the tested event would do ({@code stored}, {@code flagged}, {@code refused}) and why. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SchemaCheck(String outcome, List<Problem.FieldError> violations) {

        public boolean isStored() {
            return "stored".equals(outcome);
        }

        public boolean isRefused() {
            return "refused".equals(outcome);
        }
    }

    /** A new field seen in flagged events: in how many of them ({@code events}) and that as a share. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Observed(String path, long events, double rate) {
    }

    /**
     * A definition suggested from flagged events ({@code GET …/event-types/inferred}): for an undeclared type
     * ({@code basedOnVersion} null) or a declared one that saw unknown fields; {@code definition} can be PUT back.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Inferred(String name, long events, Integer basedOnVersion, List<String> newFields, ObjectNode definition,
            List<Observed> observed) {

        public Inferred {
            newFields = newFields == null ? List.of() : newFields;
            observed = observed == null ? List.of() : observed;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record InferredTypes(List<Inferred> eventTypes) {
    }

    @GET
    EventTypes list(@PathParam("projectId") String projectId);

    @GET
    @Path("/inferred")
    InferredTypes inferred(@PathParam("projectId") String projectId);

    /** PUT a definition as given (a suggestion, unchanged but for what the dashboard keeps of the current one). */
    @PUT
    @Path("/{name}")
    EventType saveRaw(@PathParam("projectId") String projectId, @PathParam("name") String name, ObjectNode body);

    @GET
    @Path("/{name}")
    EventType get(@PathParam("projectId") String projectId, @PathParam("name") String name);

    @GET
    @Path("/{name}/drift")
    Drift drift(@PathParam("projectId") String projectId, @PathParam("name") String name,
            @QueryParam("days") Integer days);

    @PUT
    @Path("/{name}")
    EventType save(@PathParam("projectId") String projectId, @PathParam("name") String name, Definition body);

    @POST
    @Path("/{name}/test")
    TestResult test(@PathParam("projectId") String projectId, @PathParam("name") String name, TestRun body);
}
