package io.padic.api.inference;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.api.common.ApiProblem.FieldError;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one flagged event shows about its fields, tallied per path before anything is written: all of
 * metaData for an undeclared type, only the flagged unknown fields (and what they contain) for a declared
 * one. Paths deeper than an event type can declare are not descended into, and of an array only the
 * first elements are looked at, so a large event costs no more than a small one.
 */
public final class Observation {

    /** As deep as FieldRules lets fields nest; a path this long is recorded but not descended into. */
    public static final int MAX_DEPTH = 8;
    /** Elements of one array that are looked at. */
    public static final int MAX_ITEMS = 20;
    public static final int MAX_EXAMPLES = 3;
    public static final int MAX_EXAMPLE_CHARS = 40;
    private static final String METADATA = "metaData.";

    /** One path in this event: how often it occurred with each JSON type, and example values. */
    public static final class Tally {
        final FieldPath path;
        final Map<JsonKind, Integer> kinds = new EnumMap<>(JsonKind.class);
        int instants;
        final List<String> examples = new ArrayList<>();

        Tally(FieldPath path) {
            this.path = path;
        }

        public FieldPath path() {
            return path;
        }

        public int occurrences() {
            return kinds.values().stream().mapToInt(Integer::intValue).sum();
        }

        public Map<JsonKind, Integer> kinds() {
            return kinds;
        }

        public int instants() {
            return instants;
        }

        public List<String> examples() {
            return examples;
        }
    }

    private final Map<String, Tally> tallies = new LinkedHashMap<>();
    private int untracked;

    private Observation() {
    }

    /** Every field of the metaData of an event whose type is not declared. */
    public static Observation ofAll(JsonNode metaData) {
        Observation observation = new Observation();
        observation.walkObject(metaData, FieldPath.ROOT);
        return observation;
    }

    /** The flagged unknown fields ({@code metaData.address.zip}, {@code metaData.lines[2].note}). */
    public static Observation ofUnknown(JsonNode metaData, List<FieldError> flagged) {
        Observation observation = new Observation();
        for (FieldError error : flagged) {
            if (error.field() != null && error.field().startsWith(METADATA)) {
                observation.unknown(metaData, error.field().substring(METADATA.length()));
            }
        }
        return observation;
    }

    /**
     * What several events of one type show together: counts added, examples kept in order up to
     * {@value #MAX_EXAMPLES}, exactly as if each had been added to the statistics in turn.
     */
    public static Observation merged(List<Observation> observations) {
        Observation all = new Observation();
        for (Observation one : observations) {
            all.untracked += one.untracked;
            one.tallies.forEach((key, tally) -> {
                Tally sum = all.tallies.computeIfAbsent(key, k -> new Tally(tally.path));
                tally.kinds.forEach((kind, count) -> sum.kinds.merge(kind, count, Integer::sum));
                sum.instants += tally.instants;
                for (String example : tally.examples) {
                    if (sum.examples.size() < MAX_EXAMPLES && !sum.examples.contains(example)) {
                        sum.examples.add(example);
                    }
                }
            });
        }
        return all;
    }

    /** The paths seen, parents before their children. */
    public List<Tally> tallies() {
        return List.copyOf(tallies.values());
    }

    /** Field occurrences that cannot be tracked: names no event type can declare, or paths not found. */
    public int untracked() {
        return untracked;
    }

    /**
     * Follows a violation's path through the metaData. Every step but the last is a declared name (so it
     * holds no '.' or '['); the unknown name at the end may hold anything, so a member named by the whole
     * rest of the path wins.
     */
    private void unknown(JsonNode metaData, String rest) {
        JsonNode node = metaData;
        FieldPath path = FieldPath.ROOT;
        while (node != null && !rest.isEmpty()) {
            if (node.isObject() && node.has(rest)) {
                record(path, rest, node.get(rest));
                return;
            }
            if (node.isArray() && rest.startsWith("[")) {
                int close = rest.indexOf(']');
                if (close < 2 || close > 10 || !rest.substring(1, close).chars().allMatch(Character::isDigit)) {
                    break;
                }
                node = node.get(Integer.parseInt(rest.substring(1, close)));
                path = path.items();
                rest = rest.substring(close + 1);
            } else {
                int end = firstOf(rest, '.', '[');
                node = node.get(rest.substring(0, end));
                path = path.child(rest.substring(0, end));
                rest = rest.substring(end);
            }
            if (rest.startsWith(".")) {
                rest = rest.substring(1);
            }
        }
        untracked++;
    }

    private static int firstOf(String text, char a, char b) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == a || text.charAt(i) == b) {
                return i;
            }
        }
        return text.length();
    }

    private void walkObject(JsonNode object, FieldPath at) {
        if (object == null || !object.isObject()) {
            return;
        }
        object.properties().forEach(member -> record(at, member.getKey(), member.getValue()));
    }

    private void record(FieldPath parent, String name, JsonNode value) {
        if (!FieldPath.isDeclarable(name)) {
            untracked++;
            return;
        }
        FieldPath path = parent.child(name);
        if (path.depth() <= MAX_DEPTH) {
            observe(path, value);
        }
    }

    private void observe(FieldPath path, JsonNode value) {
        Tally tally = tallies.computeIfAbsent(path.key(), key -> new Tally(path));
        JsonKind kind = JsonKind.of(value);
        tally.kinds.merge(kind, 1, Integer::sum);
        if (kind == JsonKind.STRING && JsonKind.isInstant(value.textValue())) {
            tally.instants++;
        }
        if (kind != JsonKind.OBJECT && kind != JsonKind.ARRAY && kind != JsonKind.NULL
                && tally.examples.size() < MAX_EXAMPLES) {
            String example = example(value);
            if (!tally.examples.contains(example)) {
                tally.examples.add(example);
            }
        }
        if (path.depth() >= MAX_DEPTH) {
            return;
        }
        if (kind == JsonKind.OBJECT) {
            walkObject(value, path);
        } else if (kind == JsonKind.ARRAY) {
            for (int i = 0; i < Math.min(value.size(), MAX_ITEMS); i++) {
                observe(path.items(), value.get(i));
            }
        }
    }

    /** The value as JSON, cut to a length that fits in a description. */
    private static String example(JsonNode value) {
        String text = value.toString();
        return text.length() <= MAX_EXAMPLE_CHARS ? text : text.substring(0, MAX_EXAMPLE_CHARS - 1) + "…";
    }
}
