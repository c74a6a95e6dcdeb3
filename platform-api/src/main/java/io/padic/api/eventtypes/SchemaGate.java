package io.padic.api.eventtypes;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.api.common.ApiProblem.FieldError;
import io.padic.api.common.ApiProblem;
import io.padic.api.projects.ControlPlaneCache;
import io.padic.api.projects.Project;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides whether an event may be stored: its type must be declared (or the project flags undeclared
 * types), its metaData must match the type's current version, and unknown fields follow the type's
 * policy. A refused event gets every violation at once; a flagged one is stored with its violations.
 */
@ApplicationScoped
public class SchemaGate {

    /** The version the event was checked against (null if undeclared) and what was flagged, if anything. */
    public record Verdict(Integer typeVersion, boolean undeclared, List<FieldError> flagged) {
    }

    /** What the store does with metaData of a version: {@code stored}, {@code flagged} or {@code refused}, and why. */
    public record Judgement(String outcome, List<FieldError> violations) {
        public boolean refused() {
            return "refused".equals(outcome);
        }
    }

    private final DeclaredTypes declared;
    private final EventValidator validator;
    private final ControlPlaneCache projects;

    public SchemaGate(DeclaredTypes declared, EventValidator validator, ControlPlaneCache projects) {
        this.declared = declared;
        this.validator = validator;
        this.projects = projects;
    }

    public Verdict check(String projectId, String type, JsonNode metaData) {
        return check(projectId, type, declared.current(projectId, type).orElse(null), metaData);
    }

    private Verdict check(String projectId, String type, EventTypeVersion version, JsonNode metaData) {
        if (version == null) {
            Project project = projects.project(projectId).orElse(null);
            if (project == null || !"flag".equals(project.undeclaredEventTypes)) {
                throw ApiProblem.invalid("type", "event type '" + type + "' is not declared in this project;"
                        + " declare it (PUT /v1/projects/" + projectId + "/event-types/" + type
                        + ") or let the project flag undeclared types");
            }
            return new Verdict(null, true, List.of(new FieldError("type", "event type '" + type
                    + "' is not declared")));
        }
        Judgement judgement = judge(version, validator.validate(version, metaData));
        if (judgement.refused()) {
            throw ApiProblem.invalid(judgement.violations());
        }
        return new Verdict(version.version, false, judgement.violations());
    }

    /** The version's policies applied to a validation: broken fields refuse unless flagged, unknown ones as set. */
    static Judgement judge(EventTypeVersion version, EventValidator.Outcome outcome) {
        if (outcome.clean()) {
            return new Judgement("stored", List.of());
        }
        boolean refuseInvalid = !outcome.invalid().isEmpty() && !"flag".equals(version.invalidEvents);
        boolean refuseUnknown = !outcome.unknown().isEmpty() && "reject".equals(version.unknownFields);
        List<FieldError> all = new ArrayList<>(outcome.invalid());
        all.addAll(outcome.unknown());
        all.sort(Comparator.comparing(FieldError::field));
        return new Judgement(refuseInvalid || refuseUnknown ? "refused" : "flagged", all);
    }
}
