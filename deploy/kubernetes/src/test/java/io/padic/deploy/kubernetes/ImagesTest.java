package io.padic.deploy.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.padic.deploy.JitFlags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The images' Dockerfiles (deploy/kubernetes/images): the Quarkus fast-jar layout on a pinned Temurin JRE, run as the
 * non-root user the pods expect, under the image name and tag the Deployments use; platform-api's with the launcher's
 * Graal JIT flags, checked against {@link JitFlags} itself.
 */
class ImagesTest {

    private static final Path IMAGES = KubernetesManifestsTest.KUBERNETES.resolve("images");
    /** eclipse-temurin:25.0.3_9-jre-noble → 25.0.3, 9. */
    private static final Pattern TEMURIN = Pattern.compile("eclipse-temurin:(\\d+(?:\\.\\d+)*)_(\\d+)-jre(?:-[a-z]+)?");
    private static final Pattern BUILD_TAG = Pattern.compile("docker build .* -t (\\S+) \\.");

    /** One Dockerfile's instructions, continuation lines joined, comments kept apart. */
    record Dockerfile(List<String> comments, List<String[]> instructions) {

        static Dockerfile read(Path file) throws IOException {
            List<String> comments = new ArrayList<>();
            List<String[]> instructions = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : Files.readAllLines(file)) {
                String stripped = line.strip();
                if (stripped.startsWith("#")) {
                    comments.add(stripped);
                    continue;
                }
                if (stripped.endsWith("\\")) {
                    current.append(stripped, 0, stripped.length() - 1).append(' ');
                    continue;
                }
                current.append(stripped);
                String instruction = current.toString().strip();
                current.setLength(0);
                if (!instruction.isEmpty()) {
                    instructions.add(instruction.split("\\s+", 2));
                }
            }
            return new Dockerfile(comments, instructions);
        }

        List<String> all(String keyword) {
            return instructions.stream().filter(instruction -> instruction[0].equals(keyword))
                    .map(instruction -> instruction.length > 1 ? instruction[1] : "").toList();
        }

        String only(String keyword) {
            List<String> all = all(keyword);
            assertEquals(1, all.size(), "one " + keyword + " expected, found " + all);
            return all.get(0);
        }

