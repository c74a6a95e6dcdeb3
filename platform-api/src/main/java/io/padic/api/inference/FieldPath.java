package io.padic.api.inference;

import io.padic.api.schemas.FieldRules;
import java.util.ArrayList;
import java.util.List;

/**
 * A field's place in an event's metaData: names from the root, with {@code []} standing for "each element
 * of the array". Only names an event type can declare are tracked, so the only character a Mongo key
 * cannot carry is {@code $}, written as {@code %24}; segments are joined by {@code /}, which no name holds.
 */
public record FieldPath(List<String> segments) {

    /** The segment for the elements of an array. */
    public static final String ITEMS = "[]";
    public static final FieldPath ROOT = new FieldPath(List.of());

    /** The names FieldRules accepts for a field; nothing else could be put into a suggested definition. */

    public FieldPath {
        segments = List.copyOf(segments);
    }

    public static boolean isDeclarable(String name) {
        return FieldRules.isDeclarableName(name);
    }

    public FieldPath child(String name) {
        List<String> longer = new ArrayList<>(segments);
        longer.add(name);
        return new FieldPath(longer);
    }

    public FieldPath items() {
        return child(ITEMS);
    }

    public FieldPath parent() {
        return segments.isEmpty() ? this : new FieldPath(segments.subList(0, segments.size() - 1));
    }

    public String last() {
        return segments.get(segments.size() - 1);
    }

    public int depth() {
        return segments.size();
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    /** The key of this field's statistics in a Mongo document. */
    public String key() {
        StringBuilder key = new StringBuilder();
        for (String segment : segments) {
            if (!key.isEmpty()) {
                key.append('/');
            }
            key.append(segment.replace("$", "%24"));
        }
        return key.toString();
    }

    public static FieldPath ofKey(String key) {
        List<String> segments = new ArrayList<>();
        for (String segment : key.split("/")) {
            segments.add(segment.replace("%24", "$"));
        }
        return new FieldPath(segments);
    }

    /** {@code address.city}, {@code lines[].sku}: how the path is shown to people. */
    @Override
    public String toString() {
        StringBuilder shown = new StringBuilder();
        for (String segment : segments) {
            if (!shown.isEmpty() && !ITEMS.equals(segment)) {
                shown.append('.');
            }
            shown.append(segment);
        }
        return shown.toString();
    }
}
