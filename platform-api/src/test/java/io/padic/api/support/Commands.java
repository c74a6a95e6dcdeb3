package io.padic.api.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an outside program (npx, tsc, node) in a folder, as a user would in a terminal, for at most 5 minutes. */
public final class Commands {

    /** The exit status (-1 when it timed out) and what it printed, standard error included. */
    public record Result(int exit, String output) {
    }

    private Commands() {
    }

    public static Result run(Path dir, List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return new Result(-1, output + "\n(timed out)");
        }
        return new Result(process.exitValue(), output);
    }
}
