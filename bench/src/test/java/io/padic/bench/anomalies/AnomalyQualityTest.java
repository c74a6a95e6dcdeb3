package io.padic.bench.anomalies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.bench.Arguments;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A short run of the anomaly quality tool prints one row per interval and level, the same at every rerun. */
class AnomalyQualityTest {

    private static String run(String... args) {
        AnomalyQuality.Flags flags = Arguments.parse(new AnomalyQuality.Flags(), List.of(args));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        AnomalyQuality.print(new PrintStream(printed, true, StandardCharsets.UTF_8), flags, flags.settings(),
                AnomalyQuality.run(flags, flags.settings()));
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRunWithTheSameSeedPrintsTheSameFigures() {
        String first = run("--seed", "3", "--series", "2", "--levels", "20,1000");
        String again = run("--seed", "3", "--series", "2", "--levels", "20,1000");

        assertEquals(first, again);
        assertTrue(first.contains("| hour | 20 | 2 + 0 | 0 | – |"), first);
        assertTrue(first.contains("| hour | 1,000 | 2 + 2 | 6 |"), first);
        assertTrue(first.contains("| day | 1,000 | 2 + 2 | 6 |"), first);
    }

    @Test
    void settingsCanBeOverriddenOneByOne() {
        AnomalyQuality.Flags flags = Arguments.parse(new AnomalyQuality.Flags(), List.of("--threshold", "5",
                "--max-weeks", "6"));

        assertEquals(5, flags.settings().threshold());
        assertEquals(6, flags.settings().maxWeeks());
        assertEquals(io.padic.api.analytics.anomalies.AnomalySettings.defaults().minChange(),
                flags.settings().minChange());
    }
}
