package io.padic.api.inference;

import io.padic.api.inference.TypeStats.FieldStat;
import io.padic.api.schemas.FieldSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns field statistics into event-type fields. A field is required when it was present and not null
 * every time its parent was (the event, or the enclosing object); its type is what all its non-null
 * values share: integers alone are integer, with decimals number, strings that are all instants
 * timestamp, objects get their fields the same way, arrays an item type when the elements agree, and
 * anything mixed is any. For a declared type the flagged unknown fields are added, as optional, to the
 * fields it declares.
 */
public final class SchemaSuggester {

    /** The suggested fields, and the paths of those that are new. */
    public record Suggestion(List<FieldSpec> fields, List<String> added) {
    }

    private SchemaSuggester() {
    }

    public static Suggestion forUndeclared(TypeStats stats) {
        List<FieldSpec> fields = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (FieldPath path : stats.childrenOf(FieldPath.ROOT)) {
            fields.add(field(stats, path, stats.events(), "events", true));
            added.add(path.toString());
        }
        return new Suggestion(fields, added);
    }

    public static Suggestion forDeclared(TypeStats stats, List<FieldSpec> declared) {
        List<FieldSpec> fields = declared == null ? new ArrayList<>() : copy(declared);
        List<String> added = new ArrayList<>();
        for (FieldPath path : stats.fields().keySet()) {
            if (stats.fields().containsKey(path.parent())) {
                continue; // inside an unknown field, suggested with it
            }
            List<FieldSpec> level = fieldsAt(fields, path.parent());
            if (level == null || level.stream().anyMatch(f -> path.last().equals(f.name))) {
                continue;
            }
            FieldSpec field = field(stats, path, 0, null, false);
            long seen = stats.fields().get(path).occurrences();
            field.description = "not declared; seen " + (seen == 1 ? "once" : seen + " times") + " in "
                    + stats.events() + " flagged events" + examples(stats.fields().get(path));
            level.add(field);
            added.add(path.toString());
        }
        return new Suggestion(fields, added);
    }

    private static FieldSpec field(TypeStats stats, FieldPath path, long parentCount, String parentNoun,
            boolean mayBeRequired) {
        FieldStat stat = stats.fields().get(path);
        FieldSpec field = new FieldSpec();
        field.name = path.last();
        field.required = mayBeRequired && parentCount > 0 && stat.nonNull() >= parentCount;
        shape(stats, path, stat, field);
        if (parentNoun != null) {
            field.description = "seen in " + percent(stat.nonNull(), parentCount) + " of " + parentCount + " "
                    + parentNoun + (stat.count(JsonKind.NULL) > 0 ? ", null in " + stat.count(JsonKind.NULL) : "")
                    + mixed(field, stat) + examples(stat);
        }
        return field;
    }

    private static void shape(TypeStats stats, FieldPath path, FieldStat stat, FieldSpec field) {
        field.type = typeOf(stat);
        if ("object".equals(field.type)) {
            List<FieldSpec> nested = new ArrayList<>();
            String noun = FieldPath.ITEMS.equals(path.last()) ? "elements of " + path.parent()
                    : path + " objects";
            for (FieldPath child : stats.childrenOf(path)) {
                nested.add(field(stats, child, stat.count(JsonKind.OBJECT), noun, true));
            }
            field.fields = nested.isEmpty() ? null : nested;
        } else if ("array".equals(field.type)) {
            FieldStat items = stats.fields().get(path.items());
            if (items != null && items.count(JsonKind.NULL) == 0) {
                FieldSpec item = new FieldSpec();
                shape(stats, path.items(), items, item);
                field.items = "any".equals(item.type) ? null : item;
            }
        }
    }

    static String typeOf(FieldStat stat) {
        Map<JsonKind, Long> seen = stat.kinds().entrySet().stream()
                .filter(e -> e.getKey() != JsonKind.NULL && e.getValue() > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        if (seen.size() == 1) {
            JsonKind only = seen.keySet().iterator().next();
            if (only == JsonKind.STRING) {
                return stat.instants() == stat.count(JsonKind.STRING) ? "timestamp" : "string";
            }
            return only.wire();
        }
        if (seen.size() == 2 && seen.containsKey(JsonKind.INTEGER) && seen.containsKey(JsonKind.NUMBER)) {
            return "number";
        }
        return "any";
    }

    private static String percent(long part, long whole) {
        long percent = whole == 0 ? 0 : part * 100 / whole;
        return percent == 0 && part > 0 ? "<1%" : percent + "%";
    }

    private static String mixed(FieldSpec field, FieldStat stat) {
        if (!"any".equals(field.type) || stat.nonNull() == 0) {
            return "";
        }
        return "; types seen: " + stat.kinds().keySet().stream().filter(k -> k != JsonKind.NULL)
                .map(JsonKind::wire).collect(Collectors.joining(", "));
    }

    private static String examples(FieldStat stat) {
        return stat.examples().isEmpty() ? "" : "; examples: " + String.join(", ", stat.examples());
    }

    /** The field list that {@code parent} names inside {@code fields}, or null if it names none. */
    private static List<FieldSpec> fieldsAt(List<FieldSpec> fields, FieldPath parent) {
        List<FieldSpec> level = fields;
        FieldSpec at = null;
        for (String segment : parent.segments()) {
            if (FieldPath.ITEMS.equals(segment)) {
                at = at == null ? null : at.items;
            } else {
                at = level == null ? null : level.stream().filter(f -> segment.equals(f.name)).findFirst().orElse(null);
            }
            if (at == null) {
                return null;
            }
            level = at.fields;
        }
        return level;
    }

    private static List<FieldSpec> copy(List<FieldSpec> fields) {
        if (fields == null) {
            return null;
        }
        List<FieldSpec> copies = new ArrayList<>();
        fields.forEach(field -> copies.add(copy(field)));
        return copies;
    }

    private static FieldSpec copy(FieldSpec field) {
        if (field == null) {
            return null;
        }
        FieldSpec copy = new FieldSpec();
        copy.name = field.name;
        copy.type = field.type;
        copy.required = field.required;
        copy.description = field.description;
        copy.fields = copy(field.fields);
        copy.items = copy(field.items);
        return copy;
    }
}
