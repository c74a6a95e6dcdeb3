package io.padic.api.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.padic.api.inference.JsonKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;

/**
 * The codec of a bucket's segment counters in {@code analytics_segments} (hour and day buckets; docs/design.md#analytics),
 * what anomaly flags are explained with and field drift is read from:
 * {@code meta.<eventType>.<key>.<value>} (events by a top-level scalar metaData value, the value as JSON text),
 * {@code pinned.<eventType>.<objectType>} (pins by the type of the object), {@code activeBy.<objectType>.<eventType>}
 * (active objects by the event types they received in the bucket) and, in day buckets,
 * {@code fields.<eventType>.<path>.<jsonType>} (events holding that path with a value of that type); names escaped by
 * {@link FieldNames}.
 * <p>
 * Whatever users send, a document stays small: {@code meta} and {@code fields} keep at most {@link #MAX_TYPES} event
 * types, {@code meta} at most {@link #MAX_KEYS} keys per type and {@link #MAX_VALUES} values per key (the rest of a
 * key's events count under {@link #OTHER}), {@code fields} at most {@link #MAX_PATHS} paths per type. Which ones are
 * kept does not depend on the order events are counted in: the ones with the smallest {@link #ORDER hash}, so the
 * counters are the same after a rebuild, and the same values are kept in every bucket where the same values arrive.
 */
final class SegmentDocument {

    static final String META = "meta";
    static final String PINNED = "pinned";
    static final String ACTIVE_BY = "activeBy";
    static final String FIELDS = "fields";
    /** Everything a cap left out; never the escaped form of a name (escaping writes '%' as {@code %25}). */
    static final String OTHER = "%";
    static final int MAX_TYPES = 100;
    static final int MAX_KEYS = 10;
    static final int MAX_VALUES = 20;
    static final int MAX_PATHS = 200;
    /** Longer keys and string values are not segments: ids and free text explain nothing. */
    static final int MAX_SCALAR_LENGTH = 64;
    private static final int MAX_DEPTH = 16;
    /** Longer paths are not tracked: a field name that long is no field anyone declares. */
    private static final int MAX_PATH_LENGTH = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The order caps keep by: a mixed hash of the (escaped) name, then the name; the same in every process. */
    static final Comparator<String> ORDER = Comparator.comparingInt(SegmentDocument::mix)
            .thenComparing(Comparator.naturalOrder());

    private SegmentDocument() {
    }

    private static int mix(String name) {
        int h = name.hashCode() * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** Whether a counter field (as {@link Deltas} holds it) belongs in {@code analytics_segments}. */
    static boolean owns(String field) {
        return field.startsWith(META + ".") || field.startsWith(PINNED + ".") || field.startsWith(ACTIVE_BY + ".")
                || field.startsWith(FIELDS + ".");
    }

    /** Whether a part is capped (rewritten whole per event type) rather than raised with {@code $inc}. */
    static boolean capped(String part) {
        return META.equals(part) || FIELDS.equals(part);
    }

    static String metaValue(String eventType, String key, String valueJson) {
        return META + "." + FieldNames.escape(eventType) + "." + FieldNames.escape(key) + "."
                + FieldNames.escape(valueJson);
    }

    static String pinned(String eventType, String objectType) {
        return PINNED + "." + FieldNames.escape(eventType) + "." + FieldNames.escape(objectType);
    }

    /** {@code eventType} null: one of the types past the 63 an object's state tells apart (see ObjectActivity). */
    static String activeBy(String objectType, String eventType) {
        return ACTIVE_BY + "." + FieldNames.escape(objectType) + "." + (eventType == null ? OTHER
                : FieldNames.escape(eventType));
    }

    static String field(String eventType, String path, JsonKind kind) {
        return FIELDS + "." + FieldNames.escape(eventType) + "." + FieldNames.escape(path) + "." + kind.wire();
    }

    /** What one event's metaData adds: its top-level scalars (key → value as JSON) and its paths with their types. */
    record Scan(Map<String, String> scalars, Map<String, JsonKind> paths) {
        static final Scan EMPTY = new Scan(Map.of(), Map.of());
    }

    /**
     * Reads an event's metaData for segments: at most {@link #MAX_KEYS} scalars and {@link #MAX_PATHS} paths, the ones
     * the caps would keep (so dropping the rest here changes no counter, and a flush's changes stay small).
     */
    static Scan scan(String metaData) {
        if (metaData == null || metaData.isEmpty()) {
            return Scan.EMPTY;
        }
        JsonNode root;
        try {
            root = JSON.readTree(metaData);
        } catch (JsonProcessingException e) {
            return Scan.EMPTY; // stored events hold valid JSON; a broken one explains nothing
        }
        if (root == null || !root.isObject()) {
            return Scan.EMPTY;
        }
        TreeMap<String, String> scalars = new TreeMap<>(ORDER);
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String key = field.getKey();
            String value = scalar(field.getValue());
            if (value != null && !key.isEmpty() && key.length() <= MAX_SCALAR_LENGTH && storable(key)) {
                scalars.put(FieldNames.escape(key), value);
                if (scalars.size() > MAX_KEYS) {
                    scalars.pollLastEntry();
                }
            }
        }
        TreeMap<String, JsonKind> paths = new TreeMap<>(ORDER);
        walk(root, "", 0, paths);
        Map<String, String> keys = new HashMap<>();
        scalars.forEach((key, value) -> keys.put(FieldNames.unescape(key), value));
        Map<String, JsonKind> shown = new HashMap<>();
        paths.forEach((path, kind) -> shown.put(FieldNames.unescape(path), kind));
        return new Scan(keys, shown);
    }

