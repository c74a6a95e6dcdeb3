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
 * default off the loopback address (a pod is reached on its own address), and where health answers.
 */
record ServiceConfig(String module, Set<String> requiredEnv, Set<String> loopbackEnv, int httpPort, int healthPort,
        String healthRoot) {

    private static final Pattern ENV_EXPRESSION = Pattern.compile("\\$\\{(PADIC_[A-Z0-9_]+)");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    private static final Pattern PADIC_NAME = Pattern.compile("\\bPADIC_[A-Z0-9_]+\\b");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"(padic\\.[^\"]+)\"");
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
