package io.padic.api.clients;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Names in generated source from the names users give: event types ({@code order.placed}, {@code PhotoCreate}) and
 * fields ({@code image_url}, {@code size-px}) become camelCase or PascalCase identifiers; a name that is a reserved
 * word, or that another name already turned into, gets a suffix, so every name stays legal and distinct.
 */
final class Identifiers {

    private final Set<String> reserved;
    private final Set<String> taken = new HashSet<>();

    /** Names that must not be produced (a language's keywords, members the generated class has already). */
    Identifiers(Set<String> reserved) {
        this.reserved = reserved;
    }

    /** {@code order.placed} → {@code orderPlaced}; distinct from every name this instance gave before. */
    String camel(String name) {
        String pascal = words(name);
        return unique(Character.toLowerCase(pascal.charAt(0)) + pascal.substring(1));
    }

    /** {@code order.placed} → {@code OrderPlaced}; distinct from every name this instance gave before. */
    String pascal(String name) {
        return unique(words(name));
    }

    private String unique(String candidate) {
        String base = reserved.contains(candidate) ? candidate + "_" : candidate;
        String chosen = base;
        for (int n = 2; reserved.contains(chosen) || taken.contains(chosen.toLowerCase(Locale.ROOT)); n++) {
            chosen = base + n;
        }
        taken.add(chosen.toLowerCase(Locale.ROOT));
        return chosen;
    }

    /** The words of a name (split at anything not a letter or digit, and at lower-to-upper steps), joined in Pascal case. */
    static String words(String name) {
        StringBuilder out = new StringBuilder();
        boolean upperNext = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!Character.isLetterOrDigit(c) || c > 127) {
                upperNext = true;
                continue;
            }
            out.append(upperNext ? Character.toUpperCase(c) : c);
            upperNext = false;
        }
        if (out.isEmpty() || Character.isDigit(out.charAt(0))) {
            out.insert(0, "E");
        }
        return out.toString();
    }
}
