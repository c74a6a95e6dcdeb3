package io.padic.api.clients;

import io.padic.api.eventtypes.EventTypeVersion;
import io.padic.api.schemas.FieldSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A project's event types as one Java source file, {@code PadicEvents.java}: a builder per type whose required
 * fields are the parameters of the method that starts it (so leaving one out does not compile), optional fields as
 * setters (null deletes the member in a merge), nested objects as nested builders, and {@code send} that posts the
 * event through the project's API key with an Idempotency-Key. Java 17 and the JDK only.
 */
final class JavaSource {

    static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case", "catch",
            "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
            "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
            "native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile",
            "while", "true", "false", "null", "var", "yield", "record", "sealed", "permits", "non-sealed", "_");
    /** Class names the file uses from java.lang and its imports, and its own. */
    private static final Set<String> CLASS_NAMES = Set.of("String", "Object", "Long", "Double", "Boolean",
            "Integer", "Number", "Math", "System", "Thread", "Override", "Deprecated", "Iterable", "Character",
            "StringBuilder", "Exception", "RuntimeException", "IOException", "InterruptedException", "List", "Map",
            "Collection", "LinkedHashMap", "Objects", "UUID", "Instant", "Duration", "URI", "HttpClient",
            "HttpRequest", "HttpResponse", "Matcher", "Pattern", "Class", "Record", "Enum", "PadicEvents", "Value", "Event", "Sent",
            "PadicException", "E");
    /** Members of the builders' base classes, which a field's setter must not hide. */
    private static final Set<String> MEMBERS = Set.of("send", "idempotencyKey", "occurredAt", "put", "members",
            "pause", "json", "prepend", "id", "status", "problem",
            "getClass", "hashCode", "equals", "toString", "notify", "notifyAll", "wait", "clone", "finalize");

    private JavaSource() {
    }

    static String render(ClientHeader header, String packageName, List<EventTypeVersion> types) {
        StringBuilder out = new StringBuilder();
        out.append("package ").append(packageName).append(";\n\n").append(IMPORTS);
        out.append("/**\n").append(header.comment(" * ")).append(" */\n");
        out.append("public final class PadicEvents {\n\n");
        out.append("    /** The version of each event type this class was made from. */\n");
        out.append("    public static final Map<String, Integer> SCHEMA_VERSIONS = Map.ofEntries(");
        for (int i = 0; i < types.size(); i++) {
            out.append(i == 0 ? "\n" : ",\n").append("            Map.entry(").append(Sources.quote(types.get(i).name))
                    .append(", ").append(types.get(i).version).append(")");
        }
        out.append(");\n");
        out.append(CLIENT);
        Set<String> reserved = new HashSet<>(KEYWORDS);
        reserved.addAll(CLASS_NAMES);
        reserved.addAll(MEMBERS);
        Identifiers classes = new Identifiers(reserved);
        Identifiers starters = new Identifiers(reserved);
        for (EventTypeVersion type : types) {
            String className = classes.pascal(type.name);
            List<FieldSpec> fields = type.fields == null ? List.of() : type.fields;
            Builder builder = new Builder(className, fields, reserved);
            String about = Sources.about(type);
            out.append("\n    /**\n     * Starts ").append(about).append("; its required fields are the parameters.\n")
                    .append(builder.paramDocs("     ")).append("     */\n");
            out.append("    public ").append(className).append(" ").append(starters.camel(type.name)).append("(")
                    .append(builder.parameters()).append(") {\n        return new ").append(className)
                    .append("(this").append(builder.arguments().isEmpty() ? "" : ", " + builder.arguments())
                    .append(");\n    }\n");
            out.append("\n    /** The metaData of ").append(about).append(". */\n");
            out.append("    public static final class ").append(className).append(" extends Event<").append(className)
                    .append("> {\n\n");
            out.append("        private ").append(className).append("(PadicEvents client")
                    .append(builder.parameters().isEmpty() ? "" : ", " + builder.parameters()).append(") {\n")
                    .append("            super(client, ").append(Sources.quote(type.name)).append(");\n")
                    .append(builder.requiredPuts("            ")).append("        }\n");
            out.append(builder.body("        "));
            out.append("    }\n");
        }
        out.append("}\n");
        return out.toString();
    }

    /** The members of one builder (an event's metaData or a nested object): parameters, setters, nested classes. */
    private static final class Builder {

        private final String className;
        private final List<FieldSpec> fields;
        private final Set<String> reserved;
        private final Identifiers names;
        private final Identifiers nestedNames;
        private final List<String> javaNames = new ArrayList<>();
        private final List<String> javaTypes = new ArrayList<>();
        private final StringBuilder nested = new StringBuilder();

        Builder(String className, List<FieldSpec> fields, Set<String> reserved) {
            this.className = className;
            this.fields = fields;
            this.reserved = reserved;
            this.names = new Identifiers(reserved);
            Set<String> outer = new HashSet<>(reserved);
            outer.add(className);
            this.nestedNames = new Identifiers(outer);
            for (FieldSpec field : fields) {
                javaNames.add(names.camel(field.name));
                javaTypes.add(type(field, field.mandatory(), field.name));
            }
        }

        /** The Java type of a field; objects become nested classes of this builder. */
        private String type(FieldSpec field, boolean required, String nameForClass) {
            String kind = field.type == null ? "any" : field.type;
            return switch (kind) {
                case "string" -> "String";
                case "integer" -> required ? "long" : "Long";
                case "number" -> required ? "double" : "Double";
                case "boolean" -> required ? "boolean" : "Boolean";
                case "timestamp" -> "Instant";
                case "object" -> field.fields == null || field.fields.isEmpty() ? "Map<String, ?>"
                        : nestedClass(nameForClass, field.fields);
                case "array" -> field.items == null ? "List<?>"
                        : "List<" + type(field.items, false, nameForClass + "Item") + ">";
                default -> "Object";
            };
        }

        private String nestedClass(String fieldName, List<FieldSpec> fields) {
            String name = nestedNames.pascal(fieldName);
            Builder inner = new Builder(name, fields, reserved);
            nested.append("\n").append("/** A value of the field ").append(Sources.docText(fieldName))
                    .append(" of ").append(className).append(". */\n")
                    .append("public static final class ").append(name).append(" extends Value {\n\n")
                    .append("    /**\n     * A value with its required fields.\n").append(inner.paramDocs("     "))
                    .append("     */\n")
                    .append("    public ").append(name).append("(").append(inner.parameters()).append(") {\n")
                    .append(inner.requiredPuts("        ")).append("    }\n")
                    .append(inner.setters(name, "    "))
                    .append(indent(inner.nested.toString(), "    "))
                    .append("}\n");
            return className + "." + name;
        }

        String parameters() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).mandatory()) {
                    out.add(javaTypes.get(i) + " " + javaNames.get(i));
                }
            }
            return String.join(", ", out);
        }

        /** A Javadoc {@code @param} line per required field: its description, or its JSON name. */
        String paramDocs(String indent) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < fields.size(); i++) {
                FieldSpec field = fields.get(i);
                if (field.mandatory()) {
                    out.append(indent).append("* @param ").append(javaNames.get(i)).append(" ")
                            .append(field.description == null || field.description.isBlank()
                                    ? Sources.docText(field.name) : Sources.docText(field.description)).append("\n");
                }
            }
            return out.toString();
        }

        String arguments() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).mandatory()) {
                    out.add(javaNames.get(i));
                }
            }
            return String.join(", ", out);
        }

        String requiredPuts(String indent) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).mandatory()) {
                    boolean primitive = Character.isLowerCase(javaTypes.get(i).charAt(0));
                    String value = primitive ? javaNames.get(i)
                            : "Objects.requireNonNull(" + javaNames.get(i) + ", " + Sources.quote(fields.get(i).name) + ")";
                    out.append(indent).append("put(").append(Sources.quote(fields.get(i).name)).append(", ")
                            .append(value).append(");\n");
                }
            }
            return out.toString();
        }

        /** Setters of the optional fields, then the nested classes. */
        String body(String indent) {
            return setters(className, indent) + indent(nested.toString(), indent);
        }

        String setters(String self, String indent) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < fields.size(); i++) {
                FieldSpec field = fields.get(i);
                if (field.mandatory()) {
                    continue;
                }
                out.append("\n").append(indent).append("/** ");
                out.append(field.description == null || field.description.isBlank() ? "Sets " + Sources.docText(field.name)
                        : Sources.docText(field.description)).append(" (optional; null deletes it in a merge). */\n");
                out.append(indent).append("public ").append(self).append(" ").append(javaNames.get(i)).append("(")
                        .append(javaTypes.get(i)).append(" ").append(javaNames.get(i)).append(") {\n")
                        .append(indent).append("    put(").append(Sources.quote(field.name)).append(", ")
                        .append(javaNames.get(i)).append(");\n")
                        .append(indent).append("    return this;\n").append(indent).append("}\n");
            }
            return out.toString();
        }

        private static String indent(String text, String indent) {
            if (text.isEmpty()) {
                return text;
            }
            StringBuilder out = new StringBuilder();
            for (String line : text.split("\n", -1)) {
                out.append(line.isEmpty() ? "" : indent + line).append("\n");
            }
            return out.substring(0, out.length() - 1);
        }
    }

    private static final String IMPORTS = """
            import java.io.IOException;
            import java.net.URI;
            import java.net.http.HttpClient;
            import java.net.http.HttpRequest;
            import java.net.http.HttpResponse;
            import java.time.Duration;
            import java.time.Instant;
            import java.util.Collection;
            import java.util.LinkedHashMap;
            import java.util.List;
            import java.util.Map;
            import java.util.Objects;
            import java.util.UUID;
            import java.util.regex.Matcher;
            import java.util.regex.Pattern;

            """;

    private static final String CLIENT = """

                private final HttpClient http = HttpClient.newHttpClient();
                private final URI events;
                private final String apiKey;
                private final int attempts;

                /** A client for PAdic at {@code baseUrl} (without /v1) with an API key of this project (events:write). */
                public PadicEvents(String baseUrl, String apiKey) {
                    this(baseUrl, apiKey, 3);
                }

                /** As above; {@code attempts} per event when the network fails or PAdic answers 429 or 503. */
                public PadicEvents(String baseUrl, String apiKey, int attempts) {
                    this.events = URI.create(baseUrl.replaceAll("/+$", "") + "/v1/events");
                    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
                    this.attempts = Math.max(1, attempts);
                }

                /** PAdic's answer to a stored event: the status and the JSON (id, type, createdAt, pins). */
                public record Sent(int status, String json) {

                    private static final Pattern ID = Pattern.compile("^\\\\{\\\\s*\\"id\\"\\\\s*:\\\\s*\\"([^\\"]*)\\"");

                    /** The event's id. */
                    public String id() {
                        Matcher m = ID.matcher(json);
                        return m.find() ? m.group(1) : null;
                    }
                }

                /** A refusal: the status and the application/problem+json body, which names the field. */
                public static final class PadicException extends RuntimeException {

                    private static final long serialVersionUID = 1L;
                    private final int status;
                    private final String problem;

                    PadicException(int status, String problem) {
                        super("PAdic answered " + status + ": " + problem);
                        this.status = status;
                        this.problem = problem;
                    }

                    public int status() {
                        return status;
                    }

                    public String problem() {
                        return problem;
                    }
                }

                /** An object of fields, written as JSON. */
                public abstract static class Value {

                    private final Map<String, Object> members = new LinkedHashMap<>();

                    protected final void put(String name, Object value) {
                        members.put(name, value);
                    }

                    final Map<String, Object> members() {
                        return members;
                    }
                }

                /** An event about to be sent: its metaData, and how it is sent. */
                public abstract static class Event<E extends Event<E>> extends Value {

                    private final PadicEvents client;
                    private final String type;
                    private String idempotencyKey;
                    private Instant occurredAt;

                    Event(PadicEvents client, String type) {
                        this.client = client;
                        this.type = type;
                    }

                    /** Sending again with the same key stores the event once; a random one is made when absent. */
                    @SuppressWarnings("unchecked")
                    public E idempotencyKey(String key) {
                        this.idempotencyKey = key;
                        return (E) this;
                    }

                    /** When it happened, by your clock (analytics use it; folds do not). */
                    @SuppressWarnings("unchecked")
                    public E occurredAt(Instant at) {
                        this.occurredAt = at;
                        return (E) this;
                    }

                    /** Sends the event about these objects; retries with the same Idempotency-Key, so it is stored once. */
                    public Sent send(String concerns, String... more) throws IOException, InterruptedException {
                        Object ids = more.length == 0 ? concerns : prepend(concerns, more);
                        String key = idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString();
                        return client.send(type, ids, this, key, occurredAt);
                    }

                    private static List<String> prepend(String first, String[] more) {
                        List<String> all = new java.util.ArrayList<>(List.of(more));
                        all.add(0, first);
                        return all;
                    }
                }

                private Sent send(String type, Object concerns, Value metaData, String key, Instant occurredAt)
                        throws IOException, InterruptedException {
                    StringBuilder body = new StringBuilder("{\\"type\\":");
                    json(type, body);
                    body.append(",\\"concerns\\":");
                    json(concerns, body);
                    body.append(",\\"metaData\\":");
                    json(metaData, body);
                    if (occurredAt != null) {
                        body.append(",\\"occurredAt\\":");
                        json(occurredAt, body);
                    }
                    body.append('}');
                    HttpRequest request = HttpRequest.newBuilder(events).timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                            .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                            .build();
                    for (int attempt = 1; ; attempt++) {
                        HttpResponse<String> answer;
                        try {
                            answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                        } catch (IOException failure) {
                            if (attempt >= attempts) {
                                throw failure;
                            }
                            pause(attempt, null);
                            continue;
                        }
                        int status = answer.statusCode();
                        if (status / 100 == 2) {
                            return new Sent(status, answer.body());
                        }
                        if ((status == 429 || status == 503) && attempt < attempts) {
                            pause(attempt, answer.headers().firstValue("Retry-After").orElse(null));
                            continue;
                        }
                        throw new PadicException(status, answer.body());
                    }
                }

                private static void pause(int attempt, String retryAfter) throws InterruptedException {
                    long seconds = retryAfter != null && retryAfter.matches("\\\\d{1,9}")
                            ? Math.min(Long.parseLong(retryAfter), 30) : attempt;
                    Thread.sleep(seconds * 1000);
                }

                private static void json(Object value, StringBuilder out) {
                    if (value == null) {
                        out.append("null");
                    } else if (value instanceof String text) {
                        out.append('"');
                        for (int i = 0; i < text.length(); i++) {
                            char c = text.charAt(i);
                            if (c == '"' || c == '\\\\') {
                                out.append('\\\\').append(c);
                            } else if (c < 0x20) {
                                out.append(String.format("\\\\u%04x", (int) c));
                            } else {
                                out.append(c);
                            }
                        }
                        out.append('"');
                    } else if (value instanceof Double d && !Double.isFinite(d)) {
                        throw new IllegalArgumentException("JSON has no " + d);
                    } else if (value instanceof Number || value instanceof Boolean) {
                        out.append(value);
                    } else if (value instanceof Instant instant) {
                        json(instant.toString(), out);
                    } else if (value instanceof Value object) {
                        json(object.members(), out);
                    } else if (value instanceof Map<?, ?> map) {
                        out.append('{');
                        boolean first = true;
                        for (Map.Entry<?, ?> member : map.entrySet()) {
                            out.append(first ? "" : ",");
                            first = false;
                            json(String.valueOf(member.getKey()), out);
                            out.append(':');
                            json(member.getValue(), out);
                        }
                        out.append('}');
                    } else if (value instanceof Collection<?> items) {
                        out.append('[');
                        boolean first = true;
                        for (Object item : items) {
                            out.append(first ? "" : ",");
                            first = false;
                            json(item, out);
                        }
                        out.append(']');
                    } else {
                        throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
                    }
                }
            """;
}