        List<String> entrypoint() throws IOException {
            return Arrays.asList(new ObjectMapper().readValue(only("ENTRYPOINT"), String[].class));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"platform-api", "dashboard"})
    void eachServiceIsAFastJarOnAPinnedJreRunAsTheUserItsPodsExpect(String module) throws IOException {
        Dockerfile dockerfile = Dockerfile.read(IMAGES.resolve(module + ".Dockerfile"));
        String from = dockerfile.only("FROM");
        assertTrue(TEMURIN.matcher(from).matches(), from + " is a Temurin JRE pinned to a release and build");
        assertTrue(ManifestChecks.pinned(from), from);

        String target = module + "/target/quarkus-app/";
        List<String> copies = dockerfile.all("COPY");
        for (String part : List.of("lib/", "*.jar", "app/", "quarkus/")) {
            assertTrue(copies.stream().anyMatch(copy -> copy.startsWith(target + part + " ")),
                    "the fast-jar layout's " + part + " is copied: " + copies);
        }
        String jarCopy = copies.stream().filter(copy -> copy.startsWith(target + "*.jar ")).findFirst().orElseThrow();
        String appDir = jarCopy.split("\\s+")[1];
        List<String> entrypoint = dockerfile.entrypoint();
        assertEquals(List.of("-jar", appDir + "quarkus-run.jar"), entrypoint.subList(entrypoint.size() - 2, entrypoint.size()));
        assertEquals("java", entrypoint.getFirst());

        Deployment deployment = KubernetesManifestsTest.overlay("single").deployment("padic-" + module).orElseThrow();
        String user = dockerfile.only("USER").split(":")[0];
        assertTrue(user.matches("[1-9]\\d*"), "a numeric, non-root USER lets runAsNonRoot verify it: " + user);
        assertEquals(Long.parseLong(user), deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser());

        ServiceConfig service = KubernetesManifestsTest.SERVICES.get("padic-" + module);
        List<String> exposed = Arrays.asList(dockerfile.only("EXPOSE").split("\\s+"));
        assertTrue(exposed.contains(String.valueOf(service.httpPort())), "EXPOSE " + exposed + " has the HTTP port");

        String built = dockerfile.comments().stream().map(BUILD_TAG::matcher).filter(Matcher::find)
                .map(matcher -> matcher.group(1)).findFirst().orElse(null);
        assertNotNull(built, "the Dockerfile says how to build it (docker build ... -t IMAGE .)");
        assertEquals(built, deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage(),
                "the Deployment runs the image the Dockerfile's build command makes");
        assertTrue(built.endsWith(":" + projectVersion().replace("-SNAPSHOT", "")), built + " carries the project's version");
    }

    /**
     * platform-api's image starts the JVM with exactly the flags the launcher gives it ({@link JitFlags#candidate} for
     * the image's JRE and the jars it copies), and its build runs the launcher's probe with them. The compiler jars are
     * the parent pom's graalvm.version, not newer than the JRE (compiler 25.0.4 refuses JDK 25.0.3).
     */
    @Test
    void platformApiRunsTheJitAsTheLauncherDoes(@TempDir Path jars) throws IOException {
        Dockerfile dockerfile = Dockerfile.read(IMAGES.resolve("platform-api.Dockerfile"));
        Matcher temurin = TEMURIN.matcher(dockerfile.only("FROM"));
        assertTrue(temurin.matches());
        Runtime.Version jre = Runtime.Version.parse(temurin.group(1) + "+" + temurin.group(2));
        String graal = graalVersion();
        assertTrue(Runtime.Version.parse(graal).compareToIgnoreOptional(jre) <= 0,
                "compiler " + graal + " is not newer than the JRE " + jre);

        String jitDir = null;
        for (String copy : dockerfile.all("COPY")) {
            List<String> parts = Arrays.asList(copy.split("\\s+"));
            if (parts.getFirst().startsWith("deploy/launcher/target/jit/")) {
                jitDir = parts.getLast();
                for (String source : parts.subList(0, parts.size() - 1)) {
                    String jar = source.substring(source.lastIndexOf('/') + 1);
                    assertTrue(jar.endsWith("-" + graal + ".jar"), jar + " is of graalvm.version " + graal);
                    Files.createFile(jars.resolve(jar));
                }
            }
        }
        assertNotNull(jitDir, "the compiler jars are copied from deploy/launcher/target/jit");
        JitFlags.Outcome outcome = JitFlags.candidate(jre, jars);
        assertTrue(outcome.jit(), "the launcher would not enable the JIT with these jars: " + outcome.whyNot());
        String imageJitDir = jitDir.endsWith("/") ? jitDir.substring(0, jitDir.length() - 1) : jitDir;
        List<String> expected = outcome.flags().stream()
                .map(flag -> flag.replace(jars.toAbsolutePath().toString(), imageJitDir)).toList();

        List<String> entrypoint = dockerfile.entrypoint();
        List<String> flags = entrypoint.subList(1, entrypoint.size() - 2).stream()
                .filter(flag -> !flag.startsWith("-D")).toList();
        assertEquals(expected, flags, "the image's JVM flags are the launcher's");

        String probe = dockerfile.all("RUN").stream().filter(run -> run.contains("-XX:+EagerJVMCI")).findFirst()
                .orElseThrow(() -> new AssertionError("the build runs the launcher's JIT probe"));
        List<String> probeArgs = Arrays.asList(probe.split("\\s+"));
        assertTrue(probeArgs.containsAll(expected) && probeArgs.contains("-XX:+UseJVMCICompiler"),
                "the probe starts the JRE with the same flags and Graal as its compiler: " + probe);
    }

    private static String graalVersion() throws IOException {
        Matcher version = Pattern.compile("<graalvm.version>([^<]+)</graalvm.version>")
                .matcher(Files.readString(KubernetesManifestsTest.ROOT.resolve("pom.xml")));
        assertTrue(version.find(), "the parent pom names graalvm.version");
        return version.group(1);
    }

    private static String projectVersion() throws IOException {
        Matcher version = Pattern.compile("<artifactId>padic-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(KubernetesManifestsTest.ROOT.resolve("pom.xml")));
        assertTrue(version.find(), "the parent pom names its version");
        return version.group(1);
    }
}
