package io.padic.dashboard.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What changed between two states, one line per leaf: added, removed or changed, named by its path
 * ({@code name}, {@code address.city}, {@code tags[2]}). Objects are compared member by member and arrays
 * element by element; anything else is compared whole.
 */
public final class JsonDiff {

    public enum Kind { ADDED, REMOVED, CHANGED }

    /** One difference; {@code before} or {@code after} (compact JSON) is null when the value is not there. */
    public record Line(Kind kind, String path, String before, String after) {
    }

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private JsonDiff() {
    }

    public static List<Line> between(JsonNode before, JsonNode after) {
        List<Line> lines = new ArrayList<>();
        walk("", before == null ? MissingNode.getInstance() : before,
                after == null ? MissingNode.getInstance() : after, lines);
        return lines;
    }

    private static void walk(String path, JsonNode before, JsonNode after, List<Line> lines) {
        if (before.equals(after)) {
            return;
        }
        if (before.isMissingNode()) {
            lines.add(new Line(Kind.ADDED, name(path), null, after.toString()));
        } else if (after.isMissingNode()) {
            lines.add(new Line(Kind.REMOVED, name(path), before.toString(), null));
        } else if (before.isObject() && after.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            before.fieldNames().forEachRemaining(keys::add);
            for (Iterator<String> it = after.fieldNames(); it.hasNext();) {
                keys.add(it.next());
            }
            for (String key : keys) {
                walk(member(path, key), before.path(key), after.path(key), lines);
            }
        } else if (before.isArray() && after.isArray()) {
            for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
                walk(path + "[" + i + "]", before.path(i), after.path(i), lines);
            }
        } else {
            lines.add(new Line(Kind.CHANGED, name(path), before.toString(), after.toString()));
        }
    }

    private static String member(String path, String key) {
        if (PLAIN_KEY.matcher(key).matches()) {
            return path.isEmpty() ? key : path + "." + key;
        }
        return path + "[" + TextNode.valueOf(key) + "]";
    }

    private static String name(String path) {
        return path.isEmpty() ? "(the whole state)" : path;
    }
}
