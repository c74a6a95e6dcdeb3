package io.padic.bench;

import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * picocli, set up the same way for the load tool and every benchmark: each keeps its options as annotated
 * fields and its help text as a constant it prints for {@code --help}.
 */
public final class Arguments {

    private Arguments() {
    }

    /**
     * Fills {@code flags} (an object with picocli {@code @Option} fields) from {@code args}; a mistake becomes an
     * {@link IllegalArgumentException} with picocli's message. Enum values are case-insensitive; an
     * {@code @file} argument is taken as it is.
     */
    public static <T> T parse(T flags, List<String> args) {
        try {
            new CommandLine(flags).setExpandAtFiles(false).setCaseInsensitiveEnumValuesAllowed(true)
                    .parseArgs(args.toArray(String[]::new));
            return flags;
        } catch (ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * What {@code parser} parses; on a mistake ({@link IllegalArgumentException}) prints {@code "<tool>: <message>"}
     * and the usage to stderr and exits with 2, as every command line of bench answers one.
     */
    public static <T> T parseOrExit(Supplier<T> parser, String tool, String usage) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            System.err.println(tool + ": " + e.getMessage() + "\n\n" + usage);
            System.exit(2);
            throw e; // not reached
        }
    }
}
