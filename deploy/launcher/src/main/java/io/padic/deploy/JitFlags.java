package io.padic.deploy;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Extra JVM arguments for the platform-api child process, so reducers run on the Graal compiler instead of
 * the interpreter (about 5× faster folds, see FACTS.md). Stock JDK 25 builds carry JVMCI but not the
 * compiler: the build copies the compiler jars into {@code target/jit} next to the launcher jar, and they go
 * on {@code --upgrade-module-path}. When this JVM cannot use them, the API gets no extra flags and one line
 * says that reducers will be interpreted, and why. Public for the bench module, whose fold benchmark starts its JIT
 * child with the same flags.
 */
public final class JitFlags {

    /** The compiler jars, by artifact id; the build copies them as {@code <artifact>-<version>.jar}. */
    static final List<String> JARS = List.of("compiler", "truffle-compiler", "word", "collections");
    /** The Graal compiler 25.0.x is built against JVMCI of JDK 25 and runs on no other feature release. */
    static final int JDK_FEATURE = 25;
    /** Overrides where the jars are looked for (default: {@code jit} beside the launcher jar). */
    static final String DIR_PROPERTY = "padic.jit.dir";

    private static final long PROBE_TIMEOUT_SECONDS = 60;
    /** "java.lang.InternalError: message" → "message". */
    private static final Pattern THROWN = Pattern.compile("[\\w.$]+(?:Error|Exception): (.+)");

    private JitFlags() {
    }

    /** Flags for the API, or none when the JIT cannot be had. */
    public record Outcome(List<String> flags, String whyNot) {

        static Outcome enabled(List<String> flags) {
            return new Outcome(List.copyOf(flags), null);
        }

        static Outcome interpreted(String why) {
            return new Outcome(List.of(), why);
        }

        public boolean jit() {
            return !flags.isEmpty();
        }

        /** The line the launcher prints when reducers will be interpreted. */
        public String notice() {
            return "padic: JavaScript reducers will be interpreted, about 5x slower than with the Graal JIT: " + whyNot;
        }
    }

    /**
     * The arguments to put before {@code -jar}: the compiler jars on the upgrade module path with JVMCI on,
     * once this JDK has started with them; otherwise none, after printing why.
     */
    static List<String> forApi() {
        if (System.getProperty("java.vm.version", "").contains("jvmci")) {
            return List.of(); // A GraalVM JDK: it compiles guest code with its own Graal already.
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Outcome outcome = probe(java, candidate(Runtime.version(), jitDir()));
        if (!outcome.jit()) {
            System.err.println(outcome.notice());
        }
        return outcome.flags();
    }

    /** What this JDK version and the jars in {@code dir} allow, before any JVM has tried them. */
    public static Outcome candidate(Runtime.Version jdk, Path dir) {
        if (jdk.feature() != JDK_FEATURE) {
            return Outcome.interpreted("the bundled Graal compiler needs JDK " + JDK_FEATURE + " and this is JDK "
                    + jdk + " (" + System.getProperty("java.home") + "). Set JAVA_HOME to a JDK " + JDK_FEATURE
                    + " (for example Temurin " + JDK_FEATURE + ") to enable it.");
        }
        List<String> jars = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String artifact : JARS) {
            List<Path> found = find(dir, artifact);
            if (found.size() == 1) {
                jars.add(found.get(0).toAbsolutePath().toString());
            } else {
                missing.add(artifact + "-<version>.jar" + (found.isEmpty() ? "" : " (found " + found.size() + ")"));
            }
        }
        if (!missing.isEmpty()) {
            return Outcome.interpreted("the Graal compiler jars are not in " + dir.toAbsolutePath() + " (missing or "
                    + "ambiguous: " + String.join(", ", missing) + "). Rebuild with ./mvnw -B -DskipTests install.");
        }
        return Outcome.enabled(List.of(
                "-XX:+UnlockExperimentalVMOptions",
                "-XX:+EnableJVMCI",
                "--upgrade-module-path=" + String.join(File.pathSeparator, jars),
                // The compiler and Truffle use native access and Unsafe; JDK 24+ warns about both otherwise.
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow"));
    }

    /**
     * Starts {@code java} with the flags and Graal as its own compiler, initialised eagerly: that runs the
     * compiler's JVMCI version check, which refuses e.g. compiler 25.0.4 on JDK 25.0.3 (a plain
     * {@code -version} would pass and the API would fail later). About one second.
     */
    public static Outcome probe(Path java, Outcome candidate) {
        if (!candidate.jit()) {
            return candidate;
        }
        Path errorFile = null;
        Path output = null;
        try {
            errorFile = Files.createTempFile("padic-jit-probe-", ".hs_err");
            output = Files.createTempFile("padic-jit-probe-", ".out");
            List<String> command = new ArrayList<>();
            command.add(java.toString());
            command.addAll(candidate.flags());
            command.addAll(List.of("-XX:+UseJVMCICompiler", "-XX:+EagerJVMCI", "-XX:ErrorFile=" + errorFile,
                    "-XX:-CreateCoredumpOnCrash", "-version"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                return Outcome.interpreted("a test start of " + java + " with the Graal compiler did not finish within "
                        + PROBE_TIMEOUT_SECONDS + " s.");
            }
            if (process.exitValue() != 0) {
                return Outcome.interpreted("JDK " + Runtime.version() + " (" + java + ") refused the bundled Graal "
                        + "compiler: " + firstError(Files.readString(output, StandardCharsets.UTF_8)));
            }
            return candidate;
        } catch (IOException e) {
            return Outcome.interpreted("cannot test-start " + java + " with the Graal compiler: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.interpreted("interrupted while test-starting " + java + " with the Graal compiler.");
        } finally {
            deleteQuietly(errorFile);
            deleteQuietly(output);
        }
    }

    /** What went wrong, from a failed JVM start's output: the first exception's message, else its first line. */
    static String firstError(String output) {
        List<String> lines = output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        for (String line : lines) {
            Matcher thrown = THROWN.matcher(line);
            if (thrown.matches()) {
                return thrown.group(1);
            }
        }
        return lines.stream().filter(line -> line.contains("Error")).findFirst()
                .orElse(lines.isEmpty() ? "it exited with an error and no output." : lines.get(0));
    }

    /** {@code -Dpadic.jit.dir}, else {@code jit} beside the launcher jar (or beside target/classes). */
    static Path jitDir() {
        String property = System.getProperty(DIR_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        return besideCodeOf(JitFlags.class);
    }

    /**
     * {@code jit} in the directory that holds {@code anchor}'s jar (or its target/classes), where a module's build
     * copies the compiler jars; {@code jit} under the working directory when the class has no file location.
     */
    public static Path besideCodeOf(Class<?> anchor) {
        CodeSource source = anchor.getProtectionDomain().getCodeSource();
        if (source != null) {
            try {
                Path code = Path.of(source.getLocation().toURI()).toAbsolutePath();
                if (code.getParent() != null) {
                    return code.getParent().resolve("jit");
                }
            } catch (URISyntaxException | IllegalArgumentException e) {
                // Not a file location: fall through to the working directory.
            }
        }
        return Path.of("jit").toAbsolutePath();
    }

    private static List<Path> find(Path dir, String artifact) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        // "compiler-25.0.3.jar" but not "truffle-compiler-25.0.3.jar": the version starts with a digit.
        String pattern = Pattern.quote(artifact) + "-\\d[^/]*\\.jar";
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().matches(pattern) && Files.isRegularFile(file))
                    .sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A leftover temp file is harmless.
            }
        }
    }
}
