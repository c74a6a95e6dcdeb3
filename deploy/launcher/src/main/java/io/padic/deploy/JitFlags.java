package io.padic.deploy;

import java.util.List;

/**
 * Extra JVM arguments for the platform-api child process, so reducers run on the GraalVM compiler
 * instead of the interpreter (about 5× faster folds, see FACTS.md).
 */
final class JitFlags {

    private JitFlags() {
    }

    /**
     * The arguments to put before {@code -jar}. None yet: the compiler jars on
     * {@code --upgrade-module-path} with {@code -XX:+EnableJVMCI} come with the sandbox's JIT issue.
     */
    static List<String> forApi() {
        return List.of();
    }
}
