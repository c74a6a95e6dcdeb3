package io.padic.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.padic.embedded.FreePorts;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's walkthrough, pasted into bash after {@code ./padic up} the way a new user would: every
 * {@code # =>} line of its {@code ```bash} blocks must match what the commands print, so the README fails
 * this test as soon as its commands or its promised outputs stop being true.
 */
class ReadmeWalkthroughIT {

    private static final Path REPO_ROOT = Path.of(System.getProperty("padic.repo.root", "../.."))
            .toAbsolutePath().normalize();
    private static final Path LOGS = Path.of(System.getProperty("padic.it.logs", "target/it-logs"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String API_LINE = "API=${API:-http://127.0.0.1:8080}";

    @Test
    void walkthroughPrintsWhatTheReadmeSays(@TempDir Path tmp) throws Exception {
        requireOnPath("jq", "the README walkthrough captures the token, project id and key with jq");
        requireOnPath("curl", "the README walkthrough talks to the API with curl");
        assertTrue(Files.isRegularFile(REPO_ROOT.resolve("platform-api/target/quarkus-app/quarkus-run.jar")),
                "platform-api must be packaged before this test (./mvnw -B -pl platform-api -am install -DskipTests)");
        assertTrue(Files.isRegularFile(REPO_ROOT.resolve("deploy/launcher/target/padic-launcher.jar")),
                "the launcher must be packaged before this test (the package phase of deploy/launcher)");

        Walkthrough walkthrough = Walkthrough.from(Files.readString(REPO_ROOT.resolve("README.md")));
        assertTrue(walkthrough.script().contains(API_LINE),
                "the walkthrough must set " + API_LINE + " so it can be pointed at any PAdic");
        assertTrue(walkthrough.expected().size() >= 10,
                "the walkthrough shows too few outputs to check: " + walkthrough.expected());

        int port = FreePorts.find();
        Process padic = startPadic(tmp.resolve("data"), port);
        List<ProcessHandle> children = new ArrayList<>();
        try {
            awaitReady(padic, port);
            children.addAll(padic.descendants().toList());
            Path script = Files.writeString(tmp.resolve("walkthrough.sh"), walkthrough.script());
            Run run = runBash(script, "http://127.0.0.1:" + port, tmp);
            assertEquals(0, run.exitCode(), "the walkthrough failed under bash -euo pipefail\n" + run);
            assertEquals("", run.stderr(), "the walkthrough wrote to stderr\n" + run);
            walkthrough.check(run.stdoutLines());
            stop(padic, children);
        } finally {
            // After a failure: nothing of this run may outlive the build.
            padic.descendants().forEach(ProcessHandle::destroyForcibly);
            children.forEach(ProcessHandle::destroyForcibly);
            padic.destroyForcibly();
        }
    }

    /** The {@code ```bash} blocks of the README's Walkthrough section, and the {@code # =>} lines in them. */
    record Walkthrough(String script, List<String> expected) {

        private static final String EXPECT = "# => ";

        static Walkthrough from(String readme) {
            List<String> lines = readme.lines().toList();
            int start = lines.indexOf("## Walkthrough");
            assertTrue(start >= 0, "README.md has no '## Walkthrough' section");
            StringBuilder script = new StringBuilder();
            List<String> expected = new ArrayList<>();
            boolean inBash = false;
            for (String line : lines.subList(start + 1, lines.size())) {
                if (!inBash && line.startsWith("## ")) {
                    break;
                }
                if (!inBash && line.strip().equals("```bash")) {
                    inBash = true;
                } else if (inBash && line.strip().equals("```")) {
                    inBash = false;
                } else if (inBash) {
                    script.append(line).append('\n');
                    if (line.strip().startsWith(EXPECT)) {
                        expected.add(line.strip().substring(EXPECT.length()));
                    }
                }
            }
            assertFalse(inBash, "a ```bash block of the Walkthrough is not closed");
            assertTrue(script.length() > 0, "the Walkthrough section holds no ```bash block");
            return new Walkthrough(script.toString(), List.copyOf(expected));
        }

        /** Line i of the output must match the i-th {@code # =>} line, where {@code …} stands for anything. */
        void check(List<String> actual) {
            List<String> mismatches = new ArrayList<>();
            for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
                String want = i < expected.size() ? expected.get(i) : "(nothing)";
                String got = i < actual.size() ? actual.get(i) : "(nothing)";
                if (i >= expected.size() || i >= actual.size() || !pattern(want).matcher(got).matches()) {
                    mismatches.add("output line " + (i + 1) + "\n  README: " + want + "\n  actual: " + got);
                }
            }
            if (!mismatches.isEmpty()) {
                fail("the walkthrough printed something other than the README says:\n"
                        + String.join("\n", mismatches) + "\nfull output:\n" + String.join("\n", actual));
            }
        }

        private static Pattern pattern(String expected) {
            return Pattern.compile(Pattern.quote(expected).replace("…", "\\E.*\\Q"));
        }
    }

    private record Run(int exitCode, String stdout, String stderr) {

        List<String> stdoutLines() {
            return stdout.lines().toList();
        }

        @Override
        public String toString() {
            return "exit code " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }

    private static void requireOnPath(String tool, String why) {
        String path = System.getenv().getOrDefault("PATH", "");
        boolean found = Pattern.compile(Pattern.quote(File.pathSeparator)).splitAsStream(path)
                .filter(dir -> !dir.isBlank())
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
        if (!found) {
            fail(tool + " is not on PATH, and " + why + ". Install it (for example `apt-get install " + tool
                    + "` or `brew install " + tool + "`) and run the test again.");
        }
    }

    /** {@code ./padic up} from the repository root, as the README's Run section says, on its own data and port. */
    private static Process startPadic(Path dataDir, int port) throws IOException {
        Files.createDirectories(LOGS);
        ProcessBuilder builder = new ProcessBuilder(REPO_ROOT.resolve("padic").toString(), "up",
                "--data", dataDir.toString(), "--api-port", Integer.toString(port),
                "--management-port", Integer.toString(FreePorts.find()))
                .directory(REPO_ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(LOGS.resolve("readme-walkthrough-padic.log").toFile());
        builder.environment().remove(BackingServices.MONGODB_URI);
        builder.environment().remove(BackingServices.REDIS_URL);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder.start();
    }

    private static void awaitReady(Process padic, int port) {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> !padic.isAlive() || answers200(client, health));
        }
        if (!padic.isAlive()) {
            fail("./padic up ended with code " + padic.exitValue() + " before it was ready; see "
                    + LOGS.resolve("readme-walkthrough-padic.log"));
        }
    }

    private static boolean answers200(HttpClient client, HttpRequest request) throws InterruptedException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code bash -euo pipefail script} with API pointing at the running PAdic; output kept in the logs. */
    private static Run runBash(Path script, String api, Path workDir) throws IOException, InterruptedException {
        Path stdout = LOGS.resolve("readme-walkthrough.stdout");
        Path stderr = LOGS.resolve("readme-walkthrough.stderr");
        ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", script.toString())
                .directory(workDir.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().put("API", api);
        Process bash = builder.start();
        if (!bash.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            bash.destroyForcibly().waitFor();
            fail("the walkthrough did not finish within " + SCRIPT_TIMEOUT.toSeconds() + " s; output so far:\n"
                    + Files.readString(stdout) + Files.readString(stderr));
        }
        return new Run(bash.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }

    /** SIGTERM, as Ctrl-C would send: the launcher and everything it started must be gone in time. */
    private static void stop(Process padic, List<ProcessHandle> children) {
        padic.destroy();
        await().atMost(STOP_TIMEOUT).until(() -> !padic.isAlive()
                && children.stream().noneMatch(ProcessHandle::isAlive));
    }
}
