package io.padic.api.clients;

import io.padic.api.eventtypes.EventTypeVersion;

/** Literals and comments in generated source, from text users typed. */
final class Sources {

    private Sources() {
    }

    /** A double-quoted string literal, valid in both TypeScript and Java. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** {@code order.placed (object type order), version 3}: what a doc comment says an event type is. */
    static String about(EventTypeVersion type) {
        return docText(type.name) + (type.objectType == null ? "" : " (object type " + docText(type.objectType) + ")")
                + ", version " + type.version;
    }

    /**
     * Text for inside a block comment, on one line: a description cannot end the comment ({@code *}{@code /}), start
     * an HTML tag or entity in Javadoc, or (in Java) smuggle a {@code \}{@code u} escape past the compiler.
     */
    static String docText(String text) {
        return text.replaceAll("\\s+", " ").trim()
                .replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("@", "&#64;")
                .replace("\\", "&#92;").replace("*/", "*&#47;");
    }
}
