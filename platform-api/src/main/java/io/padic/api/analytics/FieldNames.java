package io.padic.api.analytics;

import org.bson.Document;

/**
 * Event and object type names as MongoDB field names: a field name may hold no '.' and not start with '$', and
 * type names hold dots ({@code order.placed}). '%', '.' and '$' are written as {@code %25}, {@code %2E}, {@code %24}.
 */
final class FieldNames {

    private FieldNames() {
    }

    static String escape(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            switch (c) {
                case '%' -> out.append("%25");
                case '.' -> out.append("%2E");
                case '$' -> out.append("%24");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String unescape(String field) {
        if (field.indexOf('%') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '%' && i + 2 < field.length()) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Puts {@code value} at a dotted path of escaped names into {@code doc}, making the documents on the way: what
     * {@code $inc} of that path does to a document that does not exist yet, for the insert that creates it.
     */
    static void putPath(Document doc, String path, Object value) {
        String[] parts = path.split("\\.");
        Document parent = doc;
        for (int i = 0; i < parts.length - 1; i++) {
            Document child = parent.get(parts[i], Document.class);
            if (child == null) {
                child = new Document();
                parent.append(parts[i], child);
            }
            parent = child;
        }
        parent.append(parts[parts.length - 1], value);
    }

    /** The value at a dotted path of escaped names (see {@link #putPath}), or null. */
    static <T> T getPath(Document doc, String path, Class<T> type) {
        Object at = doc;
        for (String part : path.split("\\.")) {
            if (!(at instanceof Document parent)) {
                return null;
            }
            at = parent.get(part);
        }
        return type.isInstance(at) ? type.cast(at) : null;
    }
}
