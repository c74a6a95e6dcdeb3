package io.padic.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the API gets the Graal compiler flags: JDK 25 and the four jars, and a JVM that accepts them. */
class JitFlagsTest {

    private static final Runtime.Version JDK_25 = Runtime.Version.parse("25.0.3+9");

    @TempDir
    Path dir;

    private void jars(String... artifacts) throws IOException {
        for (String artifact : artifacts) {
            Files.writeString(dir.resolve(artifact + "-25.0.3.jar"), "");
        }
    }

    @Test
    void flagsWhenTheJdkIs25AndTheJarsArePresent() throws IOException {
        jars("compiler", "truffle-compiler", "word", "collections");
        JitFlags.Outcome outcome = JitFlags.candidate(JDK_25, dir);

        assertTrue(outcome.jit(), outcome::notice);
        List<String> flags = outcome.flags();
        assertTrue(flags.contains("-XX:+UnlockExperimentalVMOptions"), flags::toString);
        assertTrue(flags.contains("-XX:+EnableJVMCI"), flags::toString);
        String modulePath = flags.stream().filter(flag -> flag.startsWith("--upgrade-module-path=")).findFirst()
                .orElseThrow().substring("--upgrade-module-path=".length());
        List<String> names = List.of(modulePath.split(File.pathSeparator)).stream()
                .map(path -> Path.of(path).getFileName().toString()).sorted().toList();
        assertEquals(List.of("collections-25.0.3.jar", "compiler-25.0.3.jar", "truffle-compiler-25.0.3.jar",
                "word-25.0.3.jar"), names);
    }

    @Test
    void noFlagsOnAnotherJdk() throws IOException {
        jars("compiler", "truffle-compiler", "word", "collections");
        JitFlags.Outcome outcome = JitFlags.candidate(Runtime.Version.parse("21.0.5"), dir);

        assertFalse(outcome.jit());
        assertTrue(outcome.notice().contains("interpreted"), outcome.notice());
        assertTrue(outcome.notice().contains("needs JDK 25 and this is JDK 21.0.5"), outcome.notice());
    }

    @Test
    void noFlagsWhenAJarIsMissing() throws IOException {
        // truffle-compiler-*.jar must not pass for compiler-*.jar.
        jars("truffle-compiler", "word", "collections");
        JitFlags.Outcome outcome = JitFlags.candidate(JDK_25, dir);

        assertFalse(outcome.jit());
        assertTrue(outcome.notice().contains("compiler-<version>.jar"), outcome.notice());
        assertFalse(outcome.notice().contains("word"), outcome.notice());
    }

    @Test
    void noFlagsWhenTheDirectoryDoesNotExist() {
        JitFlags.Outcome outcome = JitFlags.candidate(JDK_25, dir.resolve("absent"));

        assertFalse(outcome.jit());
        assertTrue(outcome.notice().contains(dir.resolve("absent").toString()), outcome.notice());
    }

    @Test
    void noFlagsWhenTheJvmRefusesTheJars() throws IOException {
        // Empty files named like the jars: a real JVM started with them fails, as it would with a compiler
        // built for another JDK, and the probe turns that into "interpreted" with the JVM's reason.
        jars("compiler", "truffle-compiler", "word", "collections");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        JitFlags.Outcome outcome = JitFlags.probe(java, JitFlags.candidate(JDK_25, dir));

        assertFalse(outcome.jit());
        assertTrue(outcome.notice().contains("refused the bundled Graal compiler"), outcome.notice());
    }

    @Test
    void theReasonIsTheJvmsErrorLine() {
        String output = """
                Uncaught exception exiting HotSpot JVMCIEnv scope entered at src/hotspot/share/jvmci/jvmci.cpp:166
                java.lang.InternalError: The VM does not support the minimum JVMCI API version required by Graal: 25.0.3+9 < 25.0.4+7-jvmci-b01.
                Set the JVMCI_VERSION_CHECK environment variable to "ignore" to suppress this error.
                """;
        assertEquals("The VM does not support the minimum JVMCI API version required by Graal: 25.0.3+9 < "
                + "25.0.4+7-jvmci-b01.", JitFlags.firstError(output));
    }
}
