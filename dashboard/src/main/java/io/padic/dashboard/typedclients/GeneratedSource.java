package io.padic.dashboard.typedclients;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a client platform-api generated offers, read from the source itself rather than guessed here: the first
 * event type's method (named as the generator names it, with the suffix it adds to a keyword) and the versions
 * the file was made from.
 */
final class GeneratedSource {

    /** An event type's method: {@code order.placed} → {@code orderPlaced}, and (Java) its required parameters. */
    record Method(String typeName, String objectType, String name, List<String> parameters) {
    }

    /** An event type at the version a client was made from. */
    public record TypeVersion(String name, int version) {

        @Override
        public String toString() {
            return name + " v" + version;
        }
    }

    private static final Pattern TYPESCRIPT_METHOD = Pattern.compile(
            "/\\*\\* Sends (.+?)(?: \\(object type (.+?)\\))?, version \\d+, about the objects in concerns\\. \\*/\\n"
                    + " {2}([A-Za-z_$][\\w$]*)\\(concerns: ");
    private static final Pattern JAVA_METHOD = Pattern.compile(
            "\\* Starts (.+?)(?: \\(object type (.+?)\\))?, version \\d+; its required fields are the parameters\\.\\n"
                    + "(?: {5}\\*[^\\n]*\\n)*? {5}\\*/\\n {4}public [\\w.]+ (\\w+)\\(([^)]*)\\) \\{");
    private static final Pattern VERSION = Pattern.compile("(.+) v(\\d+)");

    private GeneratedSource() {
    }

    /** The method of the first event type in {@code source}, if the project has one. */
    static Optional<Method> firstMethod(Language language, String source) {
        Matcher m = (language.isJava() ? JAVA_METHOD : TYPESCRIPT_METHOD).matcher(source);
        if (!m.find()) {
            return Optional.empty();
        }
        List<String> parameters = language.isJava() ? parameterNames(m.group(4)) : List.of();
        return Optional.of(new Method(m.group(1), m.group(2), m.group(3), parameters));
    }

    /** {@code PAdic-Event-Type-Versions} as a list ({@code none yet}: empty). */
    static List<TypeVersion> versions(String header) {
        if (header == null || header.isBlank() || header.equals("none yet")) {
            return List.of();
        }
        return Arrays.stream(header.split(", ")).map(VERSION::matcher).filter(Matcher::matches)
                .map(m -> new TypeVersion(m.group(1), Integer.parseInt(m.group(2)))).toList();
    }

    /** The names in a Java parameter list; commas inside type arguments ({@code Map<String, ?>}) do not split. */
    private static List<String> parameterNames(String parameters) {
        List<String> names = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= parameters.length(); i++) {
            char c = i < parameters.length() ? parameters.charAt(i) : ',';
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                String parameter = parameters.substring(start, i).trim();
                if (!parameter.isEmpty()) {
                    names.add(parameter.substring(parameter.lastIndexOf(' ') + 1));
                }
                start = i + 1;
            }
        }
        return names;
    }
}
