package io.padic.api.eventtypes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.padic.api.audit.AuditAction;
import io.padic.api.audit.AuditLog;
import io.padic.api.audit.Target;
import io.padic.api.common.ApiProblem;
import io.padic.api.common.Digests;
import io.padic.api.identity.Role;
import io.padic.api.identity.User;
import io.padic.api.journal.ObjectIds;
import io.padic.api.projects.Project;
import io.padic.api.projects.ProjectService;
import io.padic.api.schemas.FieldRules;
import io.padic.api.schemas.FieldSpec;
import io.padic.sandbox.ReducerCode;
import io.padic.sandbox.ReducerFailure;
import io.padic.sandbox.Sandbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Defines event types: every save that changes something is a new immutable version, checked first
 * (syntax with the user's line and column, staying a function body, determinism on a sample), and each
 * save gives the project a new reducerVersion.
 */
@ApplicationScoped
public class EventTypeService {

    public static final Set<String> UNKNOWN_FIELD_POLICIES = Set.of("allow", "flag", "reject");
    private static final Set<String> INVALID_EVENT_POLICIES = Set.of("reject", "flag");
    private static final int MAX_SAVE_ATTEMPTS = 20;

    private static final Function<List<FieldSpec>, String> FIELDS_JSON = fields -> {
        try {
            return new ObjectMapper().writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    };

    private final EventTypeRepository types;
    private final ProjectService projects;
    private final Sandbox sandbox;
    private final DeclaredTypes declared;
    private final EventValidator validator;
    private final AuditLog audit;

    public EventTypeService(EventTypeRepository types, ProjectService projects, Sandbox sandbox,
            DeclaredTypes declared, EventValidator validator, AuditLog audit) {
        this.audit = audit;
        this.validator = validator;
        this.types = types;
        this.projects = projects;
        this.sandbox = sandbox;
        this.declared = declared;
    }

    public record Definition(String objectType, String unknownFields, String invalidEvents, String applyEvent,
            List<FieldSpec> fields) {
    }

    public record Saved(EventTypeVersion version, boolean created) {
    }

    public record Described(EventTypeVersion current, List<EventTypeVersion> versions) {
    }

    public Saved save(User user, String projectId, String name, Definition definition) {
        Project project = projects.require(user, projectId, Role.DEVELOPER);
        checkName(name);
        if (definition.objectType() != null && !ObjectIds.isValidType(definition.objectType())) {
            throw ApiProblem.invalid("objectType", ObjectIds.TYPE_RULE);
        }
        String unknownFields = unknownFieldsPolicy(definition.unknownFields());
        String invalidEvents = invalidEventsPolicy(definition.invalidEvents());
        List<FieldSpec> fields = definition.fields() == null ? List.of() : definition.fields();
        FieldRules.check(fields);
        String body = definition.applyEvent() == null || definition.applyEvent().isBlank() ? null
                : definition.applyEvent();
        if (body != null) {
            checkCode(name, body, project.accessLevels.get(project.accessLevels.size() - 1));
        }
        // The default policy adds nothing, so versions saved before the policy existed keep their digests.
        String policies = "reject".equals(invalidEvents) ? unknownFields : unknownFields + "/" + invalidEvents;
        String digest = Digests.sha256(definition.objectType() + "\n" + policies + "\n" + body + "\n"
                + FIELDS_JSON.apply(fields));

        for (int attempt = 0; attempt < MAX_SAVE_ATTEMPTS; attempt++) {
            EventTypeHeads heads = types.heads(projectId);
            EventTypeHeads.Head current = heads.find(name);
            if (current != null && current.digest.equals(digest)) {
                return new Saved(types.version(projectId, name, current.version).orElseThrow(), false);
            }
            EventTypeVersion version = new EventTypeVersion();
            version.version = current == null ? 1 : current.version + 1;
            version.id = EventTypeVersion.idOf(projectId, name, version.version);
            version.projectId = projectId;
            version.name = name;
            version.objectType = definition.objectType();
            version.unknownFields = unknownFields;
            version.invalidEvents = invalidEvents;
            version.applyEvent = body;
            version.fields = new ArrayList<>(fields);
            version.digest = digest;
            version.savedBy = user.id;
            version.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            if (!types.insertVersion(version)) {
                continue;
            }
            publish(projectId, version);
            audit.record(project.tenantId, user.actor(), AuditAction.EVENT_TYPE_SAVED,
                    Target.eventType(project.id, name), Map.of("version", Integer.toString(version.version)));
            return new Saved(version, current == null);
        }
        throw ApiProblem.conflict("Event type " + name + " is being saved by someone else right now; try again");
    }

    public List<EventTypeVersion> list(User user, String projectId) {
        projects.require(user, projectId, Role.VIEWER);
        EventTypeHeads heads = types.heads(projectId);
        List<EventTypeVersion> current = new ArrayList<>(types.versions(projectId, heads.types));
        current.sort(Comparator.comparing(v -> v.name));
        return current;
    }

    public Described describe(User user, String projectId, String name) {
        projects.require(user, projectId, Role.VIEWER);
        EventTypeHeads.Head head = types.heads(projectId).find(name);
        if (head == null) {
            throw ApiProblem.notFound("Event type " + name);
        }
        List<EventTypeVersion> history = types.history(projectId, name, head.version);
        return new Described(history.get(history.size() - 1), history);
    }

    /**
     * What the editor's test panel sends beside the event: its code and fields, saved or not. Null parts mean the
     * saved version's (no code: the saved reducer; no fields: the saved fields, or none to check before a save).
     */
    public record Draft(String applyEvent, List<FieldSpec> fields, String unknownFields, String invalidEvents) {
    }

    /** A test run: the reducer's result, and what the store would do with the sample (null: no fields to check). */
    public record Tested(Sandbox.TestResult result, SchemaGate.Judgement schema) {
    }

    /** Runs one event through a reducer, the saved one or the draft's, and checks it against the fields. */
    public Tested test(User user, String projectId, String name, Draft draft, String stateJson, JsonNode sample,
            String accessLevel) {
        Project project = projects.require(user, projectId, Role.VIEWER);
        String level = accessLevel != null ? accessLevel : project.accessLevels.get(project.accessLevels.size() - 1);
        if (!project.accessLevels.contains(level)) {
            throw ApiProblem.invalid("accessLevel", "must be one of the project's levels " + project.accessLevels);
        }
        EventTypeHeads.Head head = types.heads(projectId).find(name);
        EventTypeVersion saved = head == null ? null : types.version(projectId, name, head.version).orElseThrow();
        String body = draft.applyEvent();
        int version = 0;
        if (body == null) {
            if (saved == null) {
                throw ApiProblem.notFound("Event type " + name);
            }
            body = saved.applyEvent == null ? "return event.metaData;" : saved.applyEvent;
            version = saved.version;
        } else {
            checkName(name);
            rejectSyntaxErrors(name, body);
        }
        EventTypeVersion fields = draft.fields() == null ? saved : draftVersion(projectId, name, draft);
        SchemaGate.Judgement schema = fields == null ? null
                : SchemaGate.judge(fields, fields == saved ? validator.validate(saved, sample.path("metaData"))
                        : validator.validateDraft(fields, sample.path("metaData")));
        try {
            return new Tested(sandbox.test(new ReducerCode(name, version, body), stateJson, sample.toString(), level),
                    schema);
        } catch (ReducerFailure failure) {
            throw ReducerProblems.atTest(failure);
        }
    }

    private static EventTypeVersion draftVersion(String projectId, String name, Draft draft) {
        FieldRules.check(draft.fields());
        EventTypeVersion version = new EventTypeVersion();
        version.projectId = projectId;
        version.name = name;
        version.fields = draft.fields();
        version.unknownFields = unknownFieldsPolicy(draft.unknownFields());
        version.invalidEvents = invalidEventsPolicy(draft.invalidEvents());
        return version;
    }

    private static String unknownFieldsPolicy(String given) {
        String policy = given == null ? "allow" : given;
        if (!UNKNOWN_FIELD_POLICIES.contains(policy)) {
            throw ApiProblem.invalid("unknownFields", "must be one of allow, flag, reject");
        }
        return policy;
    }

    private static String invalidEventsPolicy(String given) {
        String policy = given == null ? "reject" : given;
        if (!INVALID_EVENT_POLICIES.contains(policy)) {
            throw ApiProblem.invalid("invalidEvents", "must be one of reject, flag");
        }
        return policy;
    }

    /** A sample event for checks at save time, of the given type. */
    static String sampleEvent(String type) {
        return "{\"id\":\"evt_sample\",\"seq\":1,\"type\":\"" + type + "\",\"createdAt\":\"2026-01-01T00:00:00Z\","
                + "\"concerns\":[\"sample\"],\"metaData\":{}}";
    }

    private void checkCode(String name, String body, String strongestLevel) {
        rejectSyntaxErrors(name, body);
        try {
            sandbox.checkDeterministic(new ReducerCode(name, 0, body), "{}", sampleEvent(name), strongestLevel);
        } catch (ReducerFailure failure) {
            throw ReducerProblems.atSave(failure);
        }
    }

    private void rejectSyntaxErrors(String name, String body) {
        Optional<ReducerFailure> problem = sandbox.check(name, body);
        if (problem.isPresent()) {
            throw ReducerProblems.atSave(problem.get());
        }
    }

    private static void checkName(String name) {
        if (!ObjectIds.isValidType(name)) {
            throw ApiProblem.invalid("name", ObjectIds.TYPE_RULE);
        }
        if ("inferred".equals(name)) {
            throw ApiProblem.invalid("name", "'inferred' is reserved: GET …/event-types/inferred lists suggestions");
        }
    }

    /** Points the project's heads at the new version; concurrent saves of other types are kept. */
    private void publish(String projectId, EventTypeVersion version) {
        for (int attempt = 0; attempt < MAX_SAVE_ATTEMPTS; attempt++) {
            EventTypeHeads heads = types.heads(projectId);
            EventTypeHeads.Head head = heads.find(version.name);
            if (head != null && head.version >= version.version) {
                declared.forget(projectId);
                return;
            }
            long rev = heads.rev;
            heads.types.removeIf(h -> h.name.equals(version.name));
            heads.types.add(new EventTypeHeads.Head(version.name, version.version, version.digest,
                    version.applyEvent != null));
            heads.types.sort(Comparator.comparing(h -> h.name));
            heads.rev = rev + 1;
            heads.reducerVersion = reducerVersion(heads.types);
            if (types.replaceHeads(heads, rev)) {
                declared.forget(projectId);
                return;
            }
        }
        throw ApiProblem.conflict("The project's event types are being saved by someone else right now; try again");
    }

    private static String reducerVersion(List<EventTypeHeads.Head> heads) {
        StringBuilder all = new StringBuilder();
        for (EventTypeHeads.Head head : heads) {
            all.append(head.name).append('@').append(head.version).append(':').append(head.digest).append('\n');
        }
        return "r" + Digests.sha256(all.toString()).substring(0, 16);
    }
}
