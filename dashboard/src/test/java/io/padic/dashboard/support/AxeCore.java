package io.padic.dashboard.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * axe-core's script, from npm at the version pinned in {@code src/test/axe/package-lock.json}. The first run
 * installs it there ({@code npm ci}, needs npm: .ci/run installs it); later runs read node_modules.
 */
public final class AxeCore {

    private AxeCore() {
    }

    public static String script() {
        Path dir = Path.of(System.getProperty("padic.axe.dir", "src/test/axe"));
        Path script = dir.resolve("node_modules/axe-core/axe.min.js");
        try {
            if (!Files.exists(script)) {
                Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                        .directory(dir.toFile())
                        // Not the test JVM's streams: they are surefire's channel to its fork, and node makes an
                        // inherited stdin non-blocking ("std/in stream corrupted"). npm's output goes to a log.
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(new java.io.File("target/npm-axe.log")))
                        .start();
                if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                    throw new IllegalStateException("npm ci in " + dir + " failed: axe-core is not installed");
                }
            }
            return Files.readString(script);
        } catch (IOException e) {
            throw new IllegalStateException("axe-core could not be read from " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing axe-core", e);
        }
    }
}
