package io.padic.api.journal;

import java.util.regex.Pattern;

/** The shape of a client-chosen object id and of an object type (docs/design.md#model). */
public final class ObjectIds {

    public static final String RULE = "must be 1 to 128 characters of A-Z a-z 0-9 . _ : -, and not . or ..";
    public static final String TYPE_RULE = "must start with a letter and hold only letters, digits and _ . : -"
            + " (at most 128)";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]{0,127}");

    private ObjectIds() {
    }

    public static boolean isValid(String id) {
        // "." and ".." would name the path segment above in a URL (/v1/objects/..), so no route could read them.
        return id != null && ID.matcher(id).matches() && !id.equals(".") && !id.equals("..");
    }

    public static boolean isValidType(String type) {
        return type != null && TYPE.matcher(type).matches();
    }
}
