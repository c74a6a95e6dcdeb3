package io.padic.api.schemas;

import io.padic.api.common.ApiProblem;
import io.padic.api.common.ApiProblem.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Checks the fields of an event-type definition before it is saved; every mistake is named at once. */
public final class FieldRules {

    public static final Set<String> TYPES = Set.of("string", "number", "integer", "boolean", "timestamp", "object",
            "array", "any");
    static final int MAX_DEPTH = 8;
    static final int MAX_FIELDS_PER_LEVEL = 200;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]{0,63}");

    private FieldRules() {
    }

    /** Whether a definition may declare a field of this name. */
    public static boolean isDeclarableName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public static void check(List<FieldSpec> fields) {
        List<FieldError> errors = new ArrayList<>();
        checkLevel(fields, "fields", 1, errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
    }

    private static void checkLevel(List<FieldSpec> fields, String path, int depth, List<FieldError> errors) {
        if (fields == null) {
            return;
        }
        if (depth > MAX_DEPTH) {
            errors.add(new FieldError(path, "nests deeper than " + MAX_DEPTH + " levels"));
            return;
        }
        if (fields.size() > MAX_FIELDS_PER_LEVEL) {
            errors.add(new FieldError(path, "holds " + fields.size() + " fields; at most " + MAX_FIELDS_PER_LEVEL));
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            FieldSpec field = fields.get(i);
            String at = path + "[" + i + "]";
            if (field == null) {
                errors.add(new FieldError(at, "must be a field"));
                continue;
            }
            if (!isDeclarableName(field.name)) {
                errors.add(new FieldError(at + ".name", "must be 1 to 64 letters, digits, _ $ or -, not starting"
                        + " with a digit or -"));
            } else if (!names.add(field.name)) {
                errors.add(new FieldError(at + ".name", "repeats the field '" + field.name + "'"));
            }
            checkShape(field, at, depth, errors);
        }
    }

    private static void checkShape(FieldSpec field, String at, int depth, List<FieldError> errors) {
        if (field.type == null || !TYPES.contains(field.type)) {
            errors.add(new FieldError(at + ".type", "must be one of " + new TreeSet<>(TYPES)));
            return;
        }
        if (field.description != null && field.description.length() > 1000) {
            errors.add(new FieldError(at + ".description", "must be at most 1000 characters"));
        }
        if (field.fields != null && !"object".equals(field.type)) {
            errors.add(new FieldError(at + ".fields", "is only for fields of type object"));
        }
        if (field.items != null && !"array".equals(field.type)) {
            errors.add(new FieldError(at + ".items", "is only for fields of type array"));
        }
        checkLevel(field.fields, at + ".fields", depth + 1, errors);
        if (field.items != null) {
            if (field.items.name != null || field.items.required != null) {
                errors.add(new FieldError(at + ".items", "describes the elements: give it a type, not a name or"
                        + " required"));
            }
            checkShape(field.items, at + ".items", depth + 1, errors);
        }
    }
}
