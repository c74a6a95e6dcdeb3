package io.padic.deploy.kubernetes;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one service module reads from its environment, derived from its sources so that a new variable fails the
 * manifest test until a Deployment sets it: the {@code ${PADIC_...}} expressions of application.properties (outside
 * the dev and test profiles), every {@code PADIC_...} named in a string of its main code, and every {@code padic.*}
 * property its code injects with {@code @ConfigProperty} (as its environment name). Also which variables must move a
 * default off the loopback address (a pod is reached on its own address): loopback values in application.properties
 * and loopback {@code @WithDefault}s of {@code @ConfigMapping} interfaces; and where health answers.
 */
record ServiceConfig(String module, Set<String> requiredEnv, Set<String> loopbackEnv, int httpPort, int healthPort,
        String healthRoot) {

    private static final Pattern ENV_EXPRESSION = Pattern.compile("\\$\\{(PADIC_[A-Z0-9_]+)");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    private static final Pattern PADIC_NAME = Pattern.compile("\\bPADIC_[A-Z0-9_]+\\b");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"(padic\\.[^\"]+)\"");
    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern INTERFACE = Pattern.compile("^\\s*(?:public\\s+|static\\s+)*interface\\s+(\\w+)[^{;]*\\{",
            Pattern.MULTILINE);
    private static final Pattern WITH_DEFAULT = Pattern.compile("@WithDefault\\(\"([^\"]*)\"\\)\\s*[\\w<>, ]+?\\s+(\\w+)\\(\\)");
    /** {@code ${name}} or {@code ${name:default}}, the whole value. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^:}]+)(?::([^}]*))?}");

    static ServiceConfig of(Path repoRoot, String module) {
        Path moduleDir = repoRoot.resolve(module);
        Properties prod = prodProperties(moduleDir.resolve("src/main/resources/application.properties"));
        Set<String> required = new TreeSet<>();
        Set<String> loopback = new TreeSet<>();
        for (String key : prod.stringPropertyNames()) {
            String value = prod.getProperty(key);
            Matcher expression = ENV_EXPRESSION.matcher(value);
            while (expression.find()) {
                required.add(expression.group(1));
            }
            String source = loopbackSource(prod, key, 0);
            if (source != null) {
                loopback.add(source);
            }
        }
        try (Stream<Path> files = Files.walk(moduleDir.resolve("src/main/java"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String code = Files.readString(file);
                Matcher literal = STRING_LITERAL.matcher(code);
                while (literal.find()) {
                    Matcher name = PADIC_NAME.matcher(literal.group(1));
                    while (name.find()) {
                        required.add(name.group());
                    }
                }
                Matcher injected = CONFIG_PROPERTY.matcher(code);
                while (injected.find()) {
                    required.add(envName(injected.group(1)));
                }
                loopback.addAll(loopbackMappingDefaults(code));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        required.addAll(loopback);
        int httpPort = Integer.parseInt(prod.getProperty("quarkus.http.port", "8080"));
        boolean management = Boolean.parseBoolean(prod.getProperty("quarkus.management.enabled", "false"));
        boolean healthOnManagement = management
                && Boolean.parseBoolean(prod.getProperty("quarkus.smallrye-health.management.enabled", "true"));
        int healthPort = healthOnManagement ? Integer.parseInt(prod.getProperty("quarkus.management.port", "9000")) : httpPort;
        String healthRoot = "/" + prod.getProperty("quarkus.http.non-application-root-path", "q") + "/"
                + prod.getProperty("quarkus.smallrye-health.root-path", "health");
        return new ServiceConfig(module, required, loopback, httpPort, healthPort, healthRoot);
    }

    /** MicroProfile Config's environment name of a property: {@code padic.api.url} → {@code PADIC_API_URL}. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    static boolean isLoopback(String value) {
        return value.contains("127.0.0.1") || value.contains("localhost") || value.contains("[::1]");
    }

    /**
     * The variable that moves {@code key} off a loopback default, or null when its value is not loopback: the property's
     * own environment name, the variable of a {@code ${VAR:default}} expression, or that of the property it refers to.
     */
    private static String loopbackSource(Properties prod, String key, int depth) {
        String value = prod.getProperty(key);
        if (value == null || depth > 5) {
            return null;
        }
        Matcher reference = REFERENCE.matcher(value.strip());
        if (reference.matches()) {
            String name = reference.group(1);
            if (name.startsWith("PADIC_")) {
                String fallback = reference.group(2);
                return fallback != null && isLoopback(fallback) ? name : null;
            }
            return loopbackSource(prod, name, depth + 1);
        }
        return isLoopback(value) ? envName(key) : null;
    }

    /**
     * The environment names of a {@code @ConfigMapping}'s members whose {@code @WithDefault} is a loopback address:
     * {@code padic.mail.dashboard-url} for {@code dashboardUrl()} in the interface {@code Mail} that {@code mail()} of
     * the root returns. Nested interfaces are found by their braces; a member's name is its method's in kebab case.
     */
    static Set<String> loopbackMappingDefaults(String code) {
        Matcher mapping = MAPPING.matcher(code);
        if (!mapping.find()) {
            return Set.of();
        }
        // Each interface's body, as [open, close) in the code; the root is the first.
        java.util.Map<String, int[]> bodies = new java.util.LinkedHashMap<>();
        Matcher declared = INTERFACE.matcher(code);
        while (declared.find()) {
            int open = declared.end() - 1;
            int depth = 0;
            int close = open;
            for (int at = open; at < code.length(); at++) {
                depth += code.charAt(at) == '{' ? 1 : code.charAt(at) == '}' ? -1 : 0;
                if (depth == 0) {
                    close = at;
                    break;
                }
            }
            bodies.put(declared.group(1), new int[] {open, close});
        }
        Set<String> names = new TreeSet<>();
        Matcher member = WITH_DEFAULT.matcher(code);
        while (member.find()) {
            if (isLoopback(member.group(1))) {
                String path = pathOf(code, bodies, enclosing(bodies, member.start()), mapping.group(1), 0);
                if (path != null) {
                    names.add(envName(path + "." + kebab(member.group(2))));
                }
            }
        }
        return names;
    }

    /** The property path of an interface: its parent's path and the method that returns it there. */
    private static String pathOf(String code, java.util.Map<String, int[]> bodies, String type, String prefix, int depth) {
        String root = bodies.keySet().iterator().next();
        if (type == null || depth > 10) {
            return null;
        }
        if (type.equals(root)) {
            return prefix;
        }
        Matcher getter = Pattern.compile("\\b" + type + "\\s+(\\w+)\\(\\)\\s*;").matcher(code);
        if (!getter.find()) {
            return null;
        }
        String parent = pathOf(code, bodies, enclosing(bodies, getter.start()), prefix, depth + 1);
        return parent == null ? null : parent + "." + kebab(getter.group(1));
    }

    /** The innermost interface whose body holds {@code position}. */
    private static String enclosing(java.util.Map<String, int[]> bodies, int position) {
        String found = null;
        int size = Integer.MAX_VALUE;
        for (java.util.Map.Entry<String, int[]> body : bodies.entrySet()) {
            int[] range = body.getValue();
            if (range[0] < position && position < range[1] && range[1] - range[0] < size) {
                found = body.getKey();
                size = range[1] - range[0];
            }
        }
        return found;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The properties as the prod profile sees them: {@code %prod.} lines override, other profiles' lines are left out. */
    private static Properties prodProperties(Path file) {
        Properties all = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            all.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties prod = new Properties();
        for (String key : all.stringPropertyNames()) {
            if (!key.startsWith("%")) {
                prod.setProperty(key, all.getProperty(key));
            }
        }
        for (String key : all.stringPropertyNames()) {
            if (key.startsWith("%prod.")) {
                prod.setProperty(key.substring("%prod.".length()), all.getProperty(key));
            }
        }
        return prod;
    }
}