    /** A BSON field name holds no NUL character, which JSON lets a key hold. */
    private static boolean storable(String key) {
        return key.indexOf('\u0000') < 0;
    }

    /** A value that can be a segment: a short string, a boolean or an integer, as JSON text; else null. */
    private static String scalar(JsonNode value) {
        if (value.isBoolean() || (value.isIntegralNumber() && value.canConvertToLong())) {
            return value.toString();
        }
        if (value.isTextual() && value.textValue().length() <= MAX_SCALAR_LENGTH) {
            return value.toString(); // quoted and escaped: "FR"
        }
        return null;
    }

    /** Every path below {@code node} ({@code a.b}, {@code lines[].sku}) with its value's type, the first type seen. */
    private static void walk(JsonNode node, String prefix, int depth, TreeMap<String, JsonKind> paths) {
        if (depth >= MAX_DEPTH) {
            return;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().isEmpty() || !storable(field.getKey())) {
                    continue;
                }
                String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
                if (path.length() > MAX_PATH_LENGTH) {
                    continue;
                }
                add(paths, path, field.getValue());
                walk(field.getValue(), path, depth + 1, paths);
            }
        } else if (node.isArray()) {
            String path = prefix + "[]";
            for (JsonNode item : node) {
                add(paths, path, item);
                walk(item, path, depth + 1, paths);
            }
        }
    }

    private static void add(TreeMap<String, JsonKind> paths, String path, JsonNode value) {
        paths.putIfAbsent(FieldNames.escape(path), JsonKind.of(value));
        if (paths.size() > MAX_PATHS) {
            paths.pollLastEntry();
        }
    }

    /** A capped part ({@code meta} or {@code fields}): event type → key or path → value or type → count. */
    static Map<String, Map<String, Map<String, Long>>> tree(Document doc, String part) {
        Map<String, Map<String, Map<String, Long>>> out = new HashMap<>();
        Document partDoc = doc == null ? null : doc.get(part, Document.class);
        if (partDoc == null) {
            return out;
        }
        partDoc.forEach((type, keys) -> {
            Map<String, Map<String, Long>> byKey = new HashMap<>();
            ((Document) keys).forEach((key, values) -> {
                Map<String, Long> byValue = new HashMap<>();
                ((Document) values).forEach((value, n) -> byValue.put(value, ((Number) n).longValue()));
                byKey.put(key, byValue);
            });
            out.put(type, byKey);
        });
        return out;
    }

    /**
     * Keeps what the caps allow, the smallest names by {@link #ORDER} at each level: of {@code meta}, the values left
     * out are added up under {@link #OTHER}; of {@code fields}, the types of a path are few and all kept. Capping
     * again after adding more gives what capping everything at once gives.
     */
    static Map<String, Map<String, Map<String, Long>>> cap(String part, Map<String, Map<String, Map<String, Long>>> tree) {
        boolean meta = META.equals(part);
        Map<String, Map<String, Map<String, Long>>> out = new HashMap<>();
        for (String type : smallest(tree.keySet(), MAX_TYPES)) {
            Map<String, Map<String, Long>> keys = tree.get(type);
            Map<String, Map<String, Long>> keptKeys = new HashMap<>();
            for (String key : smallest(keys.keySet(), meta ? MAX_KEYS : MAX_PATHS)) {
                Map<String, Long> values = keys.get(key);
                if (!meta) {
                    keptKeys.put(key, new HashMap<>(values));
                    continue;
                }
                List<String> named = new ArrayList<>(values.keySet());
                named.remove(OTHER);
                List<String> kept = smallest(named, MAX_VALUES);
                Map<String, Long> keptValues = new HashMap<>();
                long other = values.getOrDefault(OTHER, 0L);
                for (Map.Entry<String, Long> value : values.entrySet()) {
                    if (kept.contains(value.getKey())) {
                        keptValues.put(value.getKey(), value.getValue());
                    } else if (!OTHER.equals(value.getKey())) {
                        other += value.getValue();
                    }
                }
                if (other != 0) {
                    keptValues.put(OTHER, other);
                }
                keptKeys.put(key, keptValues);
            }
            out.put(type, keptKeys);
        }
        return out;
    }

    private static List<String> smallest(Iterable<String> names, int limit) {
        List<String> sorted = new ArrayList<>();
        names.forEach(sorted::add);
        sorted.sort(ORDER);
        return sorted.size() <= limit ? sorted : sorted.subList(0, limit);
    }

    static Document document(Map<String, Map<String, Long>> keys) {
        Document out = new Document();
        keys.forEach((key, values) -> {
            Document valueDoc = new Document();
            values.forEach(valueDoc::append);
            out.append(key, valueDoc);
        });
        return out;
    }

    /** A bucket's segments as the check reads them, names unescaped. */
    record Segments(Map<String, Map<String, Long>> pinned, Map<String, Map<String, Long>> activeBy,
            Map<String, Map<String, Long>> meta, Map<String, Map<String, Map<String, Long>>> fields) {

        static final Segments EMPTY = new Segments(Map.of(), Map.of(), Map.of(), Map.of());

        /** An event type's events by object type. */
        Map<String, Long> objectTypes(String eventType) {
            return pinned.getOrDefault(eventType, Map.of());
        }

        /** An object type's active objects by event type received ({@code null} key: other types). */
        Map<String, Long> eventTypes(String objectType) {
            return activeBy.getOrDefault(objectType, Map.of());
        }

        /** An event type's events by segment name {@code key=value} ({@code key=(other)} for the rest). */
        Map<String, Long> metaValues(String eventType) {
            return meta.getOrDefault(eventType, Map.of());
        }

        /** An event type's paths → JSON type → events (day buckets). */
        Map<String, Map<String, Long>> fields(String eventType) {
            return fields.getOrDefault(eventType, Map.of());
        }
    }

    static Segments read(Document doc) {
        if (doc == null) {
            return Segments.EMPTY;
        }
        Map<String, Map<String, Long>> meta = new HashMap<>();
        tree(doc, META).forEach((type, keys) -> {
            Map<String, Long> byName = new HashMap<>();
            keys.forEach((key, values) -> values.forEach((value, n) ->
                    byName.put(FieldNames.unescape(key) + "=" + shownValue(value), n)));
            meta.put(FieldNames.unescape(type), byName);
        });
        Map<String, Map<String, Map<String, Long>>> fields = new HashMap<>();
        tree(doc, FIELDS).forEach((type, paths) -> {
            Map<String, Map<String, Long>> byPath = new HashMap<>();
            paths.forEach((path, kinds) -> byPath.put(FieldNames.unescape(path), kinds));
            fields.put(FieldNames.unescape(type), byPath);
        });
        return new Segments(twoLevels(doc, PINNED), twoLevels(doc, ACTIVE_BY), meta, fields);
    }

    private static Map<String, Map<String, Long>> twoLevels(Document doc, String part) {
        Map<String, Map<String, Long>> out = new HashMap<>();
        Document partDoc = doc.get(part, Document.class);
        if (partDoc != null) {
            partDoc.forEach((outer, inner) -> {
                Map<String, Long> counts = new HashMap<>();
                ((Document) inner).forEach((name, n) -> counts.put(OTHER.equals(name) ? null : FieldNames.unescape(name),
                        ((Number) n).longValue()));
                out.put(FieldNames.unescape(outer), counts);
            });
        }
        return out;
    }

    /** A value as people read it in a segment name: a string without its quotes; the rest as {@code (other)}. */
    private static String shownValue(String field) {
        if (OTHER.equals(field)) {
            return "(other)";
        }
        String json = FieldNames.unescape(field);
        if (json.startsWith("\"")) {
            try {
                return JSON.readTree(json).textValue();
            } catch (JsonProcessingException e) {
                return json;
            }
        }
        return json;
    }
}
