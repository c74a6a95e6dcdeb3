package io.padic.api.objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.padic.api.common.ApiProblem;
import io.padic.api.journal.PinnedEvent;
import io.padic.api.journal.StoredObject;
import io.padic.api.projects.KeyCaller;
import io.padic.api.projects.Scope;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Objects on the data plane (API key): create, list, read now or in the past, and the edit log. */
@Path("/v1/objects")
@Tag(name = "Objects")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ObjectResource {

    private final ObjectService objects;
    private final KeyCaller keyCaller;

    public ObjectResource(ObjectService objects, KeyCaller keyCaller) {
        this.objects = objects;
        this.keyCaller = keyCaller;
    }

    public record CreateObject(@Schema(required = true, examples = "customer") String type, String id) {
    }

    public record CreatedView(String id, String type, Instant createdAt) {
    }

    public record ObjectView(String id, String type, @JsonRawValue @Schema(type = SchemaType.OBJECT) String state,
            long seq, Instant createdAt, Instant updatedAt) {
        public static ObjectView of(ObjectService.Computed c) {
            return new ObjectView(c.object().id(), c.object().type(), c.state(), c.seq(), c.object().createdAt(),
                    c.updatedAt());
        }

        /**
         * The view, with {@code PAdic-Store}{@code : unreachable} when the store could not be reached and
         * the state is the one at the newest seq the cache knew (docs/api.md, "Store outages").
         */
        public static RestResponse<ObjectView> answer(ObjectService.Computed c) {
            RestResponse.ResponseBuilder<ObjectView> answer = RestResponse.ResponseBuilder.ok(of(c));
            if (c.withoutStore()) {
                answer.header(WITHOUT_STORE_HEADER, "unreachable");
            }
            return answer.build();
        }
    }

    /** Marks a read answered while the store could not be reached. */
    public static final String WITHOUT_STORE_HEADER = "PAdic-Store";

    /**
     * An edit-log entry: with the event's metaData for the project's highest level, else with {@code changes},
     * what it changed in the state at the reader's level (a JSON Merge Patch), or {@code changesUnavailable}.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(JsonInclude.Include.NON_NULL)
    public record LoggedEvent(String id, long seq, String type, Integer typeVersion, Instant createdAt,
            Instant occurredAt, List<String> concerns, @JsonRawValue @Schema(type = SchemaType.OBJECT) String metaData,
            @JsonRawValue @Schema(type = SchemaType.OBJECT) String changes, String changesUnavailable) {

        static final String UNAVAILABLE = "The reducer fails at this access level at or before this event;"
                + " a read of the object at this seq tells why";

        public static LoggedEvent of(PinnedEvent e) {
            return new LoggedEvent(e.eventId(), e.seq(), e.type(), e.typeVersion(), e.createdAt(), e.occurredAt(),
                    e.concerns(), e.metaData(), null, null);
        }

        static LoggedEvent withChanges(PinnedEvent e, String changes) {
            return new LoggedEvent(e.eventId(), e.seq(), e.type(), e.typeVersion(), e.createdAt(), e.occurredAt(),
                    e.concerns(), null, changes, changes == null ? UNAVAILABLE : null);
        }
    }

    /** An edit-log entry, as the edit log shows it, with the state after it. */
    public record TimelineEntry(@com.fasterxml.jackson.annotation.JsonUnwrapped LoggedEvent event,
            @JsonRawValue @Schema(type = SchemaType.OBJECT) String state) {
    }

    public record TimelineView(@JsonRawValue @Schema(type = SchemaType.OBJECT) String before,
            List<TimelineEntry> events, Long next) {
        public static TimelineView of(ObjectService.Timeline t) {
            List<TimelineEntry> entries = new ArrayList<>(t.events().size());
            for (int i = 0; i < t.events().size(); i++) {
                entries.add(new TimelineEntry(LoggedEvent.of(t.events().get(i)), t.states().get(i)));
            }
            return new TimelineView(t.before(), entries, t.next());
        }
    }

    public record HistoryView(List<LoggedEvent> events, Long next) {
        public static HistoryView of(ObjectService.History h) {
            if (h.changes() == null) {
                return new HistoryView(h.events().stream().map(LoggedEvent::of).toList(), h.next());
            }
            List<LoggedEvent> logged = new ArrayList<>(h.events().size());
            for (int i = 0; i < h.events().size(); i++) {
                logged.add(LoggedEvent.withChanges(h.events().get(i), h.changes().get(i)));
            }
            return new HistoryView(logged, h.next());
        }
    }

    @POST
    @Operation(summary = "Create an object of a type, with your own id or a generated one")
    @APIResponse(responseCode = "201", description = "The object",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreatedView.class)))
    public Response create(CreateObject body) {
        if (body == null) {
            throw ApiProblem.invalid("type", "is required");
        }
        StoredObject object = objects.create(keyCaller.scope(Scope.OBJECTS_WRITE), body.type(), body.id());
        return Response.status(201).entity(new CreatedView(object.id(), object.type(), object.createdAt())).build();
    }

    @GET
    @Operation(summary = "List object ids and types, oldest first, optionally of one type")
    public ObjectService.Listed list(@QueryParam("type") String type, @QueryParam("cursor") String cursor) {
        return objects.list(keyCaller.scope(Scope.OBJECTS_READ), type, cursor);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "The object computed from its events: now, after ?seq=n events, or as it was ?at=<instant>")
    public RestResponse<ObjectView> get(@PathParam("id") String id, @QueryParam("seq") String seq,
            @QueryParam("at") String at) {
        return ObjectView.answer(objects.read(keyCaller.scope(Scope.OBJECTS_READ), id, parseSeq(seq), parseInstant(at)));
    }

    @GET
    @Path("/{id}/events")
    @Operation(summary = "The object's edit log: its events in seq order, after ?after=<seq>; metaData for the"
            + " project's highest level, what each event changed in the state at the key's level for the others")
    public HistoryView events(@PathParam("id") String id, @QueryParam("after") @DefaultValue("0") String after,
            @QueryParam("limit") @DefaultValue("100") String limit) {
        return HistoryView.of(objects.history(keyCaller.scope(Scope.EVENTS_READ), id, number("after", after),
                pageSize(limit)));
    }

    static int pageSize(String limit) {
        return (int) Math.min(Integer.MAX_VALUE, number("limit", limit));
    }

    static Long parseSeq(String seq) {
        return seq == null ? null : number("seq", seq);
    }

    static Instant parseInstant(String at) {
        if (at == null) {
            return null;
        }
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(at).toInstant();
            } catch (DateTimeParseException ignored) {
                throw ApiProblem.invalid("at", "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
            }
        }
    }

    static long number(String field, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid(field, "must be a whole number");
        }
    }
}
