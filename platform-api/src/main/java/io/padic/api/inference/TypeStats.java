package io.padic.api.inference;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * The statistics of one event type as stored by {@link FieldStatsStore}: counted since the type's
 * {@code version} (0 while undeclared), with each field's path in the order it was first seen.
 */
public record TypeStats(String type, int version, long events, long untracked, Map<FieldPath, FieldStat> fields) {

    /** How often a path occurred, with which JSON types, how many strings were instants, and examples. */
    public record FieldStat(long occurrences, Map<JsonKind, Long> kinds, long instants, List<String> examples) {

        public long count(JsonKind kind) {
            return kinds.getOrDefault(kind, 0L);
        }

        public long nonNull() {
            return occurrences - count(JsonKind.NULL);
        }
    }

    /** The fields one level below {@code parent}, in the order they were first seen. */
    public List<FieldPath> childrenOf(FieldPath parent) {
        List<FieldPath> children = new ArrayList<>();
        for (FieldPath path : fields.keySet()) {
            if (!path.isRoot() && path.parent().equals(parent)) {
                children.add(path);
            }
        }
        return children;
    }

    static TypeStats of(Document doc) {
        Document all = doc.get("f", Document.class);
        Map<FieldPath, FieldStat> fields = new LinkedHashMap<>();
        for (String key : doc.getList("paths", String.class, List.of())) {
            Document field = all == null ? null : all.get(key, Document.class);
            if (field != null) {
                fields.put(FieldPath.ofKey(key), statOf(field));
            }
        }
        return new TypeStats(doc.getString("type"), doc.getInteger("version", 0), number(doc, "events"),
                number(doc, "untracked"), fields);
    }

    private static FieldStat statOf(Document field) {
        Document types = field.get("t", Document.class);
        Map<JsonKind, Long> kinds = new EnumMap<>(JsonKind.class);
        for (JsonKind kind : JsonKind.values()) {
            long count = types == null ? 0 : number(types, kind.wire());
            if (count > 0) {
                kinds.put(kind, count);
            }
        }
        List<String> examples = field.getList("ex", String.class, List.of());
        long occurrences = kinds.values().stream().mapToLong(Long::longValue).sum();
        return new FieldStat(occurrences, kinds, types == null ? 0 : number(types, "instant"),
                examples.subList(0, Math.min(examples.size(), Observation.MAX_EXAMPLES)));
    }

    private static long number(Document doc, String key) {
        Object value = doc.get(key);
        return value instanceof Number n ? n.longValue() : 0;
    }
}
