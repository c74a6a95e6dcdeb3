package io.padic.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.api.common.PadicConfig;
import io.padic.sandbox.SandboxLimits;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The table in docs/operations.md, "Configuration", tells operators each {@code padic.*} property's default: it
 * must be the default platform-api runs with (PadicConfig's, or the sandbox library's for {@code padic.sandbox.*}),
 * and every property of PadicConfig outside the groups documented in their own sections is in it. A plain JUnit
 * test: no application is started.
 */
class ConfigDefaultsTest {

    /** {@code | `padic.x.y` | `PADIC_X_Y` | `default` (...) | ... |}: the property and its default's first value. */
    private static final Pattern ROW = Pattern.compile("^\\| `(padic\\.[a-z.-]+)` \\| [^|]* \\| `([^`]*)`",
            Pattern.MULTILINE);
    /** Documented in their own sections' tables (Quotas, Sign-in and sign-up limits), in words. */
    private static final Pattern OWN_SECTION =
            Pattern.compile("padic\\.(quotas|auth\\.limits\\.(login|signup)-[a-z-]+)\\..*");
    private static final Map<String, Function<SandboxLimits, Object>> SANDBOX = Map.of(
            "padic.sandbox.statement-limit", SandboxLimits::statementLimit,
            "padic.sandbox.time-limit", SandboxLimits::timeLimit,
            "padic.sandbox.max-state-bytes", SandboxLimits::maxOutputBytes,
            "padic.sandbox.max-allocated-bytes", SandboxLimits::maxAllocatedBytes,
            "padic.sandbox.parsed-event-chars", SandboxLimits::parsedEventChars);

    @Test
    void theDocumentedDefaultsAreTheOnesPlatformApiRunsWith() throws IOException {
        Map<String, String> documented = documentedDefaults();
        SmallRyeConfig defaults = new SmallRyeConfigBuilder().withMapping(PadicConfig.class).build();

        Map<String, String> running = new TreeMap<>();
        StreamSupport.stream(defaults.getPropertyNames().spliterator(), false)
                .filter(name -> name.startsWith("padic.") && !OWN_SECTION.matcher(name).matches())
                .forEach(name -> running.put(name, defaults.getRawValue(name)));
        SANDBOX.forEach((name, limit) -> running.put(name, String.valueOf(limit.apply(SandboxLimits.defaults()))));
        assertTrue(running.size() > 20, "only " + running.size() + " properties found; is the mapping registered?");

        assertEquals(running, documented, "docs/operations.md, \"Configuration\", against the defaults in code");
    }

    private static Map<String, String> documentedDefaults() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docs/operations.md"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "no docs/operations.md above " + Path.of("").toAbsolutePath());
        String text = Files.readString(dir.resolve("docs/operations.md"), StandardCharsets.UTF_8);
        int start = text.indexOf("\n## Configuration\n");
        assertTrue(start >= 0, "docs/operations.md has no \"Configuration\" section");
        // platform-api's table comes before the section's first subsection (the dashboard's has its own).
        text = text.substring(start, text.indexOf("\n### ", start));
        Map<String, String> documented = new TreeMap<>();
        Matcher row = ROW.matcher(text);
        while (row.find()) {
            documented.put(row.group(1), row.group(2));
        }
        return documented;
    }
}
