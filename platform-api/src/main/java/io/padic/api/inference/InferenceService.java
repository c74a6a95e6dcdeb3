package io.padic.api.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.padic.api.eventtypes.EventTypeHeads;
import io.padic.api.eventtypes.EventTypeRepository;
import io.padic.api.eventtypes.EventTypeVersion;
import io.padic.api.identity.Role;
import io.padic.api.identity.User;
import io.padic.api.projects.ProjectService;
import io.padic.api.schemas.FieldSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Suggested definitions for the event types whose events were flagged since their current version: an
 * undeclared type gets the fields inferred from its events and {@code unknownFields: flag}; a declared
 * type keeps everything of its current version and gains its unknown fields as optional ones. A declared
 * type with nothing to add is left out, so a suggestion disappears once it has been saved.
 */
@ApplicationScoped
public class InferenceService {

    /** The body of {@code PUT .../event-types/{name}}, ready to be sent as it is. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Definition(String objectType, List<Field> fields, String unknownFields, String applyEvent) {
    }

    /**
     * A field as PUT accepts it, in the order a reader expects: name, type, required, description; on
     * {@code items} never a name or required.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Field(String name, String type, Boolean required, String description, List<Field> fields,
            Field items) {

        static List<Field> of(List<FieldSpec> specs) {
            return specs == null ? null : specs.stream().map(Field::of).toList();
        }

        static Field of(FieldSpec spec) {
            return new Field(spec.name, spec.type, spec.required, spec.description, of(spec.fields),
                    itemsOf(spec.items));
        }

        private static Field itemsOf(FieldSpec items) {
            return items == null ? null : new Field(null, items.type, null, items.description, of(items.fields),
                    itemsOf(items.items));
        }
    }

    /**
     * One suggestion: how many flagged events it rests on, the version it extends (null: undeclared), the
     * paths it adds, and the definition.
     */
    public record InferredType(String name, long events, Integer basedOnVersion, List<String> newFields,
            long untrackedFields, Definition definition, List<Observed> observed) {
    }

    /** A new field's path, in how many of the flagged events it was present (not null), and that as a share. */
    public record Observed(String path, long events, double rate) {

        static List<Observed> of(TypeStats stats, List<String> added) {
            List<Observed> observed = new ArrayList<>();
            stats.fields().forEach((path, stat) -> {
                if (added.contains(path.toString())) {
                    long present = stat.nonNull();
                    observed.add(new Observed(path.toString(), present,
                            stats.events() == 0 ? 0 : (double) present / stats.events()));
                }
            });
            return observed;
        }
    }

    private final FieldStatsStore store;
    private final EventTypeRepository types;
    private final ProjectService projects;

    public InferenceService(FieldStatsStore store, EventTypeRepository types, ProjectService projects) {
        this.store = store;
        this.types = types;
        this.projects = projects;
    }

    public List<InferredType> suggest(User user, String projectId) {
        projects.require(user, projectId, Role.VIEWER);
        List<TypeStats> observed = store.load(projectId);
        Map<String, EventTypeVersion> declared = currentVersions(projectId, observed);
        List<InferredType> suggestions = new ArrayList<>();
        for (TypeStats stats : observed) {
            EventTypeVersion current = declared.get(stats.type());
            if (stats.version() != (current == null ? 0 : current.version)) {
                continue; // counted under an older version; nothing flagged since the current one
            }
            if (current == null) {
                SchemaSuggester.Suggestion s = SchemaSuggester.forUndeclared(stats);
                suggestions.add(new InferredType(stats.type(), stats.events(), null, s.added(), stats.untracked(),
                        new Definition(null, Field.of(s.fields()), "flag", null), Observed.of(stats, s.added())));
                continue;
            }
            SchemaSuggester.Suggestion s = SchemaSuggester.forDeclared(stats, current.fields);
            if (!s.added().isEmpty()) {
                Definition definition = new Definition(current.objectType, Field.of(s.fields()),
                        current.unknownFields, current.applyEvent);
                suggestions.add(new InferredType(stats.type(), stats.events(), current.version, s.added(),
                        stats.untracked(), definition, Observed.of(stats, s.added())));
            }
        }
        suggestions.sort(Comparator.comparing(InferredType::name));
        return suggestions;
    }

    private Map<String, EventTypeVersion> currentVersions(String projectId, List<TypeStats> observed) {
        EventTypeHeads heads = types.heads(projectId);
        List<EventTypeHeads.Head> wanted = new ArrayList<>();
        for (TypeStats stats : observed) {
            EventTypeHeads.Head head = heads.find(stats.type());
            if (head != null) {
                wanted.add(head);
            }
        }
        Map<String, EventTypeVersion> byName = new HashMap<>();
        types.versions(projectId, wanted).forEach(version -> byName.put(version.name, version));
        return byName;
    }
}
